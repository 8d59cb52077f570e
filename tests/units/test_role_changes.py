"""Every role given, changed or taken away leaves one RoleChange, also through the admin."""

import pytest
from django.urls import reverse

from criteria.models import Criterion
from tests import factories
from tests.admin_forms import admin_seen, post_data
from units import services
from units.models import Role, RoleChange


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="quantri", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def hoa(db):
    return factories.UserFactory(username="vanhoa.camtan", full_name="Lê Thị Hoa")


def criteria(framework, *numbers):
    return list(Criterion.objects.filter(framework=framework, number__in=numbers))


def record(change: RoleChange):
    return (
        change.action,
        change.user.username,
        change.unit.name,
        change.kind,
        change.criteria_before,
        change.criteria_after,
        change.actor.username if change.actor else None,
    )


def user_change_post(client, user, edit_roles) -> dict:
    """The user's change page posted back, after `edit_roles(list of role form dicts)`."""
    page = client.get(reverse("admin:units_user_change", args=[user.pk]))
    data = post_data(page.context["adminform"].form)
    [formset] = [f.formset for f in page.context["inline_admin_formsets"]]
    roles = [
        {key.split("-")[-1]: value for key, value in post_data(form).items() if key != "DELETE"}
        for form in formset.initial_forms
    ]
    roles = edit_roles(roles)
    prefix = formset.prefix
    data |= {
        f"{prefix}-TOTAL_FORMS": str(len(roles)),
        f"{prefix}-INITIAL_FORMS": str(len(formset.initial_forms)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        data |= {f"{prefix}-{i}-{key}": value for key, value in role.items()}
    return data


# -- services ----------------------------------------------------------------------------


def test_services_record_create_change_and_delete(admin_user, hoa, commune_a, f318):
    role = services.role_create(
        actor=admin_user,
        user=hoa,
        unit=commune_a,
        kind=Role.Kind.COMMUNE_OFFICIAL,
        criteria=criteria(f318, 16, 6),
    )
    services.role_update(
        actor=admin_user,
        role=role,
        user=hoa,
        unit=commune_a,
        kind=role.kind,
        criteria=criteria(f318, 6),
    )
    services.role_delete(actor=None, role=role)

    assert [record(c) for c in RoleChange.objects.order_by("pk")] == [
        ("added", "vanhoa.camtan", "Cẩm Tân", "commune_official", "", "6, 16", "quantri"),
        ("changed", "vanhoa.camtan", "Cẩm Tân", "commune_official", "6, 16", "6", "quantri"),
        ("removed", "vanhoa.camtan", "Cẩm Tân", "commune_official", "6", "", None),
    ]
    assert not Role.objects.exists()


def test_update_without_a_difference_records_nothing(admin_user, hoa, commune_a, f318):
    role = services.role_create(
        actor=admin_user, user=hoa, unit=commune_a, kind="commune_official", criteria=[]
    )

    services.role_update(
        actor=admin_user, role=role, user=hoa, unit=commune_a, kind=role.kind, criteria=[]
    )

    assert RoleChange.objects.count() == 1


# -- the role admin ----------------------------------------------------------------------


def test_adding_a_role_in_the_admin_is_recorded(admin_client, admin_user, hoa, commune_a, f318):
    response = admin_client.post(
        reverse("admin:units_role_add"),
        {
            "user": hoa.pk,
            "unit": commune_a.pk,
            "kind": "commune_official",
            "criteria": [c.pk for c in criteria(f318, 6, 16)],
        },
    )

    assert response.status_code == 302
    role = Role.objects.get(user=hoa)
    assert sorted(c.number for c in role.criteria.all()) == [6, 16]
    [change] = RoleChange.objects.all()
    assert record(change) == (
        "added",
        "vanhoa.camtan",
        "Cẩm Tân",
        "commune_official",
        "",
        "6, 16",
        "quantri",
    )


def _saved_in_admin(client, role, **changed):
    """The role's admin page, opened and saved with `changed` (its fields as they are else)."""
    url = reverse("admin:units_role_change", args=[role.pk])
    fields = {"user": role.user_id, "unit": role.unit_id, "kind": role.kind, **changed}
    return client.post(url, {**admin_seen(client, url), **fields})


def test_changing_criteria_in_the_admin_is_recorded(admin_client, hoa, commune_a, f318):
    role = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")
    role.criteria.set(criteria(f318, 6))

    response = _saved_in_admin(admin_client, role, criteria=[c.pk for c in criteria(f318, 6, 16)])

    assert response.status_code == 302
    assert sorted(c.number for c in role.criteria.all()) == [6, 16]
    [change] = RoleChange.objects.all()
    assert record(change)[0] == "changed"
    assert (change.criteria_before, change.criteria_after) == ("6", "6, 16")


def test_saving_a_role_unchanged_in_the_admin_records_nothing(admin_client, hoa, commune_a):
    role = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")

    response = _saved_in_admin(admin_client, role)

    assert response.status_code == 302
    assert not RoleChange.objects.exists()


def test_moving_a_role_to_another_unit_records_removal_and_addition(
    admin_client, hoa, commune_a, commune_b
):
    role = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")

    _saved_in_admin(admin_client, role, unit=commune_b.pk)

    role.refresh_from_db()
    assert role.unit == commune_b
    assert [(c.action, c.unit.name) for c in RoleChange.objects.order_by("pk")] == [
        ("removed", "Cẩm Tân"),
        ("added", "Nâm Nung"),
    ]


def test_deleting_a_role_in_the_admin_is_recorded(admin_client, hoa, commune_a, f318):
    role = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")
    role.criteria.set(criteria(f318, 6, 16))

    response = admin_client.post(
        reverse("admin:units_role_delete", args=[role.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Role.objects.exists()
    [change] = RoleChange.objects.all()
    assert record(change) == (
        "removed",
        "vanhoa.camtan",
        "Cẩm Tân",
        "commune_official",
        "6, 16",
        "",
        "quantri",
    )


def test_deleting_roles_with_the_list_action_records_each(admin_client, hoa, commune_a, commune_b):
    roles = [
        Role.objects.create(user=hoa, unit=commune_a, kind="commune_official"),
        Role.objects.create(user=hoa, unit=commune_b, kind="commune_official"),
    ]

    admin_client.post(
        reverse("admin:units_role_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in roles], "post": "yes"},
    )

    assert not Role.objects.exists()
    assert sorted(c.unit.name for c in RoleChange.objects.filter(action="removed")) == [
        "Cẩm Tân",
        "Nâm Nung",
    ]


# -- the roles inline on the user admin -------------------------------------------------


def test_roles_added_changed_and_deleted_on_the_user_page_are_recorded(
    admin_client, hoa, commune_a, commune_b, district_a, f318
):
    kept = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")
    kept.criteria.set(criteria(f318, 6))
    dropped = Role.objects.create(user=hoa, unit=commune_b, kind="commune_official")

    def edit(roles):
        for role in roles:
            if role["id"] == str(kept.pk):
                role["criteria"] = [str(c.pk) for c in criteria(f318, 6, 16)]
            if role["id"] == str(dropped.pk):
                role["DELETE"] = "on"
        return [*roles, {"unit": str(district_a.pk), "kind": "supervisor", "user": str(hoa.pk)}]

    response = admin_client.post(
        reverse("admin:units_user_change", args=[hoa.pk]), user_change_post(admin_client, hoa, edit)
    )

    assert response.status_code == 302, response.context["errors"]
    assert sorted(r.unit.name for r in hoa.roles.all()) == ["Cẩm Tân", "Cẩm Xuyên"]
    assert sorted(c.number for c in Role.objects.get(pk=kept.pk).criteria.all()) == [6, 16]
    assert sorted(record(c) for c in RoleChange.objects.all()) == [
        ("added", "vanhoa.camtan", "Cẩm Xuyên", "supervisor", "", "", "quantri"),
        ("changed", "vanhoa.camtan", "Cẩm Tân", "commune_official", "6", "6, 16", "quantri"),
        ("removed", "vanhoa.camtan", "Nâm Nung", "commune_official", "", "", "quantri"),
    ]


def test_saving_the_user_page_unchanged_records_nothing(admin_client, hoa, commune_a, f318):
    role = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")
    role.criteria.set(criteria(f318, 6))

    response = admin_client.post(
        reverse("admin:units_user_change", args=[hoa.pk]),
        user_change_post(admin_client, hoa, lambda roles: roles),
    )

    assert response.status_code == 302, response.context["errors"]
    assert not RoleChange.objects.exists()


# -- the record in the admin -------------------------------------------------------------


def test_role_changes_are_listed_but_read_only_in_the_admin(
    admin_client, admin_user, hoa, commune_a
):
    services.role_create(actor=admin_user, user=hoa, unit=commune_a, kind="commune_official")
    change = RoleChange.objects.get()

    listing = admin_client.get(reverse("admin:units_rolechange_changelist"), {"action": "added"})
    add = admin_client.get(reverse("admin:units_rolechange_add"))
    delete = admin_client.post(
        reverse("admin:units_rolechange_delete", args=[change.pk]), {"post": "yes"}
    )
    edit = admin_client.post(reverse("admin:units_rolechange_change", args=[change.pk]), {})

    assert listing.status_code == 200 and "Lê Thị Hoa" in listing.content.decode()
    assert add.status_code == 403
    assert delete.status_code == 403
    assert edit.status_code == 403
    assert RoleChange.objects.filter(pk=change.pk, action="added").exists()


def test_a_role_changed_elsewhere_since_the_form_was_opened_is_not_overwritten(
    admin_client, hoa, commune_a, f318
):
    role = Role.objects.create(user=hoa, unit=commune_a, kind="commune_official")
    url = reverse("admin:units_role_change", args=[role.pk])
    stale = admin_seen(admin_client, url)
    services.role_update(  # meanwhile, another administrator limits it to criterion 6
        actor=None,
        role=role,
        user=hoa,
        unit=commune_a,
        kind="commune_official",
        criteria=criteria(f318, 6),
    )
    refused = admin_client.post(
        url,
        {
            **stale,
            "user": hoa.pk,
            "unit": commune_a.pk,
            "kind": "commune_official",
            "criteria": [c.pk for c in criteria(f318, 16)],
        },
    )
    assert refused.status_code == 200
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang" in refused.content.decode()
    assert [c.number for c in role.criteria.all()] == [6]
    assert RoleChange.objects.count() == 1  # the other administrator's, only
