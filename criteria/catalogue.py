"""The national criteria catalogue: YAML files in fixtures/criteria/ loaded into the database.

`catalogue_load()` is idempotent. Every row is keyed on its natural key (framework key,
criterion number, indicator code, threshold category and year) and written only when a value
differs, so a second run reports nothing created, updated or deleted. It never touches
provincial thresholds, assessments or statuses. An indicator or criterion that left a file
is deleted only when nothing refers to it; otherwise it is kept and reported as obsolete.

A null threshold in a file means "unknown, the official judges"; it never becomes a row.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.db import models, router, transaction

from common.numbers import number_vi

from .models import (
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    Indicator,
    Origin,
    Threshold,
)

MODELS = [Framework, FrameworkCategory, CriterionGroup, Criterion, Indicator, Threshold]

COMMON = "common"
BY_YEAR = "by_year"
# "như tdmnpb": a cell that repeats another column of the same indicator.
REFERENCE = re.compile(r"như\s+([a-z0-9_]+)", re.IGNORECASE)
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Labels for the parts of a compound cell, e.g. 1980 17.1 {hop_ve_sinh: 95, trong_do_nuoc_sach: 65}.
PART_LABELS = {"hop_ve_sinh": "hợp vệ sinh", "trong_do_nuoc_sach": "trong đó nước sạch"}
SYMBOLS = {">=": "≥", "<=": "≤", "==": "="}


class CatalogueError(Exception):
    """A catalogue directory or file that cannot be loaded. The message is for the operator."""


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __add__(self, other: "ModelCounts") -> "ModelCounts":
        return ModelCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.deleted + other.deleted,
        )

    def describe(self) -> str:
        return (
            f"tạo mới {self.created}, cập nhật {self.updated}, "
            f"giữ nguyên {self.unchanged}, xóa {self.deleted}"
        )


@dataclass
class LoadReport:
    directory: Path
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: {model: ModelCounts() for model in MODELS})
    # one line per framework: "xa_ntm_2021_2025 – Xã NTM 2021–2025 (318/QĐ-TTg): 19 tiêu chí, …"
    frameworks: list[str] = field(default_factory=list)
    # framework key -> indicator codes whose national bar (or part of it) is null in the file
    missing_thresholds: dict[str, list[str]] = field(default_factory=dict)
    # rows gone from a file but still referenced, so kept
    obsolete: list[str] = field(default_factory=list)
    # what an update changed: "chỉ tiêu xa_ntm_2016_2020/5: name"
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # rows authored or corrected in the app (Origin.APP): never overwritten nor deleted
    left_alone: list[str] = field(default_factory=list)

    @property
    def total(self) -> ModelCounts:
        total = ModelCounts()
        for counts in self.counts.values():
            total = total + counts
        return total

    @property
    def changed(self) -> bool:
        total = self.total
        return bool(total.created or total.updated or total.deleted)

    def lines(self) -> list[str]:
        out = [f"Danh mục tiêu chí từ {self.directory}:"]
        out += [f"  {line}" for line in self.frameworks]
        for model, counts in self.counts.items():
            out.append(f"{_label(model)}: {counts.describe()}")
        out.append(f"Tổng: {self.total.describe()}")
        if self.missing_thresholds:
            out.append("Chỉ tiêu chưa có ngưỡng quốc gia (null – cán bộ nhập hoặc đánh giá):")
            for key, codes in self.missing_thresholds.items():
                out.append(f"  {key}: {', '.join(codes)}")
        if self.obsolete:
            out.append("Không còn trong tệp nhưng vẫn được dùng, nên giữ lại:")
            out += [f"  {line}" for line in self.obsolete]
        if self.changes:
            out.append("Đã cập nhật:")
            out += [f"  {line}" for line in self.changes]
        if self.left_alone:
            out.append(
                "Để nguyên (nhập hoặc sửa trong ứng dụng, lệnh này không ghi đè, không xóa):"
            )
            out += [f"  {line}" for line in self.left_alone]
        out += [f"Cảnh báo: {line}" for line in self.warnings]
        if self.dry_run:
            out.append("Chạy thử (--dry-run): mọi thay đổi đã được hoàn tác, CSDL không đổi.")
        return out


def catalogue_load(*, directory: Path, dry_run: bool = False) -> LoadReport:
    """Load every *.yaml in `directory`; with dry_run, report what would change and roll back."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CatalogueError(f"Không tìm thấy thư mục danh mục tiêu chí: {directory}")
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise CatalogueError(f"Thư mục {directory} không có tệp *.yaml nào.")
    documents = [_read(path) for path in paths]  # every file parses before anything is written
    seen: dict[str, str] = {}
    for path, doc in documents:
        key = doc["framework"]["key"]
        if key in seen:
            raise CatalogueError(f"{path.name}: bộ tiêu chí '{key}' đã có trong {seen[key]}.")
        seen[key] = path.name

    report = LoadReport(directory=directory, dry_run=dry_run)
    with transaction.atomic():
        for path, doc in documents:
            _FileLoader(path, doc, report).load()
        for framework in Framework.objects.exclude(key__in=list(seen)).order_by("key"):
            where = f", tỉnh {framework.province}" if framework.province_id else ""
            report.left_alone.append(
                f"bộ tiêu chí {framework.key} – {framework} ({framework.get_state_display()}"
                f"{where}): không có trong tệp danh mục"
            )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _read(path: Path) -> tuple[Path, dict]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: lỗi cú pháp YAML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path.name}: không đọc được tệp: {exc}") from exc
    if not isinstance(doc, dict):
        raise CatalogueError(f"{path.name}: tệp phải là một bảng (mapping) YAML.")
    framework = _require(doc, "framework", path, "gốc tệp")
    for key in ("key", "level", "name_vi", "period"):
        _require(framework, key, path, "framework")
    if not isinstance(doc.get("criteria"), list):
        raise CatalogueError(f"{path.name}: thiếu danh sách 'criteria'.")
    return path, doc


