"""Demo recognition register and dossiers, through the services (so their history is real).

The seeds say which communes were recognised, never by which decision: seed 002 (huyện Cẩm
Xuyên, 2021) plans "100% số xã củng cố đảm bảo đạt chuẩn tiêu chí xã nông thôn mới" for a
district that was to be recognised NTM in 2021, so its communes were recognised before; seed 000
has Cẩm Tân "duy trì và nâng cao chất lượng các tiêu chí đã đạt chuẩn"; seed 001 has Nam Đà,
Đắk Sôr and Đắk Drô "tiếp tục duy trì" and working on the nâng cao criteria (recognised NTM,
not nâng cao); seed 003 has Song Vân "đã đạt chuẩn". Every decision number, date and signer
here is invented and says so: "(minh họa)" in the number, the note on every decision.

The 2025 reform is shown on illustrative communes of Cẩm Xuyên (their names say "minh họa"),
merged in pairs from 01/07/2025: Cẩm Hưng's predecessors' decisions do not make it recognised,
so it is on the list of merged communes lacking a decision of their own; Cẩm Lộc holds xã NTM
by an acknowledgement (thừa nhận) after the merger, with its basis.

Cẩm Tân is "at risk": its end-of-2022 review (illustrative, verified by the district office)
finds the criteria its 2023 plan (seed 000) lists as not met, 9 of 19 with Môi trường và an
toàn thực phẩm among them – a revocation case of QĐ 18/2022/QĐ-TTg.
"""

from datetime import date

from criteria import services as criteria_services
from criteria.models import Assessment, Framework, IndicatorStatus
from dossiers.defaults import install_default_checklist
from dossiers.models import Dossier
from dossiers.services import demo_half_complete
from recognition import services
from recognition.models import Decision
from units.models import Unit, User

NOTE = "Dữ liệu minh họa: số, ngày và người ký không phải của văn bản thật."
MERGER = date(2025, 7, 1)
Status = IndicatorStatus.Status


def _decision(actor, number, signed_on, body, units, *, tier="xa_ntm", year=None, **kw):
    if Decision.objects.filter(number=number, year=signed_on.year).exists():
        return  # idempotent: recorded by an earlier run
    services.record_decision(
        actor=actor,
        kind=kw.pop("kind", Decision.Kind.RECOGNITION),
        number=number,
        signed_on=signed_on,
        body=body,
        signer="(minh họa)",
        note=NOTE,
        entries=[services.Entry(u, tier, year) for u in units],
        source="Dữ liệu minh họa (seed_demo)",
        **kw,
    )


def _merged_commune(cam_xuyen: Unit, f318: Framework, code: str, name: str, old: list[str]):
    """An illustrative commune formed on 01/07/2025 from two illustrative communes of Cẩm
    Xuyên (which end that day); `code`, `old`: slugs."""
    predecessors = []
    for slug, old_name in old:
        unit, _ = Unit.objects.update_or_create(
            code=f"ha-tinh.cam-xuyen.{slug}",
            defaults={
                "kind": Unit.Kind.COMMUNE,
                "prefix": "Xã",
                "name": old_name,
                "parent": cam_xuyen,
                "province": cam_xuyen.province,
                "region": "btb",
                "framework": f318,
                "valid_to": MERGER,
            },
        )
        predecessors.append(unit)
    new, _ = Unit.objects.update_or_create(
        code=f"ha-tinh.{code}",
        defaults={
            "kind": Unit.Kind.COMMUNE,
            "prefix": "Xã",
            "name": name,
            "parent": cam_xuyen.province,
            "province": cam_xuyen.province,
            "region": "btb",
            "framework": f318,
            "valid_from": MERGER,
        },
    )
    new.merged_from.set(predecessors)
    return new, predecessors


