"""A unit's own data in open formats, for the unit to keep (`manage.py export_unit`, and the
"Xuất dữ liệu" download of administrators and supervising offices).

One .zip: CSV files (UTF-8 with a byte order mark, so Excel shows Vietnamese correctly;
comma-separated, one header row) for the units, yearly assessments, indicator results with
their history, the review workflow, tasks with their parties, funding and history, plans with
their sections, bases and recipients, yearly targets and the evidence list; the evidence files
themselves under evidence/; README.txt describing every column. For a commune: that commune
(and its villages); for a district or a province: the unit and every unit below it. All years.
"""

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from common.spreadsheets import neutralise
from common.text import fold
from criteria.models import (
    Assessment,
    AssessmentEvent,
    Evidence,
    IndicatorStatus,
    StatusChange,
    UnitCategory,
)
from dossiers.models import Dossier, DossierItem
from plans.models import (
    CriterionMeasure,
    LegalDocument,
    PartyTerm,
    Plan,
    PlanBasis,
    PlanItem,
    PlanRecipient,
    PlanSection,
    RecipientList,
    Signatory,
    Target,
)
from recognition.models import Decision, Recognition, RecognitionChange
from units.models import Unit, UnitFact, User

BOM = "\ufeff"


def units_covered(unit: Unit) -> list[Unit]:
    """The unit and everything below it (by parent, or by province for a province)."""
    if unit.kind == Unit.Kind.PROVINCE:
        below = Q(province=unit)
    elif unit.kind == Unit.Kind.DISTRICT:
        below = Q(parent=unit) | Q(parent__parent=unit)
    else:
        below = Q(parent=unit)
    return list(
        Unit.objects.filter(Q(pk=unit.pk) | below)
        .select_related("parent", "province", "framework")
        .order_by("kind", "code")
    )


def _cell(value):
    """Open formats: ISO dates and times (Vietnam time), a dot for decimals, text as typed –
    except that text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 62.5, 100 (never 1E+2)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _csv(headers: list[str], rows: Iterable[Iterable]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _username(user: User | None) -> str:
    return user.username if user else ""


def _evidence_name(evidence: Evidence) -> str:
    """evidence/<commune code>/<year>/<id>-<original name, made safe>."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(evidence.original_name)).strip("-.") or "tep"
    status = evidence.status
    return (
        f"evidence/{status.assessment.commune.code}/{status.assessment.year}/"
        f"{evidence.pk}-{stem[:80]}"
    )