def _require(mapping, key: str, path: Path, where: str):
    if not isinstance(mapping, dict) or mapping.get(key) in (None, ""):
        raise CatalogueError(f"{path.name}: thiếu khóa '{key}' trong {where}.")
    return mapping[key]


def _label(model) -> str:
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def _date(value, path: Path) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CatalogueError(f"{path.name}: ngày không hợp lệ '{value}' (cần YYYY-MM-DD).") from exc


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _sources(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _differing_fields(obj: models.Model, values: dict) -> list[str]:
    """Names of the fields whose stored value differs from `values`."""
    differ = []
    for name, new in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            current = getattr(obj, model_field.attname)
            new = new.pk if new is not None else None
        else:
            current = getattr(obj, name)
        if current != new:
            differ.append(name)
    return differ


class _FileLoader:
    """Writes one file's framework. Runs inside catalogue_load's transaction."""

    def __init__(self, path: Path, doc: dict, report: LoadReport):
        self.path = path
        self.doc = doc
        self.report = report
        self.meta = doc["framework"]
        self.key = self.meta["key"]

    def error(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.path.name}: {message}")

    # -- writing one row ----------------------------------------------------------------

    def save(self, model, existing, lookup: dict, values: dict, what: str):
        """update_or_create on the natural key, skipped when nothing differs."""
        counts = self.report.counts[model]
        if existing is not None and existing.origin == Origin.APP:
            differ = _differing_fields(existing, values)
            if differ:
                self.report.left_alone.append(
                    f"{model._meta.verbose_name} {what}: tệp khác ở {', '.join(differ)}"
                )
            counts.unchanged += 1
            return existing
        if existing is not None:
            differ = _differing_fields(existing, values)
            if not differ:
                counts.unchanged += 1
                return existing
            self.report.changes.append(f"{model._meta.verbose_name} {what}: {', '.join(differ)}")
        obj, created = model.objects.update_or_create(**lookup, defaults=values)
        if created:
            counts.created += 1
        else:
            counts.updated += 1
        return obj

    def delete(self, obj: models.Model) -> None:
        _, per_model = obj.delete()
        for label, n in per_model.items():
            model = apps.get_model(label)
            if model in self.report.counts:
                self.report.counts[model].deleted += n

    def delete_or_keep(self, obj: models.Model, what: str) -> None:
        """Delete a row that left the file, unless something outside the catalogue uses it or
        it was authored in the app."""
        if obj.origin == Origin.APP:
            self.report.left_alone.append(f"{self.key}/{what}: nhập trong ứng dụng")
            return
        users = _referenced_by(obj)
        if users:
            self.report.obsolete.append(f"{self.key}/{what} (được dùng bởi: {', '.join(users)})")
        else:
            self.delete(obj)

    # -- the file -----------------------------------------------------------------------

    def load(self) -> None:
        framework = self.load_framework()
        categories = self.load_categories(framework)
        groups = self.load_groups(framework)
        criteria = self.load_criteria(framework, groups)
        indicator_count, threshold_count = self.load_indicators(framework, criteria, categories)
        for group in CriterionGroup.objects.filter(
            framework=framework, origin=Origin.CATALOGUE
        ).exclude(code__in=list(groups)):
            self.delete(group)
        empty = sum(1 for c in self.doc["criteria"] if not c.get("indicators"))
        line = (
            f"{self.key} – {framework.short_name}: {len(criteria)} tiêu chí, "
            f"{indicator_count} chỉ tiêu, {threshold_count} ngưỡng quốc gia"
        )
        if empty:
            line += f" ({empty} tiêu chí chưa có chỉ tiêu)"
        self.report.frameworks.append(line)

    def load_framework(self) -> Framework:
        meta = self.meta
        level = meta["level"]
        levels = [value for value, _label in Framework.set_level_choices()]
        if level not in levels:
            raise self.error(f"cấp '{level}' không hợp lệ (cần một trong {levels}).")
        period = meta["period"]
        start, end = _require(period, "start", self.path, "period"), period.get("end")
        decision = meta.get("decision") or {}
        number = _text(decision.get("number"))
        if meta.get("regions"):
            kind = Framework.CategoryKind.REGION
        elif meta.get("commune_groups"):
            kind = Framework.CategoryKind.GROUP
        else:
            kind = Framework.CategoryKind.NONE
        short = _text(meta.get("short_name_vi")) or (
            f"{Framework.Level(level).label} {start}–{end}" + (f" ({number})" if number else "")
        )
        values = {
            "name": _text(meta["name_vi"]),
            "short_name": short,
            "level": level,
            "unit_kind": (
                Framework.UnitKind.DISTRICT
                if level == Framework.Level.HUYEN_NTM
                else Framework.UnitKind.COMMUNE
            ),
            "decision_number": number,
            "decision_date": _date(decision.get("date"), self.path),
            "decision_body": _text(decision.get("issuer")),
            "effective_date": _date(decision.get("effective"), self.path),
            "period_start": int(start),
            "period_end": int(end if end is not None else start),
            "category_kind": kind,
            "notes": self.framework_notes(),
            "sources": _sources(decision.get("source")),
        }
        existing = Framework.objects.filter(key=self.key).first()
        return self.save(Framework, existing, {"key": self.key}, values, self.key)

    def framework_notes(self) -> str:
        """The framework-level prose an official needs, gathered from the file's notes."""
        meta, paragraphs = self.meta, []
        if meta.get("notes"):
            paragraphs.append(_text(meta["notes"]))
        if meta.get("historical"):
            paragraphs.append(_text(meta["historical"]))
        for rule in meta.get("special_rules") or []:
            if isinstance(rule, dict) and rule.get("rule"):
                paragraphs.append(f"Quy định đặc thù: {_text(rule['rule'])}")
        if meta.get("pass_rule"):
            paragraphs.append(f"Điều kiện đạt chuẩn: {_text(meta['pass_rule'])}")
        for amendment in meta.get("amendments") or []:
            if isinstance(amendment, dict) and amendment.get("captured") is False:
                when = _date(amendment.get("date"), self.path)
                paragraphs.append(
                    f"Sửa đổi bởi {_text(amendment.get('number'))}"
                    + (f" ngày {when:%d/%m/%Y}" if when else "")
                    + ": chưa cập nhật vào danh mục này."
                )
        conditions = self.doc.get("conditions") or []
        if conditions:
            items = "; ".join(
                f"{_text(c.get('code'))} {_text(c.get('text_vi'))}"
                for c in conditions
                if isinstance(c, dict)
            )
            paragraphs.append(f"Điều kiện công nhận: {items}")
        note = meta.get("group_note") or self.doc.get("groups_note")
        if note:
            paragraphs.append(f"Nhóm tiêu chí: {_text(note)}")
        return "\n\n".join(paragraphs)

    def load_categories(self, framework: Framework) -> set[str]:
        rows = []
        for region in self.meta.get("regions") or []:
            rows.append((region, _text(region.get("name_vi")), ""))
        for group in self.meta.get("commune_groups") or []:
            rows.append((group, _text(group.get("name_vi")), _text(group.get("definition_vi"))))
        existing = {c.key: c for c in FrameworkCategory.objects.filter(framework=framework)}
        keys = set()
        for order, (row, name, description) in enumerate(rows, start=1):
            key = _require(row, "key", self.path, "regions/commune_groups")
            keys.add(key)
            values = {"name": name or key, "description": description, "order": order}
            self.save(
                FrameworkCategory,
                existing.get(key),
                {"framework": framework, "key": key},
                values,
                f"{self.key}/{key}",
            )
        for key, category in existing.items():
            if key not in keys and category.origin == Origin.CATALOGUE:
                self.delete(category)
        return keys

    def load_groups(self, framework: Framework) -> dict[str, CriterionGroup]:
        existing = {g.code: g for g in CriterionGroup.objects.filter(framework=framework)}
        groups = {}
        for order, row in enumerate(self.doc.get("groups") or [], start=1):
            code = str(_require(row, "code", self.path, "groups"))
            values = {"name": _text(row.get("name_vi")), "order": order}
            groups[code] = self.save(
                CriterionGroup,
                existing.get(code),
                {"framework": framework, "code": code},
                values,
                f"{self.key}/{code}",
            )
        return groups

    def group_of(self, row: dict, groups: dict[str, CriterionGroup]) -> CriterionGroup | None:
        number = row["number"]
        code = row.get("group")
        if code is None:  # fall back to the groups' own criterion lists
            for group_row in self.doc.get("groups") or []:
                if number in (group_row.get("criteria") or []):
                    code = group_row["code"]
        if code is None:
            return None
        if str(code) not in groups:
            raise self.error(f"tiêu chí {number} thuộc nhóm '{code}' không có trong 'groups'.")
        return groups[str(code)]

    def load_criteria(self, framework: Framework, groups) -> dict[int, Criterion]:
        existing = {c.number: c for c in Criterion.objects.filter(framework=framework)}
        criteria = {}
        for row in self.doc["criteria"]:
            number = _require(row, "number", self.path, "criteria")
            try:
                number = int(number)
            except (TypeError, ValueError) as exc:
                raise self.error(f"số tiêu chí không hợp lệ: {number!r}.") from exc
            if number in criteria:
                raise self.error(f"tiêu chí số {number} xuất hiện hai lần.")
            row = {**row, "number": number}
            values = {
                "name": _text(_require(row, "name_vi", self.path, f"tiêu chí {number}")),
                "group": self.group_of(row, groups),
                "verified": bool(row.get("verified")),
                "notes": _text(row.get("notes")),
                "sources": _sources(row.get("source")),
            }
            criteria[number] = self.save(
                Criterion,
                existing.get(number),
                {"framework": framework, "number": number},
                values,
                f"{self.key}/{number}",
            )
        return criteria

    def load_indicators(self, framework, criteria, categories) -> tuple[int, int]:
        existing = {i.code: i for i in Indicator.objects.filter(framework=framework)}
        national: dict[tuple, Threshold] = {}
        for t in Threshold.objects.filter(indicator__framework=framework, province__isnull=True):
            key = (t.indicator_id, t.category, t.year)
            if key in national:  # a duplicate national row: keep one, drop the rest
                self.delete(t)
            else:
                national[key] = t

        codes, threshold_count, order = set(), 0, 0
        for criterion_row in self.doc["criteria"]:
            criterion = criteria[int(criterion_row["number"])]
            for row in criterion_row.get("indicators") or []:
                order += 1
                code = str(_require(row, "code", self.path, f"tiêu chí {criterion.number}"))
                if code in codes:
                    raise self.error(f"mã chỉ tiêu {code} xuất hiện hai lần.")
                codes.add(code)
                indicator = self.save(
                    Indicator,
                    existing.get(code),
                    {"framework": framework, "code": code},
                    self.indicator_values(row, criterion, order),
                    f"{self.key}/{code}",
                )
                threshold_count += self.load_thresholds(indicator, row, categories, national)

        for code, indicator in existing.items():
            if code not in codes:
                self.delete_or_keep(indicator, f"chỉ tiêu {code}")
        numbers = set(criteria)
        for criterion in Criterion.objects.filter(framework=framework).exclude(
            number__in=list(numbers)
        ):
            self.delete_or_keep(criterion, f"tiêu chí {criterion.number}")
        return len(codes), threshold_count

    def indicator_values(self, row: dict, criterion: Criterion, order: int) -> dict:
        code = row["code"]
        kind = row.get("kind")
        if kind not in Indicator.Kind.values:
            raise self.error(f"chỉ tiêu {code}: loại '{kind}' không hợp lệ.")
        comparator = row.get("comparator") or Indicator.Comparator.GTE
        if comparator not in Indicator.Comparator.values:
            raise self.error(f"chỉ tiêu {code}: phép so sánh '{comparator}' không hợp lệ.")
        return {
            "criterion": criterion,
            "name": _text(_require(row, "name_vi", self.path, f"chỉ tiêu {code}")),
            "unit": _text(row.get("unit")),
            "kind": kind,
            "comparator": comparator,
            "order": order,
            "verified": bool(row.get("verified")),
            "confidence": _text(row.get("confidence")),
            "notes": _text(row.get("notes")),
            "guidance": _text(row.get("guidance")),
            "sources": _sources(row.get("source")),
        }

    # -- thresholds ---------------------------------------------------------------------

    def load_thresholds(self, indicator: Indicator, row: dict, categories, national) -> int:
        """Write the indicator's national rows; delete national rows no longer in the file."""
        wanted = self.threshold_cells(indicator, row.get("thresholds"), categories)
        decision = self.framework_decision()
        for (category, year), (value, text) in wanted.items():
            self.save(
                Threshold,
                national.get((indicator.pk, category, year)),
                {"indicator": indicator, "province": None, "category": category, "year": year},
                {"value": value, "text": text, "comparator": "", "unit": "", "decision": decision},
                f"{self.key}/{indicator.code} [{category or 'chung'}{f' {year}' if year else ''}]",
            )
        for (indicator_id, category, year), threshold in national.items():
            if indicator_id != indicator.pk or (category, year) in wanted:
                continue
            if threshold.origin == Origin.APP:
                self.report.left_alone.append(
                    f"ngưỡng {self.key}/{indicator.code} [{category or 'chung'}]: sửa trong ứng dụng"
                )
            else:
                self.delete(threshold)
        return len(wanted)

    def framework_decision(self) -> str:
        return _text((self.meta.get("decision") or {}).get("number"))

    def threshold_cells(self, indicator: Indicator, cells, categories) -> dict:
        """{(category, year): (value, text)} for every non-null cell of the file."""
        code = indicator.code
        wanted: dict[tuple[str, int | None], tuple[Decimal | None, str]] = {}
        missing = False
        if cells is None:
            missing = True
            cells = {}
        if not isinstance(cells, dict):
            raise self.error(f"chỉ tiêu {code}: 'thresholds' phải là một bảng.")
        for column, cell in cells.items():
            if column == BY_YEAR:
                if not isinstance(cell, dict):
                    raise self.error(f"chỉ tiêu {code}: 'by_year' phải là một bảng theo năm.")
                for year, year_cell in cell.items():
                    columns = year_cell if isinstance(year_cell, dict) else {COMMON: year_cell}
                    for year_column, value in columns.items():
                        category = self.category_key(code, year_column, categories)
                        bar = self.bar(indicator, value, columns)
                        if bar is None:
                            missing = True
                        else:
                            wanted[(category, int(year))] = bar
                continue
            category = self.category_key(code, column, categories)
            bar = self.bar(indicator, cell, cells)
            if bar is None:
                missing = True
            else:
                wanted[(category, None)] = bar
        if missing:
            self.report.missing_thresholds.setdefault(self.key, []).append(code)
        return wanted

    def category_key(self, code: str, column, categories) -> str:
        column = str(column)
        if column == COMMON:
            return ""
        if column not in categories:
            raise self.error(
                f"chỉ tiêu {code}: cột ngưỡng '{column}' không phải vùng/nhóm xã của bộ tiêu chí."
            )
        return column

    def bar(self, indicator: Indicator, cell, row_cells, depth: int = 0):
        """(value, text) for one cell, or None when the cell is unknown (null)."""
        if cell is None:
            return None
        if isinstance(cell, bool):
            raise self.error(f"chỉ tiêu {indicator.code}: ngưỡng kiểu đúng/sai chưa hỗ trợ.")
        if isinstance(cell, int | float | Decimal):
            return Decimal(str(cell)), ""
        if isinstance(cell, dict):
            return self.compound_bar(indicator, cell)
        if not isinstance(cell, str):
            raise self.error(f"chỉ tiêu {indicator.code}: ngưỡng không đọc được: {cell!r}.")
        text = cell.strip()
        if PLAIN_NUMBER.fullmatch(text):
            return Decimal(text), ""
        reference = REFERENCE.fullmatch(text)
        if reference and depth < 5:
            target = reference.group(1)
            if target in row_cells:
                return self.bar(indicator, row_cells[target], row_cells, depth + 1)
            self.report.warnings.append(
                f"{self.key}/{indicator.code}: không tìm thấy cột '{target}' để thay cho '{text}'."
            )
        if text == "Không" and indicator.kind == Indicator.Kind.BOOLEAN:
            return None, f"Không có {indicator.name[:1].lower()}{indicator.name[1:]}"
        return None, text

    def compound_bar(self, indicator: Indicator, parts: dict):
        """{hop_ve_sinh: 95, trong_do_nuoc_sach: 65} -> "Hợp vệ sinh ≥ 95 %, trong đó nước sạch ≥ 65 %"."""
        if any(value is None for value in parts.values()):
            return None
        symbol = SYMBOLS[indicator.comparator]
        unit = f" {indicator.unit}" if indicator.unit else ""
        pieces = []
        for name, value in parts.items():
            label = PART_LABELS.get(name, str(name).replace("_", " "))
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                pieces.append(f"{label} {symbol} {number_vi(Decimal(str(value)))}{unit}")
            else:
                pieces.append(f"{label}: {_text(value)}")
        text = ", ".join(pieces)
        return None, text[:1].upper() + text[1:]


def _referenced_by(obj: models.Model) -> list[str]:
    """What outside the national catalogue would be lost with `obj` (statuses, roles, …)."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    users = {str(o._meta.verbose_name) for o in collector.protected}
    for model, objs in collector.model_objs.items():
        if model in (Criterion, Indicator):
            continue
        if model is Threshold:
            if any(t.province_id is not None for t in objs):
                users.add("ngưỡng riêng của tỉnh")
            continue
        owner = model._meta.auto_created or model  # an m2m table counts as its owner model
        users.add(str(owner._meta.verbose_name))
    return sorted(users)
