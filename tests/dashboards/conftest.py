"""A district whose figures are computed by hand (see `district_figures`).

Huyện Cẩm Xuyên (district_a), framework 318 (19 criteria), years 2022 and 2023:

| xã | mức phấn đấu | 2022 | 2023 (tự đánh giá) | 2023 (đã thẩm tra) | chỉ tiêu 2023 |
|---|---|---|---|---|---|
| Cẩm Tân (commune_a) | NTM | 17/19, thẩm tra (17, 18 chưa đạt) | 17/19: 4 sửa sau thẩm tra → chưa đạt, 5 chưa đạt | 18/19 (5 chưa đạt) | 17, 18 |
| Cẩm Bình | nâng cao | 19/19, tự đánh giá | 19/19 | 19/19 | – |
| Cẩm Lạc | kiểu mẫu | – | 10/19: 11–15 chưa đạt, 16–19 chưa đánh giá | – | 11, 12, 13 |
| Cẩm Duệ | NTM | – | – | – | – |
"""

import os
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from criteria import services
from criteria.models import Assessment, Criterion, IndicatorStatus
from plans.services import target_set
from tests import factories
from units.models import Unit

Status = IndicatorStatus.Status


def set_results(assessment, *, not_met=(), not_assessed=(), note="Theo rà soát"):
    """Every indicator met, except the criteria listed (all their indicators)."""
    assessment.statuses.update(status=Status.MET, note=note)
    assessment.statuses.filter(indicator__criterion__number__in=not_met).update(
        status=Status.NOT_MET
    )
    assessment.statuses.filter(indicator__criterion__number__in=not_assessed).update(
        status=Status.NOT_ASSESSED
    )
    services.assessment_recount(assessment)


def verify(assessment, actor):
    """Through the real service (the submit step's own checks are not what is tested here)."""
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    assessment.refresh_from_db()
    services.assessment_verify(assessment=assessment, actor=actor)


def year_of(commune, framework, year, actor=None):
    return services.assessment_open(commune=commune, framework=framework, year=year, actor=actor)


@dataclass
class District:
    district: Unit
    cam_tan: Unit
    cam_binh: Unit
    cam_lac: Unit
    cam_due: Unit


@pytest.fixture
def district(district_a, commune_a, f318, official_a, district_officer):
    def commune(name, goal):
        return factories.CommuneFactory(
            name=name, parent=district_a, region="btb", framework=f318, level_goal=goal
        )

    cam_binh = commune("Cẩm Bình", Unit.LevelGoal.NANG_CAO)
    cam_lac = commune("Cẩm Lạc", Unit.LevelGoal.KIEU_MAU)
    cam_due = commune("Cẩm Duệ", Unit.LevelGoal.NTM)

    # Cẩm Tân: 2022 verified at 17/19; 2023 verified at 18/19, then 4 edited to "chưa đạt".
    a2022 = year_of(commune_a, f318, 2022)
    set_results(a2022, not_met=[17, 18])
    verify(a2022, district_officer)
    a2023 = year_of(commune_a, f318, 2023)
    set_results(a2023, not_met=[5])
    verify(a2023, district_officer)
    status = IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=a2023, indicator__code="4.1")
    services.status_update(
        status=status,
        actor=official_a,
        new_status=Status.NOT_MET,
        value=status.value,
        note="Lưới điện xuống cấp",
        version=status.version,
    )

    # Cẩm Bình: 19/19 both years, only 2023 verified.
    b2022 = year_of(cam_binh, f318, 2022)
    set_results(b2022)
    b2023 = year_of(cam_binh, f318, 2023)
    set_results(b2023)
    verify(b2023, district_officer)

    # Cẩm Lạc: 2023 only, self-assessed.
    set_results(
        year_of(cam_lac, f318, 2023),
        not_met=[11, 12, 13, 14, 15],
        not_assessed=[16, 17, 18, 19],
    )

    criteria = {c.number: c for c in Criterion.objects.filter(framework=f318)}
    target_set(
        unit=commune_a,
        year=2023,
        actor=district_officer,
        level="ntm",
        criteria=[criteria[17], criteria[18]],
    )
    target_set(
        unit=cam_lac,
        year=2023,
        actor=district_officer,
        level="kieu_mau",
        criteria=[criteria[11], criteria[12], criteria[13]],
    )
    return District(district_a, commune_a, cam_binh, cam_lac, cam_due)


@pytest.fixture
def supervisor_client(client, district_officer):
    client.force_login(district_officer)
    return client


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="quan_tri", is_superuser=True, is_staff=True)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture
def pdf_text(tmp_path):
    """`pdf_text(bytes)`: the PDF's text and its fonts, read back with poppler. Skipped
    without poppler-utils, except in CI where it fails (as the browser tests do)."""
    missing = [t for t in ("pdftotext", "pdffonts") if not shutil.which(t)]
    if missing:
        message = f"poppler-utils không có trên máy này: thiếu {', '.join(missing)}"
        if _flag("CI") or _flag("NTM_REQUIRE_BROWSER"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    def read(pdf: bytes, layout: bool = False) -> tuple[str, str]:
        """`layout`: keep the page's lines (a table's row reads as one line, however tall its
        cells), else poppler's reading order."""
        path = tmp_path / "bang-tong-hop.pdf"
        path.write_bytes(pdf)
        run = [shutil.which("pdftotext"), "-enc", "UTF-8", *(["-layout"] if layout else [])]
        run += [str(path), "-"]
        text = subprocess.run(run, check=True, capture_output=True, text=True).stdout  # noqa: S603
        fonts = subprocess.run(  # noqa: S603
            [shutil.which("pdffonts"), str(path)], check=True, capture_output=True, text=True
        ).stdout
        return " ".join(text.split()), fonts

    return read
