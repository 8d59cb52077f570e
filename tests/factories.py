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