def write_unit_export(unit: Unit, target) -> dict[str, int]:
    """Write the zip to `target` (a path or a binary file); return rows per CSV file."""
    units = units_covered(unit)
    ids = [u.pk for u in units]
    counts: dict[str, int] = {}
    people: dict[str, User] = {}

    def seen(user):
        if user is not None:
            people[user.username] = user
        return _username(user)

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, headers: list[str], rows: list[list]) -> None:
            counts[name] = len(rows)
            archive.writestr(name, _csv(headers, rows))

        add(
            "units.csv",
            [
                "id", "code", "kind", "prefix", "name", "parent_code", "province_code",
                "region", "framework", "level_goal", "valid_from", "valid_to",
            ],
            [
                [
                    u.pk, u.code, u.kind, u.prefix, u.name, u.parent.code if u.parent else "",
                    u.province.code if u.province else "", u.region,
                    u.framework.key if u.framework else "", u.level_goal, u.valid_from,
                    u.valid_to,
                ]
                for u in units
            ],
        )  # fmt: skip

        add(
            "unit_facts.csv",
            ["unit_code", "kind", "value", "as_of", "basis", "recorded_by", "recorded_at"],
            [
                [f.unit.code, f.kind, f.value, f.as_of, f.basis, seen(f.recorded_by),
                 f.recorded_at]
                for f in UnitFact.objects.filter(unit__in=ids)
                .select_related("unit", "recorded_by")
                .order_by("unit__code", "kind", "as_of")
            ],
        )  # fmt: skip

        categories = UnitCategory.objects.filter(unit__in=ids).select_related(
            "unit", "framework", "recorded_by"
        )
        add(
            "unit_categories.csv",
            [
                "unit_code", "framework", "category", "basis", "valid_from", "valid_to",
                "recorded_by", "recorded_at",
            ],
            [
                [
                    c.unit.code, c.framework.key, c.category, c.basis, c.valid_from, c.valid_to,
                    seen(c.recorded_by), c.recorded_at,
                ]
                for c in categories.order_by("unit__code", "framework__key", "valid_from")
            ],
        )  # fmt: skip

        assessments = list(
            Assessment.objects.filter(commune__in=ids)
            .select_related("commune", "framework", "submitted_by", "verified_by")
            .order_by("commune__code", "year", "pk")
        )
        add(
            "assessments.csv",
            [
                "id", "commune_code", "commune_name", "framework", "year", "state",
                "met_count", "criteria_count", "verified_met_count", "indicator_met_count",
                "indicator_count", "verified_indicator_met_count", "submitted_at",
                "submitted_by", "verified_at", "verified_by",
            ],
            [
                [
                    a.pk, a.commune.code, str(a.commune), a.framework.key, a.year, a.state,
                    a.met_count, a.criteria_count, a.verified_met_count, a.indicator_met_count,
                    a.indicator_count, a.verified_indicator_met_count, a.submitted_at,
                    seen(a.submitted_by), a.verified_at, seen(a.verified_by),
                ]
                for a in assessments
            ],
        )  # fmt: skip

        statuses = (
            IndicatorStatus.objects.filter(assessment__commune__in=ids)
            .select_related(
                "assessment__commune", "assessment__framework", "indicator__criterion",
                "updated_by",
            )
            .order_by("assessment__commune__code", "assessment__year", "indicator__order")
        )  # fmt: skip
        add(
            "statuses.csv",
            [
                "id", "assessment_id", "commune_code", "year", "framework", "criterion_number",
                "indicator_code", "indicator_name", "status", "value", "unit", "note",
                "judged_automatically", "verified_status", "verified_value", "verified_at",
                "review_comment", "version", "updated_by", "updated_at",
            ],
            [
                [
                    s.pk, s.assessment_id, s.assessment.commune.code, s.assessment.year,
                    s.assessment.framework.key, s.indicator.criterion.number, s.indicator.code,
                    s.indicator.name, s.status, s.value, s.indicator.unit, s.note,
                    s.judged_automatically, s.verified_status, s.verified_value, s.verified_at,
                    s.review_comment, s.version, seen(s.updated_by), s.updated_at,
                ]
                for s in statuses
            ],
        )  # fmt: skip

        changes = (
            StatusChange.objects.filter(status__assessment__commune__in=ids)
            .select_related("status__assessment__commune", "status__indicator", "actor")
            .order_by("at", "pk")
        )
        add(
            "status_history.csv",
            [
                "id", "status_id", "commune_code", "year", "indicator_code", "at", "actor",
                "action", "old_status", "new_status", "old_value", "new_value", "old_note",
                "new_note", "detail",
            ],
            [
                [
                    c.pk, c.status_id, c.status.assessment.commune.code, c.status.assessment.year,
                    c.status.indicator.code, c.at, seen(c.actor), c.action, c.old_status,
                    c.new_status, c.old_value, c.new_value, c.old_note, c.new_note, c.detail,
                ]
                for c in changes
            ],
        )  # fmt: skip

        events = (
            AssessmentEvent.objects.filter(assessment__commune__in=ids)
            .select_related("assessment__commune", "actor")
            .order_by("at", "pk")
        )
        add(
            "workflow_events.csv",
            [
                "id", "assessment_id", "commune_code", "year", "at", "actor", "action",
                "old_state", "new_state", "comment", "held_on", "participants",
            ],
            [
                [
                    e.pk, e.assessment_id, e.assessment.commune.code, e.assessment.year, e.at,
                    seen(e.actor), e.action, e.old_state, e.new_state, e.comment, e.held_on,
                    e.participants,
                ]
                for e in events
            ],
        )  # fmt: skip

        tasks = list(
            Task.objects.filter(unit__in=ids)
            .select_related("unit", "criterion", "indicator", "created_by", "updated_by")
            .order_by("unit__code", "deadline", "pk")
        )
        add(
            "tasks.csv",
            [
                "id", "unit_code", "unit_name", "criterion_number", "indicator_code", "title",
                "description", "plan_year", "start_date", "deadline", "deadline_text", "status",
                "progress", "completed_on", "version", "created_by", "created_at", "updated_by",
                "updated_at",
            ],
            [
                [
                    t.pk, t.unit.code, str(t.unit), t.criterion.number if t.criterion else "",
                    t.indicator.code if t.indicator else "", t.title, t.description,
                    t.plan_year, t.start_date, t.deadline, t.deadline_text, t.status,
                    t.progress, t.completed_on, t.version, seen(t.created_by), t.created_at,
                    seen(t.updated_by), t.updated_at,
                ]
                for t in tasks
            ],
        )  # fmt: skip
        add(
            "task_parties.csv",
            ["id", "task_id", "order", "kind", "role", "name", "position", "unit_name", "user"],
            [
                [p.pk, p.task_id, p.order, p.kind, p.role, p.name, p.position, p.unit_name,
                 seen(p.user)]
                for p in ResponsibleParty.objects.filter(task__unit__in=ids)
                .select_related("user")
                .order_by("task_id", "order", "pk")
            ],
        )  # fmt: skip
        add(
            "funding_lines.csv",
            ["id", "task_id", "order", "source", "source_label", "planned_dong",
             "disbursed_dong", "note"],
            [
                [f.pk, f.task_id, f.order, f.source, f.get_source_display(), f.planned,
                 f.disbursed, f.note]
                for f in FundingLine.objects.filter(task__unit__in=ids).order_by(
                    "task_id", "order", "pk"
                )
            ],
        )  # fmt: skip
        add(
            "task_history.csv",
            ["id", "task_id", "at", "actor", "action", "detail", "changes_json"],
            [
                [c.pk, c.task_id, c.at, seen(c.actor), c.action, c.detail,
                 _json(c.changes)]
                for c in TaskChange.objects.filter(task__unit__in=ids)
                .select_related("actor")
                .order_by("at", "pk")
            ],
        )  # fmt: skip

        plans = list(
            Plan.objects.filter(unit__in=ids)
            .select_related("unit", "created_by", "issued_by")
            .order_by("unit__code", "year_start", "pk")
        )
        add(
            "plans.csv",
            [
                "id", "unit_code", "doc_type", "kind", "issuer", "status", "number", "symbol",
                "number_text", "place", "issue_date", "year_start", "year_end", "title",
                "addressee", "tier",
                "parent_body", "body_lines", "opening", "closing", "authority_lines",
                "signer_title", "signer_name", "revision_of", "version", "created_by",
                "created_at", "issued_by", "issued_at", "doc_format", "party_term_id",
            ],
            [
                [
                    p.pk, p.unit.code, p.doc_type, p.kind, p.issuer, p.status, p.number,
                    p.symbol, p.number_text(), p.place, p.issue_date, p.year_start, p.year_end,
                    p.title, p.addressee, p.tier,
                    p.parent_body, p.body_lines, p.opening, p.closing, p.authority_lines,
                    p.signer_title, p.signer_name, p.revision_of_id, p.version,
                    seen(p.created_by), p.created_at, seen(p.issued_by), p.issued_at,
                    p.doc_format, p.party_term_id,
                ]
                for p in plans
            ],
        )  # fmt: skip
        add(
            "plan_sections.csv",
            ["id", "plan_id", "order", "level", "heading", "body"],
            [
                [s.pk, s.plan_id, s.order, s.level, s.heading, s.body]
                for s in PlanSection.objects.filter(plan__unit__in=ids).order_by(
                    "plan_id", "order", "pk"
                )
            ],
        )
        add(
            "plan_bases.csv",
            ["id", "plan_id", "order", "text"],
            [
                [b.pk, b.plan_id, b.order, b.text]
                for b in PlanBasis.objects.filter(plan__unit__in=ids).order_by(
                    "plan_id", "order", "pk"
                )
            ],
        )
        add(
            "plan_recipients.csv",
            ["id", "plan_id", "order", "text"],
            [
                [r.pk, r.plan_id, r.order, r.text]
                for r in PlanRecipient.objects.filter(plan__unit__in=ids).order_by(
                    "plan_id", "order", "pk"
                )
            ],
        )

        add(
            "targets.csv",
            ["id", "unit_code", "year", "framework", "level", "criteria", "target_count",
             "deadline_text", "note", "set_by", "updated_at"],
            [
                [t.pk, t.unit.code, t.year, t.framework.key if t.framework else "", t.level,
                 ", ".join(str(c.number) for c in sorted(t.criteria.all(), key=lambda c: c.number)),
                 t.target_count, t.deadline_text, t.note, seen(t.set_by), t.updated_at]
                for t in Target.objects.filter(unit__in=ids)
                .select_related("unit", "framework", "set_by")
                .prefetch_related("criteria")
                .order_by("unit__code", "year")
            ],
        )  # fmt: skip

        add(
            "measures.csv",
            ["id", "unit_code", "year", "criterion_number", "target", "measures", "version",
             "updated_by", "updated_at"],
            [
                [m.pk, m.unit.code, m.year, m.criterion.number, m.target, m.measures,
                 m.version, seen(m.updated_by), m.updated_at]
                for m in CriterionMeasure.objects.filter(unit__in=ids)
                .select_related("unit", "criterion", "updated_by")
                .order_by("unit__code", "year", "criterion__number")
            ],
        )  # fmt: skip
        add(
            "plan_items.csv",
            ["id", "unit_code", "year", "part", "position", "heading", "text", "version",
             "updated_by", "updated_at"],
            [
                [i.pk, i.unit.code, i.year, i.part, i.position, i.heading, i.text, i.version,
                 seen(i.updated_by), i.updated_at]
                for i in PlanItem.objects.filter(unit__in=ids)
                .select_related("unit", "updated_by")
                .order_by("unit__code", "year", "part", "position", "pk")
            ],
        )  # fmt: skip
        add(
            "recipient_lists.csv",
            ["id", "unit_code", "issuer", "recipients", "version", "updated_by", "updated_at"],
            [
                [r.pk, r.unit.code, r.issuer, r.recipients, r.version, seen(r.updated_by),
                 r.updated_at]
                for r in RecipientList.objects.filter(unit__in=ids)
                .select_related("unit", "updated_by")
                .order_by("unit__code", "issuer")
            ],
        )  # fmt: skip
        add(
            "signatories.csv",
            ["id", "unit_code", "issuer", "order", "full_name", "position", "active"],
            [
                [g.pk, g.unit.code, g.issuer, g.order, g.full_name, g.position, g.active]
                for g in Signatory.objects.filter(unit__in=ids)
                .select_related("unit")
                .order_by("unit__code", "issuer", "order", "pk")
            ],
        )  # fmt: skip
        add(
            "legal_documents.csv",
            ["id", "unit_code", "kind", "number", "signed_on", "body", "title",
             "cite_by_default", "cite_from", "cite_to", "basis_text"],
            [
                [d.pk, d.unit.code, d.kind, d.number, d.signed_on, d.body, d.title,
                 d.cite_by_default, d.cite_from, d.cite_to, d.basis_text()]
                for d in LegalDocument.objects.filter(unit__in=ids)
                .select_related("unit")
                .order_by("unit__code", "signed_on", "pk")
            ],
        )  # fmt: skip

        add(
            "party_terms.csv",
            ["id", "unit_code", "congress_closed_on", "starts_on", "name", "created_by",
             "created_at"],
            [
                [t.pk, t.unit.code, t.congress_closed_on, t.starts_on, t.name, seen(t.created_by),
                 t.created_at]
                for t in PartyTerm.objects.filter(unit__in=ids)
                .select_related("unit", "created_by")
                .order_by("unit__code", "congress_closed_on")
            ],
        )  # fmt: skip

        evidence_rows = []
        for e in (
            Evidence.objects.filter(status__assessment__commune__in=ids)
            .select_related("status__assessment__commune", "status__indicator", "uploaded_by")
            .order_by("pk")
        ):
            name, digest = _evidence_name(e), ""
            try:
                with e.file.open("rb") as handle:
                    content = handle.read()
            except FileNotFoundError:
                name = ""  # listed, but the file is no longer on the server
            else:
                digest = hashlib.sha256(content).hexdigest()
                archive.writestr(name, content)
            evidence_rows.append(
                [
                    e.pk, e.status_id, e.status.assessment.commune.code, e.status.assessment.year,
                    e.status.indicator.code, e.original_name, e.content_type, e.size, digest,
                    name, seen(e.uploaded_by), e.uploaded_at,
                ]
            )  # fmt: skip
        add(
            "evidence.csv",
            ["id", "status_id", "commune_code", "year", "indicator_code", "original_name",
             "content_type", "size_bytes", "sha256", "file_in_zip", "uploaded_by",
             "uploaded_at"],
            evidence_rows,
        )  # fmt: skip

        def attached(row, folder: str, unit_code: str) -> tuple[str, str]:
            """(name in the zip, SHA-256) of a row's private file, written into the zip."""
            if not row.file:
                return "", ""
            stem = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(row.original_name)).strip("-.") or "tep"
            name = f"{folder}/{unit_code}/{row.pk}-{stem[:80]}"
            if name in archive.namelist():
                return name, hashlib.sha256(archive.read(name)).hexdigest()
            try:
                with row.file.open("rb") as handle:
                    content = handle.read()
            except FileNotFoundError:
                return "", ""  # listed, but the file is no longer on the server
            archive.writestr(name, content)
            return name, hashlib.sha256(content).hexdigest()

        recognition_rows = []
        for r in (
            Recognition.objects.filter(unit__in=ids)
            .select_related("unit", "decision", "framework", "recorded_by")
            .order_by("unit__code", "decision__signed_on", "pk")
        ):
            d = r.decision
            name, digest = attached(d, "decisions", r.unit.code)
            recognition_rows.append(
                [
                    r.pk, r.unit.code, r.tier, r.year, r.framework.key if r.framework else "",
                    d.kind, d.number, d.signed_on, d.in_force_from, d.body, d.signer, d.basis,
                    r.revokes_id or "", r.reason, r.failing_criteria, d.original_name, digest,
                    name, seen(r.recorded_by), r.recorded_at,
                ]
            )  # fmt: skip
        add(
            "recognitions.csv",
            ["id", "unit_code", "tier", "year", "framework", "decision_kind", "number",
             "signed_on", "in_force_from", "body", "signer", "basis", "revokes_id", "reason",
             "failing_criteria", "original_name", "sha256", "file_in_zip", "recorded_by",
             "recorded_at"],
            recognition_rows,
        )  # fmt: skip
        add(
            "recognition_history.csv",
            ["at", "actor", "action", "unit_code", "tier", "before", "after", "legal_basis",
             "source"],
            [
                [c.at, seen(c.actor), c.action, c.unit.code, c.tier, c.before, c.after,
                 c.legal_basis, c.source]
                for c in RecognitionChange.objects.filter(unit__in=ids)
                .select_related("actor", "unit")
                .order_by("at", "pk")
            ],
        )  # fmt: skip
        add(
            "dossiers.csv",
            ["id", "commune_code", "tier", "year", "state", "opened_by", "opened_at",
             "submitted_by", "submitted_at", "return_comment"],
            [
                [d.pk, d.commune.code, d.tier, d.year, d.state, seen(d.opened_by), d.opened_at,
                 seen(d.submitted_by), d.submitted_at, d.return_comment]
                for d in Dossier.objects.filter(commune__in=ids)
                .select_related("commune", "opened_by", "submitted_by")
                .order_by("commune__code", "year", "tier")
            ],
        )  # fmt: skip
        item_rows = []
        for i in (
            DossierItem.objects.filter(dossier__commune__in=ids)
            .select_related("dossier__commune", "checklist_item", "updated_by")
            .order_by("dossier_id", "checklist_item__order", "pk")
        ):
            name, digest = attached(i, "dossiers", i.dossier.commune.code)
            item_rows.append(
                [
                    i.dossier_id, i.checklist_item.name, int(i.checklist_item.required),
                    i.status, i.note, i.original_name, digest, name, seen(i.updated_by),
                    i.updated_at,
                ]
            )  # fmt: skip
        add(
            "dossier_items.csv",
            ["dossier_id", "document", "required", "status", "note", "original_name", "sha256",
             "file_in_zip", "updated_by", "updated_at"],
            item_rows,
        )  # fmt: skip

        add(
            "people.csv",
            ["username", "full_name", "position", "email", "phone"],
            [
                [u.username, u.full_name, u.position, u.email, u.phone]
                for u in sorted(people.values(), key=lambda u: u.username)
            ],
        )
        archive.writestr("README.txt", _readme(unit, counts))
    return counts


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _readme(unit: Unit, counts: dict[str, int]) -> str:
    lines = [
        f"Dữ liệu của {unit} (mã {unit.code}) – xuất lúc "
        f"{timezone.localtime().isoformat(timespec='seconds')}",
        "Data of one unit and every unit below it, all years, from the NTM tracker.",
        "",
        "Định dạng / Format: CSV, UTF-8 có BOM, dấu phẩy, dòng đầu là tên cột. Ngày theo ISO "
        "(2023-12-31), thời điểm theo giờ Việt Nam có múi giờ (2023-12-31T08:00:00+07:00), số "
        "thập phân dùng dấu chấm, tiền tính bằng đồng (số nguyên), đúng/sai là 1/0. Văn bản bắt "
        "đầu bằng = + - @ được thêm dấu ' ở đầu để Excel không chạy như công thức.",
        "CSV, UTF-8 with BOM, comma-separated, header row. ISO dates, Vietnam-time timestamps "
        "with offset, decimal point, money in whole đồng, booleans 1/0. Text starting with "
        "= + - @ carries a leading apostrophe so that spreadsheets do not run it as a formula.",
        "Cột *_by, actor, user là tên đăng nhập (xem people.csv). Mã trạng thái (status, state, "
        "action, kind, level, role, source) là mã cố định; nhãn tiếng Việt ở cuối tệp này.",
        "",
        "Tệp / Files (số dòng / rows):",
    ]
    for name, description in FILES:
        lines.append(f"- {name} ({counts.get(name, 0)}): {description}")
    lines += ["", "Mã / Codes:"]
    for name, choices in CODES:
        lines.append(f"- {name}: " + "; ".join(f"{value} = {label}" for value, label in choices))
    lines.append("")
    return "\r\n".join(lines)


