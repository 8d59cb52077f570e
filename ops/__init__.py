"""Operations around the domain: backup and restore, data export, demo data. Uses every domain
app; no domain app uses it."""
