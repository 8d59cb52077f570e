"""The permission matrix: every URL of the app × every kind of user → the expected answer.

The list of URLs comes from the URL conf, so a new view without a row here fails
`test_every_url_has_a_rule`. "ok" means the view did its job (200 for a page, a redirect
after a successful POST); 404 means the object is not even admitted to exist.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assignments import services as task_services
from assignments.entries import FundingData, PartyData
from assignments.models import Task
from criteria import authoring, services
from criteria.forms import validate_evidence
from criteria.models import (
    Assessment,
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    Indicator,
    IndicatorStatus,
    Threshold,
)
from imports import services as dashboard_services
from plans import library as plan_library
from plans import numbering as plan_numbering
from plans import services as plan_services
from plans.models import Plan, Target
from tests import factories
from tests.shared import copy_evidence, shared_rows

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "official_a",
    "official_b",
    "culture_a",
    "leader_a",
    "district_a",
    "district_b",
    "province_a",
    "admin",
]
# URLs outside the app's own rules: Django's admin (staff-only, tested by Django), sign-in/out
# and a forgotten password's pages (open to anyone, as signing in is; they show nothing of an
# account: tests/units/test_passwords.py), the root redirect (tests/criteria/test_home.py),
# and the health check (no login, shows no data: tests/deploy/test_healthz.py).
UNRULED = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "home",
    "healthz",
    "service-worker",  # static/js/sw.js at the root: no data (tests/test_offline.py)
    "admin-password-change",  # a redirect to password_change (tests/units/test_passwords.py)
}


def _drafted(plan) -> int:
    """The plan as "Tạo dự thảo" leaves it – a draft drawn from the data, which "Cập nhật số
    liệu" applies to (the world's plan is a blank one)."""
    from django.utils import timezone

    Plan.objects.filter(pk=plan.pk).update(
        kind=Plan.Kind.CONSOLIDATE, drafted_from_data_at=timezone.now()
    )
    return plan.pk


@dataclass
class Rule:
    method: str
    url: callable  # objects -> URL
    expect: dict  # role -> "ok" | 403 | 404 | "login"
    data: callable = field(default=lambda o: {})
    state: str = Assessment.State.DRAFT

    def expected(self, role):
        return self.expect.get(role, self.expect.get("*"))


READERS_OF_A = {
    "official_a": "ok",
    "culture_a": "ok",
    "leader_a": "ok",
    "district_a": "ok",
    "province_a": "ok",
    "admin": "ok",
}
HIDDEN_FROM_OTHERS = {"anonymous": "login", "official_b": 404, "district_b": 404}