def _verified_2022(cam_tan: Unit, f318: Framework, reviewer: User) -> None:
    """Cẩm Tân's 2022 year, verified: the criteria the 2023 plan finds not met, not met."""
    if Assessment.objects.filter(commune=cam_tan, framework=f318, year=2022).exists():
        return
    failing = Assessment.objects.get(commune=cam_tan, framework=f318, year=2023).statuses.filter(
        status=Status.NOT_MET
    )
    codes = set(failing.values_list("indicator__code", flat=True))
    a2022 = Assessment.objects.create(commune=cam_tan, framework=f318, year=2022)
    IndicatorStatus.objects.bulk_create(
        IndicatorStatus(
            assessment=a2022,
            indicator=indicator,
            status=Status.NOT_MET if indicator.code in codes else Status.MET,
            note="Rà soát cuối năm 2022 (dữ liệu minh họa, theo tình trạng nêu trong kế hoạch "
            "năm 2023 của xã).",
        )
        for indicator in f318.indicators.filter(retired_on__isnull=True).order_by("order")
    )
    criteria_services.assessment_recount(a2022)
    Assessment.objects.filter(pk=a2022.pk).update(state=Assessment.State.SUBMITTED)
    a2022.refresh_from_db()
    criteria_services.assessment_verify(
        assessment=a2022, actor=reviewer, comment="Thẩm tra cuối năm 2022 (dữ liệu minh họa)."
    )


def seed_recognition(*, office: dict[str, User], reviewer: User, f318: Framework) -> None:
    """`office`: who records each province's decisions, by province code."""
    cam_xuyen = Unit.objects.get(code="ha-tinh.cam-xuyen")
    # lacking: formed from a commune NTM and one NTM nâng cao, no decision of its own yet
    _, (_, cam_thinh) = _merged_commune(
        cam_xuyen,
        f318,
        "cam-hung-mh",
        "Cẩm Hưng (minh họa)",
        [("cam-ha-mh", "Cẩm Hà (minh họa)"), ("cam-thinh-mh", "Cẩm Thịnh (minh họa)")],
    )
    # acknowledged after the merger, on its basis
    cam_loc, _ = _merged_commune(
        cam_xuyen,
        f318,
        "cam-loc-mh",
        "Cẩm Lộc (minh họa)",
        [("cam-hoa-mh", "Cẩm Hòa (minh họa)"), ("cam-duong-mh", "Cẩm Dương (minh họa)")],
    )
    cam_xuyen_communes = list(
        Unit.objects.filter(parent=cam_xuyen, kind=Unit.Kind.COMMUNE).order_by("code")
    )
    _decision(
        office["ha-tinh"],
        "01/QĐ-UBND (minh họa)",
        date(2020, 12, 28),
        "UBND tỉnh Hà Tĩnh",
        cam_xuyen_communes,
        year=2020,
    )
    _decision(
        office["ha-tinh"],
        "02/QĐ-UBND (minh họa)",
        date(2023, 12, 26),
        "UBND tỉnh Hà Tĩnh",
        [cam_thinh],
        tier="xa_ntm_nang_cao",
        year=2023,
    )
    _decision(
        office["ha-tinh"],
        "05/QĐ-UBND (minh họa)",
        date(2025, 9, 15),
        "UBND tỉnh Hà Tĩnh",
        [cam_loc],
        kind=Decision.Kind.ACKNOWLEDGEMENT,
        year=2025,
        basis="Văn bản 5424/BNN-VPĐP ngày 09/8/2023 của Bộ NN&PTNT; QĐ 01/QĐ-UBND (minh họa) "
        "công nhận các xã trước sắp xếp",
    )
    _verified_2022(Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan"), f318, reviewer)

    krong_no = Unit.objects.get(code="dak-nong.krong-no")
    _decision(
        office["dak-nong"],
        "03/QĐ-UBND (minh họa)",
        date(2020, 12, 30),
        "UBND tỉnh Đắk Nông",
        list(krong_no.children.filter(name__in=["Nam Đà", "Đắk Sôr", "Đắk Drô"]).order_by("name")),
        year=2020,
    )
    song_van = Unit.objects.get(code="bac-giang.tan-yen.song-van")
    _decision(
        office["bac-giang"],
        "04/QĐ-UBND (minh họa)",
        date(2019, 12, 27),
        "UBND tỉnh Bắc Giang",
        [song_van],
        year=2019,
    )
    # Song Vân prepares its nâng cao dossier: half of it ready
    install_default_checklist()
    leader = User.objects.get(username="songvan")
    if not Dossier.objects.filter(commune=song_van).exists():
        demo_half_complete(song_van, "xa_ntm_nang_cao", 2025, leader)
