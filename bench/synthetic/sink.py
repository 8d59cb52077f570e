"""Writing rows: `Sink` (COPY on PostgreSQL, bulk_create elsewhere) and `_at`."""

from datetime import datetime

from django.db import connection, models
from django.db.models import Max

from .options import TZ

# --- writing rows --------------------------------------------------------------------------


class Sink:
    """Inserts rows given as tuples, with identifiers chosen here (so history rows can point
    at statuses before either is written). PostgreSQL: COPY, identifiers from the table's
    sequence. Other databases: bulk_create, identifiers after the largest one."""

    def __init__(self, batch_size: int = 5000):
        self.copy = connection.vendor == "postgresql"
        self.batch_size = batch_size
        self._next: dict[type, int] = {}

    def ids(self, model: type[models.Model], n: int) -> list[int]:
        if n == 0:
            return []
        if self.copy:
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, model._meta.pk.column, n],
                )
                return [row[0] for row in cursor.fetchall()]
        if model not in self._next:
            self._next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start = self._next[model]
        self._next[model] = start + n
        return list(range(start, start + n))

    def write(self, model: type[models.Model], names: list[str], rows: list[tuple]) -> int:
        """`names` are attribute names (assessment_id, not assessment)."""
        if not rows:
            return 0
        if self.copy:
            columns = {f.attname: f.column for f in model._meta.concrete_fields}
            # COPY leaves unnamed columns to the database's defaults, and Django's defaults
            # (`default=`, "" for a blank text field) live in Python only: name every other
            # column with its model default, as bulk_create would (a column added later then
            # needs no change here)
            defaults = {
                f.attname: f.get_default()
                for f in model._meta.concrete_fields
                if f.attname not in names and not f.primary_key
            }
            names = [*names, *defaults]
            rows = [(*row, *defaults.values()) for row in rows]
            quote = connection.ops.quote_name
            sql = (
                f"COPY {quote(model._meta.db_table)} "
                f"({', '.join(quote(columns[n]) for n in names)}) FROM STDIN"
            )
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            model.objects.bulk_create(
                (model(**dict(zip(names, row, strict=True))) for row in rows),
                batch_size=self.batch_size,
            )
        return len(rows)


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=TZ)