MATRIX = {
    "criteria:commune-list": Rule(
        "get", lambda o: reverse("criteria:commune-list"), {"*": "ok", "anonymous": "login"}
    ),
    "criteria:commune-detail": Rule(
        "get",
        lambda o: reverse("criteria:commune-detail", args=[o.commune.pk]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "criteria:village-detail": Rule(
        "get",
        lambda o: reverse("criteria:village-detail", args=[o.village.pk]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "criteria:commune-trail": Rule(
        "get",
        lambda o: reverse("criteria:commune-trail", args=[o.commune.pk]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "criteria:status-history": Rule(
        "get",
        lambda o: reverse("criteria:status-history", args=[o.status.pk]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "criteria:evidence-download": Rule(
        "get",
        lambda o: reverse("criteria:evidence-download", args=[o.evidence.pk]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "criteria:status-edit": Rule(
        "post",
        lambda o: reverse("criteria:status-edit", args=[o.status.pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "official_a": "ok",
            "leader_a": "ok",
            "admin": "ok",
            "culture_a": 403,
            "district_a": 403,
            "province_a": 403,
        },
        data=lambda o: {
            "status": Status.NOT_MET,
            "note": "Kiểm tra quyền",
            "version": o.status.version,
        },
    ),
    # a criterion's page: read by whoever reads xã A, each indicator saved by whoever may
    # change it (the culture officer is not given criterion 17: 403, as on status-edit)
    "criteria:criterion-entry": Rule(
        "post",
        lambda o: (
            reverse(
                "criteria:criterion-entry", args=[o.commune.pk, o.status.indicator.criterion.number]
            )
            + f"?year={o.status.assessment.year}&framework={o.status.assessment.framework.key}"
        ),
        {
            **HIDDEN_FROM_OTHERS,
            "official_a": "ok",
            "leader_a": "ok",
            "admin": "ok",
            "culture_a": 403,
            "district_a": 403,
            "province_a": 403,
        },
        data=lambda o: {
            "status_pk": o.status.pk,
            f"s{o.status.pk}-status": Status.NOT_MET,
            f"s{o.status.pk}-note": "Kiểm tra quyền",
            f"s{o.status.pk}-version": o.status.version,
        },
    ),
    "criteria:assessment-open": Rule(
        "post",
        lambda o: reverse("criteria:assessment-open", args=[o.commune.pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "official_a": "ok",
            "leader_a": "ok",
            "culture_a": "ok",
            "admin": "ok",
            "district_a": 403,
            "province_a": 403,
        },
        data=lambda o: {"year": 2024, "framework": o.assessment.framework.key, "confirm": "1"},
    ),
    "criteria:assessment-withdraw": Rule(
        "post",
        lambda o: reverse("criteria:assessment-withdraw", args=[o.assessment.pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "official_a": "ok",
            "leader_a": "ok",
            "culture_a": "ok",
            "admin": "ok",
            "district_a": 403,
            "province_a": 403,
        },
        data=lambda o: {"version": o.assessment.version, "reason": "Mở nhầm"},
    ),
    "criteria:assessment-submit": Rule(
        "post",
        lambda o: reverse("criteria:assessment-submit", args=[o.assessment.pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "leader_a": "ok",
            "admin": "ok",
            "official_a": 403,
            "culture_a": 403,
            "district_a": 403,
            "province_a": 403,
        },
        data=lambda o: {"version": o.assessment.version},
    ),
    "criteria:assessment-review": Rule(
        "post",
        lambda o: reverse("criteria:assessment-review", args=[o.assessment.pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "district_a": "ok",
            "admin": "ok",
            "official_a": 403,
            "culture_a": 403,
            "leader_a": 403,
            "province_a": 403,
        },
        data=lambda o: {"action": "verify", "confirm": "1", "version": o.assessment.version},
        state=Assessment.State.SUBMITTED,
    ),
}


def _task_form(o, **fields):
    """A complete task form: the task, no parties, no money (management forms only)."""
    data = {
        "title": "Kiểm tra quyền",
        "plan_year": 2023,
        "deadline_text": "tháng 12/2023",
        "status": "in_progress",
        "progress": 10,
        **{f"{p}-{k}": v for p in ("parties", "funding") for k, v in MANAGEMENT.items()},
    }
    data.update(fields)
    return data


MANAGEMENT = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 40}
EVERYONE = {"*": "ok", "anonymous": "login"}
# The task of xã A is tied to criterion 17 (not the culture officer's) and names district_a's
# officer as "chỉ đạo": named with an account, that office may update its progress only.
TASK_WRITERS = {
    **HIDDEN_FROM_OTHERS,
    "official_a": "ok",
    "leader_a": "ok",
    "admin": "ok",
    "culture_a": 403,
    "district_a": 403,
    "province_a": 403,
}
MATRIX.update(
    {
        "assignments:commune-tasks": Rule(
            "get",
            lambda o: reverse("assignments:commune-tasks", args=[o.commune.pk]),
            {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
        ),
        "assignments:my-tasks": Rule("get", lambda o: reverse("assignments:my-tasks"), EVERYONE),
        # one's own password: every signed-in person, for their own account only (the view
        # takes no account to name)
        "password_change": Rule("get", lambda o: reverse("password_change"), EVERYONE),
        "assignments:task-list": Rule("get", lambda o: reverse("assignments:task-list"), EVERYONE),
        "assignments:task-export": Rule(
            "get", lambda o: reverse("assignments:task-export"), EVERYONE
        ),
        "assignments:task-import-template": Rule(
            "get", lambda o: reverse("assignments:task-import-template"), EVERYONE
        ),
        # every user who may write some unit's tasks; the province office writes none
        "assignments:task-import": Rule(
            "get",
            lambda o: reverse("assignments:task-import"),
            {**EVERYONE, "province_a": 403},
        ),
        "assignments:task-detail": Rule(
            "get",
            lambda o: reverse("assignments:task-detail", args=[o.task.pk]),
            {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
        ),
        "assignments:task-create": Rule(
            "post",
            lambda o: reverse("assignments:task-create", args=[o.commune.pk]),
            {**TASK_WRITERS, "culture_a": "ok"},  # a general task is the whole commune's
            data=lambda o: _task_form(o),
        ),
        "assignments:task-update": Rule(
            "post",
            lambda o: reverse("assignments:task-update", args=[o.task.pk]),
            TASK_WRITERS,
            data=lambda o: _task_form(o, criterion=17, version=o.task.version),
        ),
        "assignments:task-progress": Rule(
            "post",
            lambda o: reverse("assignments:task-progress", args=[o.task.pk]),
            {**TASK_WRITERS, "district_a": "ok"},
            data=lambda o: {"status": "in_progress", "progress": 50, "version": o.task.version},
        ),
    }
)


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _names(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern):
            yield f"{prefix}{p.name or ''}"


def test_every_url_has_a_rule():
    names = set(_names(get_resolver().url_patterns)) - UNRULED
    missing = names - set(MATRIX)
    assert not missing, f"URL không có quy tắc phân quyền trong ma trận: {sorted(missing)}"
    assert set(MATRIX) <= names  # no rule for a URL that no longer exists


class Objects:
    pass


# Plans: xã A's draft is read by whoever reads xã A, written by its staff (the culture officer
# too: plans are not tied to one criterion), issued by its leader; the district office reads it.
PLAN_WRITERS = {
    **HIDDEN_FROM_OTHERS,
    "official_a": "ok",
    "culture_a": "ok",
    "leader_a": "ok",
    "admin": "ok",
    "district_a": 403,
    "province_a": 403,
}
PLAN_READERS = {**READERS_OF_A, **HIDDEN_FROM_OTHERS}
MATRIX.update(
    {
        "plans:plan-list": Rule("get", lambda o: reverse("plans:plan-list"), EVERYONE),
        # Drafting for a unit one may not write is refused in the form (200, nothing created).
        "plans:plan-create": Rule(
            "post",
            lambda o: reverse("plans:plan-create"),
            {
                "anonymous": "login",
                "official_a": "ok",
                "culture_a": "ok",
                "leader_a": "ok",
                "admin": "ok",
                "official_b": 200,
                "district_a": 200,
                "district_b": 200,
                "province_a": 200,
            },
            data=lambda o: {"unit": o.commune.pk, "kind": "trong", "year_start": 2023},
        ),
        "plans:plan-detail": Rule(
            "get", lambda o: reverse("plans:plan-detail", args=[o.plan.pk]), PLAN_READERS
        ),
        "plans:plan-print": Rule(
            "get", lambda o: reverse("plans:plan-print", args=[o.plan.pk]), PLAN_READERS
        ),
        "plans:plan-pdf": Rule(
            "get", lambda o: reverse("plans:plan-pdf", args=[o.plan.pk]), PLAN_READERS
        ),
        "plans:plan-docx": Rule(
            "get", lambda o: reverse("plans:plan-docx", args=[o.plan.pk]), PLAN_READERS
        ),
        "plans:plan-edit": Rule(
            "get", lambda o: reverse("plans:plan-edit", args=[o.plan.pk]), PLAN_WRITERS
        ),
        "plans:plan-revise": Rule(
            "post", lambda o: reverse("plans:plan-revise", args=[o.plan.pk]), PLAN_WRITERS
        ),
        "plans:library": Rule("get", lambda o: reverse("plans:library"), EVERYONE),
        # commune A's own library entry: its staff keep it, its district reads it
        "plans:library-edit": Rule(
            "get", lambda o: reverse("plans:library-edit", args=[o.legal.pk]), PLAN_WRITERS
        ),
        "plans:measures-edit": Rule(
            "get", lambda o: reverse("plans:measures-edit", args=[o.commune.pk]), PLAN_READERS
        ),
        # what every document of commune A carries: its staff write, its offices read
        "plans:defaults-edit": Rule(
            "get", lambda o: reverse("plans:defaults-edit", args=[o.commune.pk]), PLAN_READERS
        ),
        "plans:plan-bases": Rule(
            "get", lambda o: reverse("plans:plan-bases", args=[o.plan.pk]), PLAN_WRITERS
        ),
        # the terms of commune A's cấp ủy: recorded and corrected by its staff, read by its
        # offices (tests/plans/test_party_terms.py)
        "plans:party-terms": Rule(
            "post",
            lambda o: reverse("plans:party-terms", args=[o.commune.pk]),
            PLAN_WRITERS,
            data=lambda o: {"congress_closed_on": "20/10/2015", "name": "Đại hội 2015–2020"},
        ),
        "plans:party-term-edit": Rule(
            "get", lambda o: reverse("plans:party-term-edit", args=[o.term.pk]), PLAN_WRITERS
        ),
        "plans:plan-refresh": Rule(
            "get", lambda o: reverse("plans:plan-refresh", args=[_drafted(o.plan)]), PLAN_WRITERS
        ),
        "plans:plan-issue": Rule(
            "post",
            lambda o: reverse("plans:plan-issue", args=[o.plan.pk]),
            {**PLAN_WRITERS, "official_a": 403, "culture_a": 403},
        ),
        # The targets page of A's district: readable from above and from its communes.
        "plans:targets-edit": Rule(
            "get", lambda o: reverse("plans:targets-edit", args=[o.commune.parent_id]), PLAN_READERS
        ),
    }
)


# Dashboards: a district's (or province's) dashboard is for the offices covering it and
# administrators, 404 for everyone else, commune staff included; a commune's is for whoever
# reads the commune; the national summary's print, PDF and Excel are the administrators'.
DASHBOARD_OF_A = {
    "*": 404,
    "anonymous": "login",
    "district_a": "ok",
    "province_a": "ok",
    "admin": "ok",
}
PROVINCE_OF_A = {"*": 404, "anonymous": "login", "province_a": "ok", "admin": "ok"}
ADMINS_ONLY = {"*": 404, "anonymous": "login", "admin": "ok"}
# An Excel import is seen and confirmed by the person who uploaded it (here official_a) only.
RUN_OWNER = {"*": 404, "anonymous": "login", "official_a": "ok"}
_DASHBOARDS = {
    "index": (lambda o: [], EVERYONE, ADMINS_ONLY),
    "unit": (lambda o: [o.commune.parent_id], DASHBOARD_OF_A, DASHBOARD_OF_A),
    "province": (lambda o: [o.commune.province_id], PROVINCE_OF_A, PROVINCE_OF_A),
    "commune": (lambda o: [o.commune.pk], {**READERS_OF_A, **HIDDEN_FROM_OTHERS}, None),
}
for _name, (_args, _page, _outputs) in _DASHBOARDS.items():
    for _suffix in ("", "-print", "-pdf", "-xlsx"):
        MATRIX[f"dashboards:{_name}{_suffix}"] = Rule(
            "get",
            lambda o, n=f"dashboards:{_name}{_suffix}", a=_args: reverse(n, args=a(o)),
            (_outputs or _page) if _suffix else _page,
        )
MATRIX.update(
    {
        # every user who may import some kind of rows (the province office: its own criteria
        # sets, commune groups and mappings)
        "imports:import": Rule("get", lambda o: reverse("imports:import"), EVERYONE),
        "imports:import-template": Rule(
            "get", lambda o: reverse("imports:import-template", args=["statuses"]), EVERYONE
        ),
        "imports:data-export": Rule(
            "get",
            lambda o: reverse("imports:data-export") + f"?kind=statuses&unit={o.commune.pk}",
            {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
        ),
        "imports:import-run": Rule(
            "get", lambda o: reverse("imports:import-run", args=[o.import_run.pk]), RUN_OWNER
        ),
        "imports:import-confirm": Rule(
            "post",
            lambda o: reverse("imports:import-confirm", args=[o.import_run.pk]),
            RUN_OWNER,
        ),
        # the run is not interrupted: its owner is told so (redirect), nothing is imported
        "imports:import-retry": Rule(
            "post",
            lambda o: reverse("imports:import-retry", args=[o.import_run.pk]),
            RUN_OWNER,
        ),
    }
)

# A unit's whole data as CSV files (ops.exports): administrators and the offices above xã A.
MATRIX["ops:unit-export"] = Rule(
    "get",
    lambda o: reverse("ops:unit-export", args=[o.commune.pk]),
    {
        **HIDDEN_FROM_OTHERS,
        "district_a": "ok",
        "province_a": "ok",
        "admin": "ok",
        "official_a": 403,
        "culture_a": 403,
        "leader_a": 403,
    },
)


# Bộ tiêu chí (criteria.framework_views): every signed-in user reads the national sets and
# those of the provinces they work in; province A's office (and the administrator, who holds
# the national role) authors province A's sets; only the national role authors national ones.
# Another province's set is a 404, a draft is its authors' only, and a set one may read but not
# change is a 403. o.provincial: province A's published set; o.draft: a complete draft of it;
# o.national: 51/2025 (xa_ntm_2026_2030).
SET_OF_A_READERS = {**READERS_OF_A, **HIDDEN_FROM_OTHERS}
SET_OF_A_AUTHORS = {
    **HIDDEN_FROM_OTHERS,
    "official_a": 403,
    "culture_a": 403,
    "leader_a": 403,
    "district_a": 403,
    "province_a": "ok",
    "admin": "ok",
}
DRAFT_OF_A = {"*": 404, "anonymous": "login", "province_a": "ok", "admin": "ok"}
SET_BASIS = "QĐ 05/2026/QĐ-UBND (kiểm tra quyền)"


def _set_fields(o, **fields):
    f = o.provincial
    data = {
        "name": f.name,
        "short_name": f.short_name,
        "level": f.level,
        "unit_kind": f.unit_kind,
        "decision_number": f.decision_number,
        "decision_body": f.decision_body,
        "period_start": f.period_start,
        "period_end": f.period_end,
        "category_kind": f.category_kind,
    }
    data.update(fields)
    return data


def _indicator_fields(o, **fields):
    data = {
        "criterion": o.provincial.criteria.get(number=2).pk,
        "name": "Tỷ lệ đường trục thôn được cứng hóa",
        "kind": "numeric",
        "unit": "%",
        "comparator": ">=",
        "nguong0": "90",
        "legal_basis": SET_BASIS,
    }
    data.update(fields)
    return data


def _set_url(name, pick=lambda o: o.provincial):
    return lambda o: reverse(f"criteria:{name}", args=[pick(o).pk])


MATRIX.update(
    {
        "criteria:framework-list": Rule(
            "get", lambda o: reverse("criteria:framework-list"), EVERYONE
        ),
        "criteria:framework-create": Rule(
            "post",
            lambda o: reverse("criteria:framework-create"),
            {"*": 403, "anonymous": "login", "province_a": "ok", "admin": "ok"},
            data=lambda o: _set_fields(
                o, key="nc_kiem_tra", province=o.commune.province_id, name="Bộ kiểm tra quyền"
            ),
        ),
        "criteria:framework-detail": Rule("get", _set_url("framework-detail"), SET_OF_A_READERS),
        "criteria:framework-xlsx": Rule("get", _set_url("framework-xlsx"), SET_OF_A_READERS),
        "criteria:framework-yaml": Rule("get", _set_url("framework-yaml"), SET_OF_A_READERS),
        "criteria:framework-preview": Rule(
            "get",
            lambda o: (
                reverse("criteria:framework-preview", args=[o.provincial.pk])
                + f"?xa={o.commune.pk}&nam=2026"
            ),
            SET_OF_A_READERS,
        ),
        "criteria:framework-edit": Rule(
            "post",
            _set_url("framework-edit"),
            SET_OF_A_AUTHORS,
            data=lambda o: _set_fields(
                o,
                name="Tên đã sửa",
                legal_basis=SET_BASIS,
                seen=authoring.last_change(o.provincial),
            ),
        ),
        # 51/2025 is read by everyone and changed by the national role only
        "criteria:framework-category-add": Rule(
            "post",
            _set_url("framework-category-add", lambda o: o.national),
            {"*": 403, "anonymous": "login", "admin": "ok"},
            data=lambda o: {"key": "nhom4", "name": "Nhóm 4", "legal_basis": SET_BASIS},
        ),
        "criteria:framework-group-add": Rule(
            "post",
            _set_url("framework-group-add"),
            SET_OF_A_AUTHORS,
            data=lambda o: {"code": "I", "name": "Hạ tầng", "legal_basis": SET_BASIS},
        ),
        "criteria:criterion-add": Rule(
            "post",
            _set_url("criterion-add"),
            SET_OF_A_AUTHORS,
            data=lambda o: {"number": 3, "name": "Thủy lợi", "legal_basis": SET_BASIS},
        ),
        "criteria:criterion-edit": Rule(
            "post",
            _set_url("criterion-edit", lambda o: o.provincial.criteria.get(number=1)),
            SET_OF_A_AUTHORS,
            data=lambda o: {
                "name": "Quy hoạch xây dựng",
                "legal_basis": SET_BASIS,
                "seen": authoring.last_change(o.provincial),  # the page's view of the set
            },
        ),
        "criteria:criterion-retire": Rule(
            "post",
            _set_url("criterion-retire", lambda o: o.provincial.criteria.get(number=2)),
            SET_OF_A_AUTHORS,
            data=lambda o: {"ngung-on": "31/12/2026", "ngung-legal_basis": SET_BASIS},
        ),
        "criteria:indicator-add": Rule(
            "post",
            _set_url("indicator-add"),
            SET_OF_A_AUTHORS,
            data=lambda o: _indicator_fields(o, code="2.2"),
        ),
        "criteria:indicator-edit": Rule(
            "post",
            _set_url("indicator-edit", lambda o: o.provincial.indicators.get(code="2.1")),
            SET_OF_A_AUTHORS,
            data=lambda o: _indicator_fields(
                o, name="Đường nhựa hóa (đính chính)", seen=authoring.last_change(o.provincial)
            ),
        ),
        "criteria:indicator-retire": Rule(
            "post",
            _set_url("indicator-retire", lambda o: o.provincial.indicators.get(code="1.2")),
            SET_OF_A_AUTHORS,
            data=lambda o: {"ngung-on": "31/12/2026", "ngung-legal_basis": SET_BASIS},
        ),
        "criteria:framework-publish": Rule(
            "post", _set_url("framework-publish", lambda o: o.draft), DRAFT_OF_A
        ),
        "criteria:framework-delete": Rule(
            "post", _set_url("framework-delete", lambda o: o.draft), DRAFT_OF_A
        ),
    }
)


def _make_world():
    people = factories.two_communes()
    commune_a, f318 = people.commune_a, people.f318
    district_b, province = people.district_b, people.province
    official_a, official_b = people.official_a, people.official_b
    district_officer = people.district_officer
    o = Objects()
    o.commune = commune_a
    o.village = factories.UnitFactory(
        kind="village", prefix="Thôn", name="Thôn A1", parent=commune_a, province=province
    )
    province_a = factories.official(province, username="vp_tinh_a", kind="province_office")
    o.provincial = factories.authored_framework(actor=province_a, province=province)
    o.draft = factories.authored_framework(
        actor=province_a, province=province, key="nc_ht_du_thao", publish=False
    )
    o.national = Framework.objects.get(key="xa_ntm_2026_2030")
    o.assessment = services.assessment_open(
        commune=commune_a, framework=f318, year=2023, actor=official_a
    )
    o.assessment.statuses.update(status=Status.MET, note="Đạt")
    services.assessment_recount(o.assessment)
    o.status = IndicatorStatus.objects.get(assessment=o.assessment, indicator__code="17.3")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")
    validate_evidence(upload)
    o.evidence = services.evidence_add(status=o.status, actor=official_a, upload=upload)
    o.task = task_services.task_create(
        actor=official_a,
        unit=commune_a,
        title="Xây rãnh thoát nước có nắp đậy",
        plan_year=2023,
        deadline_text="tháng 12/2023",
        criterion=o.status.indicator.criterion,
        parties=[PartyData("chi_dao", "Văn phòng NTM huyện", user_id=district_officer.pk)],
        funding=[FundingData("xa", 500_000_000)],
    )
    o.plan, _ = plan_services.plan_draft(
        unit=commune_a, kind="trong", year_start=2023, year_end=2023, actor=official_a
    )
    o.legal = plan_library.legal_document_save(
        actor=official_a,
        unit=commune_a,
        values={"kind": "nghi_quyet", "number": "01-NQ/ĐU", "body": "Đảng ủy xã"},
    )
    o.term = plan_numbering.party_term_save(
        actor=official_a,
        unit=commune_a,
        congress_closed_on=date(2020, 7, 21),
        name="Đại hội Đảng bộ xã A nhiệm kỳ 2020–2025",
    )
    o.plan.number, o.plan.title = 7, "Kế hoạch kiểm tra quyền"
    o.plan.save(update_fields=["number", "title"])  # issuable but for its date: refused, unchanged
    o.import_run = dashboard_services.import_run_check(  # one changed note, ready to confirm
        user=official_a,
        kind="statuses",
        file_name="kiem-tra.xlsx",
        content=tablib.Dataset(
            [commune_a.code, 2023, "17.3", "Đạt", "", "Đạt (tệp Excel)"],
            headers=["Mã xã", "Năm", "Mã chỉ tiêu", "Kết quả", "Giá trị đo", "Ghi chú"],
        ).export("xlsx"),
    )
    o.users = {
        "anonymous": None,
        "official_a": official_a,
        "official_b": official_b,
        "culture_a": factories.official(
            commune_a,
            username="van_hoa_a",
            criteria=Criterion.objects.filter(framework=f318, number__in=[6, 16]),
        ),
        "leader_a": factories.official(commune_a, username="chu_tich_a", kind="commune_leader"),
        "district_a": district_officer,
        "district_b": factories.supervisor(district_b, username="vp_huyen_b"),
        "province_a": province_a,
        "admin": factories.UserFactory(username="quan_tri", is_superuser=True, is_staff=True),
    }
    return o


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is made once for the module (each case rolls back to it): see shared_rows."""
    evidence = tmp_path_factory.mktemp("permissions-evidence")
    with shared_rows(django_db_blocker, _make_world, evidence=evidence) as o:
        yield o, evidence


@pytest.fixture
def world(_world_rows, db, settings):
    o, evidence = _world_rows
    copy_evidence(evidence, settings)  # the evidence file, in this case's own folder
    return o


def _frameworks():
    """The catalogue as far as a refused write could touch it: the sets, their parts, their
    history."""
    return (
        list(Framework.objects.order_by("pk").values_list("pk", "name", "state")),
        list(Criterion.objects.order_by("pk").values_list("pk", "name", "retired_on")),
        list(Indicator.objects.order_by("pk").values_list("pk", "name", "retired_on")),
        list(Threshold.objects.order_by("pk").values_list("pk", "value")),
        FrameworkChange.objects.count(),
        FrameworkCategory.objects.count(),
        CriterionGroup.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client, world, name, role):
    rule = MATRIX[name]
    expected = rule.expected(role)
    assert expected is not None, f"no expectation for {role} on {name}"
    Assessment.objects.filter(pk=world.assessment.pk).update(state=rule.state)
    world.assessment.refresh_from_db()
    world.status.refresh_from_db()
    before = list(
        IndicatorStatus.objects.filter(assessment=world.assessment).values_list(
            "status", "note", "version"
        )
    )
    state_before = world.assessment.state
    tasks_before = list(Task.objects.values_list("pk", "version", "title", "progress"))
    plans_before = list(Plan.objects.values_list("pk", "version", "status", "title"))
    targets_before = Target.objects.count()
    frameworks_before = _frameworks()
    if world.users[role]:
        client.force_login(world.users[role])
    response = getattr(client, rule.method)(rule.url(world), rule.data(world))
    if expected == "ok":
        # A page renders; a write succeeds and redirects back into the app.
        assert response.status_code == (200 if rule.method == "get" else 302), response.status_code
        if rule.method == "post":
            assert not response["Location"].startswith(reverse("login"))
    elif expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if expected != "ok" and rule.method == "post":
        assert list(Plan.objects.values_list("pk", "version", "status", "title")) == plans_before
        assert Target.objects.count() == targets_before
        # A refused write changes nothing.
        after = list(
            IndicatorStatus.objects.filter(assessment=world.assessment).values_list(
                "status", "note", "version"
            )
        )
        world.assessment.refresh_from_db()
        assert after == before and world.assessment.state == state_before
        assert not Assessment.objects.filter(commune=world.commune, year=2024).exists()
        assert list(Task.objects.values_list("pk", "version", "title", "progress")) == tasks_before
        assert _frameworks() == frameworks_before


# Bảng chuyển đổi chỉ tiêu (criteria.mapping_views): written by those who may author the TARGET
# set, like the framework-* pages (SET_OF_A_AUTHORS on o.provincial). These rules are added after
# test_permission_matrix took its parameters, so test_mapping_permission_matrix runs them through
# it. A removal needs a row: 318's 17.1 → o.provincial's 1.1, made with the ORM (no
# FrameworkChange, so _frameworks() is not disturbed) the first time it is asked for.


def _mapping_row(o):
    from criteria.models import FrameworkMapping, IndicatorMapping

    source = Framework.objects.get(key="xa_ntm_2021_2025")
    mapping, _ = FrameworkMapping.objects.get_or_create(source=source, target=o.provincial)
    row, _ = IndicatorMapping.objects.get_or_create(
        mapping=mapping,
        target=o.provincial.indicators.get(code="1.1"),
        defaults={"source": Indicator.objects.get(framework=source, code="17.1")},
    )
    return row


MAPPING_RULES = {
    "criteria:mapping-edit": Rule(
        "post",
        _set_url("mapping-edit"),
        SET_OF_A_AUTHORS,
        data=lambda o: {
            "source": Framework.objects.get(key="xa_ntm_2021_2025").pk,
            "old_code": "17.2",
            "new_code": "1.1",
            "note": "kiểm tra quyền",
            "basis": SET_BASIS,
        },
    ),
    "criteria:mapping-row-delete": Rule(
        "post",
        lambda o: reverse("criteria:mapping-row-delete", args=[_mapping_row(o).pk]),
        SET_OF_A_AUTHORS,
        data=lambda o: {"basis": SET_BASIS},
    ),
}
MATRIX.update(MAPPING_RULES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MAPPING_RULES))
def test_mapping_permission_matrix(client, world, name, role):
    """The matrix's check on the mapping rules; a refused write also leaves the rows as they
    were."""
    from criteria.models import IndicatorMapping

    _mapping_row(world)
    rows_before = list(IndicatorMapping.objects.values_list("pk", "source_id", "target_id", "note"))
    test_permission_matrix(client, world, name, role)
    after = list(IndicatorMapping.objects.values_list("pk", "source_id", "target_id", "note"))
    if MAPPING_RULES[name].expected(role) != "ok":
        assert after == rows_before
    elif name == "criteria:mapping-edit":
        assert IndicatorMapping.objects.get().source.code == "17.2"
    else:
        assert after == []


# Nhóm xã theo bộ tiêu chí (criteria.group_views), on 51/2025 (o.national, group-keyed): every
# signed-in user reads the list (of the communes they read); a commune's history is read by
# whoever reads the commune, and its group is recorded by the offices above it (district A's,
# province A's) and administrators (can_set_unit_category); its own staff get a 403. Added after
# test_permission_matrix took its parameters: test_unit_category_permission_matrix runs them.
UNIT_CATEGORY_RULES = {
    "criteria:unit-categories": Rule(
        "get", lambda o: reverse("criteria:unit-categories", args=[o.national.pk]), EVERYONE
    ),
    "criteria:unit-category-edit": Rule(
        "post",
        lambda o: reverse("criteria:unit-category-edit", args=[o.national.pk, o.commune.pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "official_a": 403,
            "culture_a": 403,
            "leader_a": 403,
            "district_a": "ok",
            "province_a": "ok",
            "admin": "ok",
        },
        data=lambda o: {"category": "nhom1", "basis": SET_BASIS, "valid_from": "01/01/2026"},
    ),
}
MATRIX.update(UNIT_CATEGORY_RULES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(UNIT_CATEGORY_RULES))
def test_unit_category_permission_matrix(client, world, name, role):
    """The matrix's check on the commune-group rules; a refused write adds no group row, an
    accepted one adds exactly the row posted."""
    from criteria.models import UnitCategory

    test_permission_matrix(client, world, name, role)
    rows = list(UnitCategory.objects.values_list("unit_id", "framework_id", "category"))
    rule = UNIT_CATEGORY_RULES[name]
    if rule.method == "post" and rule.expected(role) == "ok":
        assert rows == [(world.commune.pk, world.national.pk, "nhom1")]
    else:
        assert rows == []


# Hồ sơ đề nghị công nhận (dossiers): xã A's dossier for xã NTM 2025, made the first time a rule
# asks for it, every document "đã có" and one with a file, so that sending it succeeds (the
# return rule finds it sent). Whoever reads xã A reads it and its files; its staff prepare it
# (the culture officer too: a dossier is not tied to a criterion), its leader sends it, the
# offices above it (district A's, province A's) return it. Province A's own list of documents is
# read by whoever works in province A and edited by province A's office (and administrators).
# Added after test_permission_matrix took its parameters: test_dossier_permission_matrix runs
# them.


def _dossier(o):
    from dossiers import services as dossier_services
    from dossiers.defaults import install_default_checklist
    from dossiers.models import Dossier, DossierItem

    found = Dossier.objects.filter(commune=o.commune, tier="xa_ntm", year=2025).first()
    if found is not None:
        return found
    install_default_checklist()  # as the migration left it, should a flush have emptied it
    official = o.users["official_a"]
    dossier, _ = dossier_services.dossier_open(
        commune=o.commune, tier="xa_ntm", year=2025, actor=official
    )
    dossier.items.update(status=DossierItem.Status.READY)
    item = dossier.items.select_related("checklist_item", "dossier").first()
    upload = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 x")
    validate_evidence(upload)
    dossier_services.item_update(
        item=item, actor=official, status=None, note="", version=item.version, upload=upload
    )
    return dossier


def _dossier_item(o):
    return _dossier(o).items.exclude(file="").get()


def _list_item(o):
    from dossiers.models import ChecklistItem

    item = ChecklistItem.objects.filter(province=o.commune.province, tier="xa_ntm").first()
    return item or ChecklistItem.objects.create(
        province=o.commune.province, tier="xa_ntm", name="Tờ trình theo mẫu của tỉnh"
    )


DOSSIER_READERS = {**READERS_OF_A, **HIDDEN_FROM_OTHERS}
DOSSIER_WRITERS = {**TASK_WRITERS, "culture_a": "ok"}
LIST_OF_A_READERS = {"*": "ok", "anonymous": "login", "official_b": 404, "district_b": 404}
LIST_OF_A_EDITORS = {**LIST_OF_A_READERS, "*": 403, "province_a": "ok", "admin": "ok"}
DOSSIER_RULES = {
    "dossiers:readiness": Rule("get", lambda o: reverse("dossiers:readiness"), EVERYONE),
    "dossiers:commune": Rule(
        "get", lambda o: reverse("dossiers:commune", args=[o.commune.pk]), DOSSIER_READERS
    ),
    "dossiers:open": Rule(
        "post",
        lambda o: reverse("dossiers:open", args=[o.commune.pk]),
        DOSSIER_WRITERS,
        data=lambda o: {"tier": "xa_ntm_nang_cao", "year": 2025},
    ),
    "dossiers:detail": Rule(
        "get", lambda o: reverse("dossiers:detail", args=[_dossier(o).pk]), DOSSIER_READERS
    ),
    "dossiers:item-edit": Rule(
        "post",
        lambda o: reverse("dossiers:item-edit", args=[_dossier_item(o).pk]),
        DOSSIER_WRITERS,
        data=lambda o: {
            "status": "dang_chuan_bi",
            "note": "Kiểm tra quyền",
            "version": _dossier_item(o).version,
        },
    ),
    "dossiers:item-file": Rule(
        "get", lambda o: reverse("dossiers:item-file", args=[_dossier_item(o).pk]), DOSSIER_READERS
    ),
    "dossiers:submit": Rule(
        "post",
        lambda o: reverse("dossiers:submit", args=[_dossier(o).pk]),
        {**TASK_WRITERS, "official_a": 403},
        data=lambda o: {"version": _dossier(o).version},
    ),
    "dossiers:return": Rule(
        "post",
        lambda o: reverse("dossiers:return", args=[_dossier(o).pk]),
        {
            **HIDDEN_FROM_OTHERS,
            "official_a": 403,
            "culture_a": 403,
            "leader_a": 403,
            "district_a": "ok",
            "province_a": "ok",
            "admin": "ok",
        },
        data=lambda o: {
            "tra-lai-comment": "Kiểm tra quyền",
            "tra-lai-version": _dossier(o).version,
        },
    ),
    "dossiers:checklists": Rule("get", lambda o: reverse("dossiers:checklists"), EVERYONE),
    "dossiers:checklist": Rule(
        "get",
        lambda o: reverse("dossiers:checklist", args=["xa_ntm", o.commune.province_id]),
        LIST_OF_A_READERS,
    ),
    "dossiers:checklist-add": Rule(
        "post",
        lambda o: reverse("dossiers:checklist-add", args=["xa_ntm", o.commune.province_id]),
        LIST_OF_A_EDITORS,
        data=lambda o: {"name": "Bản đồ quy hoạch xã", "required": "on"},
    ),
    "dossiers:checklist-copy": Rule(
        "post",
        lambda o: reverse("dossiers:checklist-copy", args=["xa_ntm", o.commune.province_id]),
        LIST_OF_A_EDITORS,
    ),
    "dossiers:checklist-item-edit": Rule(
        "post",
        lambda o: reverse("dossiers:checklist-item-edit", args=[_list_item(o).pk]),
        LIST_OF_A_EDITORS,
        data=lambda o: {
            "name": "Tờ trình (đã sửa)",
            "basis": "",
            "required": "on",
            "order": 5,
            "version": _list_item(o).version,
        },
    ),
    "dossiers:checklist-item-retire": Rule(
        "post",
        lambda o: reverse("dossiers:checklist-item-retire", args=[_list_item(o).pk]),
        LIST_OF_A_EDITORS,
        data=lambda o: {"ngung-on": "31/12/2025", "ngung-version": _list_item(o).version},
    ),
}
MATRIX.update(DOSSIER_RULES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(DOSSIER_RULES))
def test_dossier_permission_matrix(client, world, name, role):
    """The matrix's check on the dossier rules; a refused write leaves dossiers, documents,
    lists and their history as they were, an accepted one changes them."""
    from dossiers.models import ChecklistItem, Dossier, DossierChange, DossierItem

    dossier = _dossier(world)
    if name == "dossiers:return":
        Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.SUBMITTED)
    if name.startswith("dossiers:checklist-item"):
        _list_item(world)

    def rows():
        return (
            list(Dossier.objects.order_by("pk").values_list("pk", "state", "version")),
            list(DossierItem.objects.order_by("pk").values_list("pk", "status", "note", "version")),
            list(
                ChecklistItem.objects.order_by("pk").values_list(
                    "pk", "name", "required", "retired_on", "version"
                )
            ),
            DossierChange.objects.count(),
        )

    _writes_only_when_allowed(client, world, name, role, DOSSIER_RULES[name], rows)


def _writes_only_when_allowed(client, world, name, role, rule, rows):
    """The matrix's check on one rule, and what `rows()` reads of the tables it may write:
    changed by an accepted write (done, not refused with a message), untouched otherwise."""
    before = rows()
    test_permission_matrix(client, world, name, role)
    if rule.method == "post":
        if rule.expected(role) == "ok":
            assert rows() != before
        else:
            assert rows() == before


# Sổ công nhận (recognition): xã A recognised xã NTM by QĐ 100/QĐ-UBND of 20/12/2022 with its
# scan, made the first time a rule asks for it. Whoever reads xã A reads its register and the
# scan; province A's NTM office (and administrators) record, revoke and attach; every other
# reader of xã A is refused (403), the others see nothing (404). The lists are open to everyone
# signed in, each scoped to what they read. test_recognition_permission_matrix runs them.


def _recognition(o):
    from recognition import services as recognition_services
    from recognition.models import Recognition

    found = Recognition.objects.filter(unit=o.commune, revokes__isnull=True).first()
    if found is not None:
        return found
    upload = SimpleUploadedFile("qd-100.pdf", b"%PDF-1.4 x")
    validate_evidence(upload)
    decision = recognition_services.record_decision(
        actor=o.users["province_a"],
        kind="cong_nhan",
        number="100/QĐ-UBND",
        signed_on=date(2022, 12, 20),
        body="UBND tỉnh Hà Tĩnh",
        entries=[recognition_services.Entry(o.commune, "xa_ntm")],
        upload=upload,
    )
    return decision.entries.get()


def _scan():
    return SimpleUploadedFile("qd-ban-chup.pdf", b"%PDF-1.4 y", content_type="application/pdf")


RECORDERS_OF_A = {**HIDDEN_FROM_OTHERS, "*": 403, "province_a": "ok", "admin": "ok"}
RECOGNITION_RULES = {
    "recognition:index": Rule("get", lambda o: reverse("recognition:index"), EVERYONE),
    "recognition:lacking": Rule("get", lambda o: reverse("recognition:lacking"), EVERYONE),
    "recognition:unit": Rule(
        "get",
        lambda o: reverse("recognition:unit", args=[o.commune.pk]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "recognition:add": Rule(
        "post",
        lambda o: reverse("recognition:add", args=[o.commune.pk]),
        RECORDERS_OF_A,
        data=lambda o: {
            "kind": "cong_nhan",
            "tier": "xa_ntm_nang_cao",
            "number": "2345/QĐ-UBND",
            "signed_on": "01/12/2025",
            "body": "UBND tỉnh Hà Tĩnh",
        },
    ),
    "recognition:revoke": Rule(
        "post",
        lambda o: reverse("recognition:revoke", args=[_recognition(o).pk]),
        RECORDERS_OF_A,
        data=lambda o: {
            "number": "55/QĐ-UBND",
            "signed_on": "01/03/2024",
            "body": "UBND tỉnh Hà Tĩnh",
            "reason": "Kiểm tra quyền",
        },
    ),
    "recognition:file": Rule(
        "get",
        lambda o: reverse("recognition:file", args=[_recognition(o).decision_id]),
        {**READERS_OF_A, **HIDDEN_FROM_OTHERS},
    ),
    "recognition:attach": Rule(
        "post",
        lambda o: reverse("recognition:attach", args=[_recognition(o).decision_id]),
        RECORDERS_OF_A,
        data=lambda o: {"file": _scan(), "version": _recognition(o).decision.version},
    ),
    "recognition:correct": Rule(
        "post",
        lambda o: reverse("recognition:correct", args=[_recognition(o).decision_id]),
        RECORDERS_OF_A,
        data=lambda o: {"signer": "Võ Trọng Hải", "version": _recognition(o).decision.version},
    ),
}
MATRIX.update(RECOGNITION_RULES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(RECOGNITION_RULES))
def test_recognition_permission_matrix(client, world, name, role):
    """The matrix's check on the register's rules; a refused write leaves the decisions, their
    entries and the history as they were, an accepted one changes them."""
    from recognition.models import Decision, Recognition, RecognitionChange

    _recognition(world)

    def rows():
        return (
            list(
                Decision.objects.order_by("pk").values_list(
                    "pk", "number", "file", "signer", "version"
                )
            ),
            list(Recognition.objects.order_by("pk").values_list("pk", "unit", "tier", "revokes")),
            RecognitionChange.objects.count(),
        )

    _writes_only_when_allowed(client, world, name, role, RECOGNITION_RULES[name], rows)


# Sắp xếp đơn vị (reorganisations): public acts, read by everyone signed in; applied by
# administrators only (404 for everyone else). A unit's figures: read by whoever reads the unit,
# recorded by its province's NTM office and administrators. test_units_permission_matrix runs
# them.


def _reorganisation(o):
    from units import reorganisation
    from units.models import Reorganisation

    found = Reorganisation.objects.first()
    if found is not None:
        return found
    old = factories.CommuneFactory(name="Cẩm Huy", parent=o.commune.parent)
    return reorganisation.apply(
        reorganisation.Plan(
            "Nghị quyết 786/NQ-UBTVQH14 (minh họa)",
            date(2019, 12, 1),
            [reorganisation.Step("merge_communes", old.code, o.commune.code)],
        ),
        actor=None,
    )


def _previewed(o) -> str:
    """The fingerprint the preview of the rule's reorganisation gives (units.reorganisation)."""
    from units import reorganisation

    return reorganisation.fingerprint(
        reorganisation.Plan(
            "Nghị quyết 1665/NQ-UBTVQH15 (minh họa)",
            date(2025, 7, 1),
            [reorganisation.Step("merge_communes", o.commune.code, "moi-xa", "Xã mới", "Xã", "")],
        )
    )


UNIT_RULES = {
    "units:reorganisations": Rule("get", lambda o: reverse("units:reorganisations"), EVERYONE),
    "units:reorganisation": Rule(
        "get", lambda o: reverse("units:reorganisation", args=[_reorganisation(o).pk]), EVERYONE
    ),
    "units:reorganisation-add": Rule(
        "post",
        lambda o: reverse("units:reorganisation-add"),
        ADMINS_ONLY,
        data=lambda o: {
            "basis": "Nghị quyết 1665/NQ-UBTVQH15 (minh họa)",
            "effective": "01/07/2025",
            "action": "merge_communes",
            "predecessors": o.commune.code,
            "successor_code": "moi-xa",
            "successor_name": "Xã mới",
            "successor_prefix": "Xã",
            "apply": "1",
            "previewed": _previewed(o),
        },
    ),
    "units:unit-facts": Rule(
        "post",
        lambda o: reverse("units:unit-facts", args=[o.commune.pk]),
        RECORDERS_OF_A,
        data=lambda o: {
            "kind": "dan_so",
            "value": "8.512",
            "as_of": "01/04/2024",
            "basis": "Niên giám thống kê",
        },
    ),
}
MATRIX.update(UNIT_RULES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(UNIT_RULES))
def test_units_permission_matrix(client, world, name, role):
    """A refused reorganisation leaves the units, their placements and the roles as they were,
    a refused figure the figures; an allowed one writes."""
    from units.models import Reorganisation, Role, Unit, UnitFact

    def rows():
        return (
            Reorganisation.objects.count(),
            list(Unit.objects.order_by("pk").values_list("pk", "parent", "valid_to")),
            Role.objects.count(),
            UnitFact.objects.count(),
        )

    _writes_only_when_allowed(client, world, name, role, UNIT_RULES[name], rows)
