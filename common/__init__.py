"""Helpers every app may use and that use no app: Vietnamese text folding, numbers and money,
years, spreadsheet cells, uploads, text bounds, form errors. Nothing here imports a project app
(the dependency contract in pyproject.toml checks it)."""
