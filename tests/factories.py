import factory
from factory.django import DjangoModelFactory

from units.models import Role, Unit, User


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    kind = Unit.Kind.COMMUNE
    code = factory.Sequence(lambda n: f"test-{n:05d}")
    prefix = "Xã"
    name = factory.Sequence(lambda n: f"Đơn vị {n}")


class CommuneFactory(UnitFactory):
    kind = Unit.Kind.COMMUNE
    prefix = "Xã"
    province = factory.LazyAttribute(lambda o: o.parent.province or o.parent if o.parent else None)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", "ntm-demo")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def official(commune: Unit, *, username: str, criteria=(), kind=Role.Kind.COMMUNE_OFFICIAL) -> User:
    user = UserFactory(username=username)
    role = Role.objects.create(user=user, unit=commune, kind=kind)
    if criteria:
        role.criteria.set(criteria)
    return user


def supervisor(unit: Unit, *, username: str) -> User:
    user = UserFactory(username=username)
    Role.objects.create(user=user, unit=unit, kind=Role.Kind.SUPERVISOR)
    return user


# --- the units and people of tests/conftest.py's fixtures -----------------------------------
# As plain functions too, for data made once per module (tests/shared.py): `two_communes()`
# makes what the fixtures of the same names make.


def make_province():
    return UnitFactory(kind="province", prefix="Tỉnh", name="Hà Tĩnh", region="btb")


def make_district_a(province):
    return UnitFactory(
        kind="district", prefix="Huyện", name="Cẩm Xuyên", parent=province, province=province
    )


def make_commune_a(district_a, f318):
    return CommuneFactory(name="Cẩm Tân", parent=district_a, region="btb", framework=f318)


def make_other_province():
    return UnitFactory(kind="province", prefix="Tỉnh", name="Đắk Nông", region="tn")


def make_district_b(other_province):
    return UnitFactory(
        kind="district",
        prefix="Huyện",
        name="Krông Nô",
        parent=other_province,
        province=other_province,
    )


def make_commune_b(district_b, f318):
    return CommuneFactory(name="Nâm Nung", parent=district_b, region="tn", framework=f318)


def two_communes():
    """province > district_a > commune_a, other_province > district_b > commune_b (both on
    318/QĐ-TTg), official_a, official_b and district_officer, by the fixtures' names."""
    from types import SimpleNamespace

    from criteria.models import Framework  # lazily: the factories load before apps

    o = SimpleNamespace(f318=Framework.objects.get(key="xa_ntm_2021_2025"))
    o.province = make_province()
    o.district_a = make_district_a(o.province)
    o.commune_a = make_commune_a(o.district_a, o.f318)
    o.other_province = make_other_province()
    o.district_b = make_district_b(o.other_province)
    o.commune_b = make_commune_b(o.district_b, o.f318)
    o.official_a = official(o.commune_a, username="official_a")
    o.official_b = official(o.commune_b, username="official_b")
    o.district_officer = supervisor(o.district_a, username="district_a")
    return o


# --- assignments (rows written directly, without history: for lists and counts) -------------


def _last_day(task):
    from assignments.deadlines import parse_deadline  # lazily: the factories load before apps

    return parse_deadline(task.deadline_text).day


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = "assignments.Task"

    unit = factory.SubFactory(CommuneFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}: chỉnh trang đường làng, ngõ xóm")
    plan_year = 2023
    deadline_text = "tháng 12/2023"
    deadline = factory.LazyAttribute(_last_day)


class ResponsiblePartyFactory(DjangoModelFactory):
    class Meta:
        model = "assignments.ResponsibleParty"

    task = factory.SubFactory(TaskFactory)
    kind = "person"
    role = "tham_muu"
    name = factory.Sequence(lambda n: f"Trần Văn {n}")
    position = "Công chức Văn hóa - xã hội"


class FundingLineFactory(DjangoModelFactory):
    class Meta:
        model = "assignments.FundingLine"

    task = factory.SubFactory(TaskFactory)
    source = "xa"
    planned = 500_000_000
    disbursed = 0


# --- criteria frameworks authored in the app ------------------------------------------------


def province_office(province: Unit, *, username: str) -> User:
    user = UserFactory(username=username)
    Role.objects.create(user=user, unit=province, kind=Role.Kind.PROVINCE_OFFICE)
    return user


def national_office(*, username: str = "tw") -> User:
    """The national NTM coordination office: the `criteria.author_national` permission."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="author_national"))
    return user


def authored_framework(*, actor: User, province: Unit | None, key: str = "nc_ht", publish=True):
    """A small set authored through the services: 2 criteria, 3 indicators; criterion 1 holds a
    measured indicator 1.1 (≥ 80 %) and a judged one 1.2, criterion 2 a measured 2.1 (≥ 50 %)."""
    from decimal import Decimal

    from criteria import authoring
    from criteria.authoring import Bar

    framework = authoring.framework_create(
        actor=actor,
        key=key,
        province=province,
        name="Bộ tiêu chí xã NTM nâng cao tỉnh (thử)",
        short_name="NTM nâng cao tỉnh (thử)",
        level="xa_ntm_nang_cao",
        unit_kind="commune",
        decision_number="01/2026/QĐ-UBND",
        decision_body="UBND tỉnh",
        period_start=2026,
        period_end=2030,
        category_kind="",
    )
    c1 = authoring.criterion_add(framework=framework, actor=actor, number=1, name="Quy hoạch")
    c2 = authoring.criterion_add(framework=framework, actor=actor, number=2, name="Giao thông")
    authoring.indicator_add(
        framework=framework, actor=actor, criterion=c1, code="1.1", name="Tỷ lệ hộ",
        kind="numeric", unit="%", bars={"": Bar(Decimal("80"))},
    )  # fmt: skip
    authoring.indicator_add(
        framework=framework, actor=actor, criterion=c1, code="1.2", name="Có quy chế",
        kind="boolean",
    )  # fmt: skip
    authoring.indicator_add(
        framework=framework, actor=actor, criterion=c2, code="2.1", name="Đường nhựa hóa",
        kind="numeric", unit="%", bars={"": Bar(Decimal("50"))},
    )  # fmt: skip
    if publish:
        authoring.framework_publish(framework=framework, actor=actor)
        framework.refresh_from_db()
    return framework


def measured(assessment, code, value, actor):
    """The commune's measured value of indicator `code` written through the service (judged
    against the bar that applies, with its history row); the status as it then is."""
    from decimal import Decimal

    from criteria import services

    status = assessment.statuses.get(indicator__code=code)
    services.status_update(
        status=status,
        actor=actor,
        new_status=None,
        value=Decimal(value),
        note="",
        version=status.version,
    )
    status.refresh_from_db()
    return status
