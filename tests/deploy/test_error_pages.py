"""Vietnamese 403/404/500 pages (templates/403.html, 404.html, 500.html), DEBUG off."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from criteria.models import IndicatorStatus


@pytest.mark.django_db
def test_missing_page_is_vietnamese_for_visitors(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Resolver404" not in html and "khong-co-trang-nay" not in html
    assert '<html lang="vi">' in html


def test_another_communes_page_is_the_same_404(client, official_b, commune_a):
    client.force_login(official_b)

    response = client.get(reverse("criteria:commune-detail", args=[commune_a.pk]))

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "Cẩm Tân" not in response.content.decode()


def test_forbidden_page_explains_in_vietnamese(client, district_officer, assessment_a):
    status = IndicatorStatus.objects.filter(assessment=assessment_a).first()
    client.force_login(district_officer)

    response = client.get(reverse("criteria:status-edit", args=[status.pk]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Không có quyền thực hiện" in html
    assert "Danh sách xã" in html  # the signed-in navigation is there


def test_forbidden_page_without_a_message():
    request = RequestFactory().get("/")
    request.user = None

    response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()


def test_server_error_page_needs_no_request_context_nor_database():
    # No django_db mark: any query would fail the test. server_error renders with an empty
    # context, as Django does when something else has already gone wrong.
    response = defaults.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html
    assert 'href="/static/css/app.css"' in html


@pytest.mark.django_db
def test_stale_form_is_explained_in_vietnamese(official_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official_a)

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
