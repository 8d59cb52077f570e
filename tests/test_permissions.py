"""The permission matrix: every URL of the app × every kind of user → the expected answer.

The list of URLs comes from the URL conf, so a new view without a row here fails
`test_every_url_has_a_rule`. "ok" means the view did its job (200 for a page, a redirect
after a successful POST); 404 means the object is not even admitted to exist.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from criteria import services
from criteria.forms import validate_evidence
from criteria.models import Assessment, Criterion, IndicatorStatus
from tests import factories

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
# and the root redirect.
UNRULED = {"login", "logout", ""}


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
        data=lambda o: {"year": 2024, "framework": o.assessment.framework.key},
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
        data=lambda o: {"action": "verify"},
        state=Assessment.State.SUBMITTED,
    ),
}


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


@pytest.fixture
def world(
    commune_a,
    commune_b,
    district_a,
    district_b,
    province,
    f318,
    official_a,
    official_b,
    district_officer,
):
    o = Objects()
    o.commune = commune_a
    o.assessment = services.assessment_open(
        commune=commune_a, framework=f318, year=2023, actor=official_a
    )
    o.assessment.statuses.update(status=Status.MET, note="Đạt")
    services.assessment_recount(o.assessment)
    o.status = IndicatorStatus.objects.get(assessment=o.assessment, indicator__code="17.3")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")
    validate_evidence(upload)
    o.evidence = services.evidence_add(status=o.status, actor=official_a, upload=upload)
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
        "province_a": factories.official(province, username="vp_tinh_a", kind="province_office"),
        "admin": factories.UserFactory(username="quan_tri", is_superuser=True, is_staff=True),
    }
    return o


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
        # A refused write changes nothing.
        after = list(
            IndicatorStatus.objects.filter(assessment=world.assessment).values_list(
                "status", "note", "version"
            )
        )
        world.assessment.refresh_from_db()
        assert after == before and world.assessment.state == state_before
        assert not Assessment.objects.filter(commune=world.commune, year=2024).exists()