FILES = [
    ("units.csv", "đơn vị: id, code (mã), kind, prefix, name, parent_code, province_code, "
     "region (vùng), framework (bộ tiêu chí), level_goal, valid_from, valid_to."),
    ("unit_facts.csv", "số liệu của đơn vị theo ngày: kind (diện tích, dân số, số hộ, số thôn), "
     "value, as_of (tính đến ngày), basis (căn cứ), recorded_by, recorded_at."),
    ("unit_categories.csv", "nhóm xã theo từng bộ tiêu chí: unit_code, framework, category (vùng/"
     "nhóm), basis (căn cứ), valid_from, valid_to, recorded_by, recorded_at."),
    ("assessments.csv", "kết quả đánh giá năm của xã: framework, year, state, met_count (tự "
     "đánh giá đạt), criteria_count, verified_met_count (đã thẩm tra), indicator_met_count, "
     "indicator_count, verified_indicator_met_count (chỉ tiêu đạt / số chỉ tiêu), submitted_*, "
     "verified_*."),
    ("statuses.csv", "kết quả từng chỉ tiêu: indicator_code, status, value (giá trị đo), unit, "
     "note (ghi chú/lý do), judged_automatically, verified_* (bản đã thẩm tra), review_comment "
     "(ý kiến thẩm tra), version, updated_by, updated_at."),
    ("status_history.csv", "lịch sử thay đổi chỉ tiêu: at, actor, action, old_/new_status, "
     "old_/new_value, old_/new_note, detail."),
    ("workflow_events.csv", "gửi thẩm tra, trả lại, thẩm tra, mở lại: at, actor, action, "
     "old_state, new_state, comment, held_on (ngày thẩm tra thực tế), participants (thành "
     "phần tham gia)."),
    ("tasks.csv", "nhiệm vụ: unit_code, criterion_number, indicator_code, title, description, "
     "plan_year, start_date, deadline (ngày cuối), deadline_text (như văn bản), status, "
     "progress (%), completed_on, created_*, updated_*."),
    ("task_parties.csv", "người/đơn vị chịu trách nhiệm: task_id, order, kind, role, name, "
     "position, unit_name, user (tài khoản)."),
    ("funding_lines.csv", "kinh phí: task_id, source, source_label, planned_dong, "
     "disbursed_dong, note."),
    ("task_history.csv", "lịch sử nhiệm vụ: at, actor, action, detail, changes_json (danh sách "
     "field, label, old, new)."),
    ("plans.csv", "kế hoạch, báo cáo, tờ trình: doc_type (loại văn bản), kind, issuer, status, "
     "number, symbol, number_text (Số …/KH-…, …/BC-…, …/TTr-…), place, issue_date, year_start, "
     "year_end, title (trích yếu), addressee (kính gửi), tier (hạng đề nghị công nhận của tờ "
     "trình), phần đầu và chữ ký; doc_format (nha_nuoc: Nghị định 30; dang: Hướng dẫn "
     "36-HD/VPTW), party_term_id (nhiệm kỳ cấp ủy văn bản của Đảng được đánh số trong đó)."),
    ("plan_sections.csv", "các mục của kế hoạch: plan_id, order, level, heading, body (văn bản "
     "thuần: mỗi dòng một đoạn, dòng bắt đầu bằng | là bảng)."),
    ("plan_bases.csv", "căn cứ của kế hoạch: plan_id, order, text."),
    ("plan_recipients.csv", "nơi nhận: plan_id, order, text."),
    ("targets.csv", "chỉ tiêu phấn đấu năm: unit_code, year, level, criteria (số tiêu chí), "
     "target_count, deadline_text, note, set_by."),
    ("measures.csv", "mục tiêu, giải pháp theo tiêu chí: unit_code, year, criterion_number, "
     "target (mục tiêu), measures (giải pháp), updated_by."),
    ("plan_items.csv", "nội dung kế hoạch dùng lại theo năm: part (muc_dich: mục đích, yêu cầu; "
     "muc_tieu: mục tiêu riêng; giai_phap: nhiệm vụ, giải pháp chung; to_chuc: nhiệm vụ các cơ "
     "quan), position, heading, text."),
    ("recipient_lists.csv", "nơi nhận của đơn vị theo cơ quan ban hành: issuer, recipients (mỗi "
     "dòng một nơi)."),
    ("signatories.csv", "người ký văn bản của đơn vị: issuer, order, full_name, position, active "
     "(còn đương nhiệm)."),
    ("legal_documents.csv", "thư viện văn bản căn cứ của đơn vị: kind, number (trống: trích dẫn "
     "theo tên), signed_on, body, title, cite_by_default, cite_from, cite_to, basis_text."),
    ("party_terms.csv", "nhiệm kỳ cấp ủy của đơn vị (văn bản của Đảng đánh số theo nhiệm kỳ): "
     "congress_closed_on (ngày bế mạc đại hội), starts_on (ngày bắt đầu nhiệm kỳ), name."),
    ("evidence.csv", "minh chứng: indicator_code, original_name, content_type, size_bytes, "
     "sha256, file_in_zip (đường dẫn tệp trong gói này; trống nếu tệp không còn trên máy chủ), "
     "uploaded_by, uploaded_at."),
    ("recognitions.csv", "sổ công nhận đạt chuẩn: mỗi dòng một đơn vị ở một hạng trong một "
     "quyết định (decision_kind: công nhận, thừa nhận, thu hồi), số, ngày ký, có hiệu lực từ, "
     "cơ quan ban hành, người ký, căn cứ; revokes_id (dòng bị thu hồi), reason, "
     "failing_criteria; file_in_zip (bản chụp quyết định trong gói này)."),
    ("recognition_history.csv", "lịch sử sổ công nhận: at, actor, action, before, after, "
     "legal_basis (căn cứ), source (trang hoặc tệp Excel)."),
    ("dossiers.csv", "hồ sơ đề nghị công nhận: tier (hạng), year, state, opened_*, "
     "submitted_*, return_comment."),
    ("dossier_items.csv", "từng hồ sơ trong bộ hồ sơ: document, required (bắt buộc), status, "
     "note, file_in_zip, updated_by, updated_at."),
    ("people.csv", "những người có tên trong các tệp trên: username, full_name, position, "
     "email, phone."),
]  # fmt: skip
CODES = [
    ("assessments.state", Assessment.State.choices),
    ("statuses.status", IndicatorStatus.Status.choices),
    ("status_history.action", StatusChange.Action.choices),
    ("workflow_events.action", AssessmentEvent.Action.choices),
    ("tasks.status", Task.Status.choices),
    ("task_parties.role", ResponsibleParty.Role.choices),
    ("task_parties.kind", ResponsibleParty.Kind.choices),
    ("funding_lines.source", FundingLine.Source.choices),
    ("task_history.action", TaskChange.Action.choices),
    ("plans.doc_type", Plan.DocType.choices),
    ("plans.kind", Plan.Kind.choices),
    ("plans.tier", Plan._meta.get_field("tier").choices),
    ("plans.status", Plan.Status.choices),
    ("plan_sections.level", PlanSection.Level.choices),
    ("targets.level", Target.Level.choices),
    ("plan_items.part", PlanItem.Part.choices),
    ("recipient_lists.issuer", Plan.Issuer.choices),
    ("signatories.issuer", Plan.Issuer.choices),
    ("legal_documents.kind", LegalDocument.Kind.choices),
    ("units.kind", Unit.Kind.choices),
    ("unit_facts.kind", UnitFact.Kind.choices),
    ("recognitions.tier", Recognition._meta.get_field("tier").choices),
    ("recognitions.decision_kind", Decision.Kind.choices),
    ("recognition_history.action", RecognitionChange.Action.choices),
    ("dossiers.state", Dossier.State.choices),
    ("dossier_items.status", DossierItem.Status.choices),
]
