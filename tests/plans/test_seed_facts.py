"""Seed fidelity (issue 18): each seed plan drafted from the demo data, as a user would
(*Tạo dự thảo* with the seed's unit, kind, years and issuer), printed to PDF and read back
with poppler, states the facts its seed states (tests/plans/seed_facts.py).

The issue's target is 95 % of each seed's facts (TARGET), met by every seed since the data
model holds bases, purposes, targets, measures, duties of bodies, recipients and signers.
RATCHET holds the share measured now, so that a change that loses a fact fails here even above
the target. Raise a figure when a change brings facts in; never lower one without saying
which fact went and why.

Run with `-s` (or NTM_TEST_WORKERS=0 … -s) to see the ratios and the missing facts.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

import pytest

from plans.docx import plan_docx_bytes
from plans.models import Plan
from plans.pdf import plan_pdf_bytes
from plans.services import plan_draft
from units.models import Unit, User

from .seed_facts import SEEDS, found, label, squashed
from .test_docx import all_text, open_docx

pytestmark = pytest.mark.django_db

# The share of each seed's facts the PDF states now, measured 2026-12: a ratchet – raise it when
# facts come in, never lower it silently. Still missing: 001 «17,9 tiêu chí/xã» (the demo's
# statuses give 17,75) and a boilerplate sentence; 002 the steering committee's full name; 003
# «100% dịch vụ công trực tuyến» (a nâng cao criterion) and the «Bản điện tử» recipients'
# heading; 004 «huyện Sơn Dương» in the title and the closing sentence.
TARGET = 0.95
RATCHET = {
    "000": 1.00,  # 60/60
    "001": 0.96,  # 58/60
    "002": 0.98,  # 59/60
    "003": 0.96,  # 57/59
    "004": 0.96,  # 48/50
}


@dataclass(frozen=True)
class Seed:
    unit: str  # Unit.code
    kind: str
    year_start: int
    year_end: int
    actor: str  # the demo account that would draft it
    issuer: str = ""  # "" = the kind's own issuer


CASES = {
    # UBND xã Cẩm Tân, consolidation plan 2023–2025
    "000": Seed("ha-tinh.cam-xuyen.cam-tan", Plan.Kind.CONSOLIDATE, 2023, 2025, "camtan"),
    # UBND huyện Krông Nô, district annual plan 2022
    "001": Seed("dak-nong.krong-no", Plan.Kind.DISTRICT_ANNUAL, 2022, 2022, "krongno"),
    # BCĐ huyện Cẩm Xuyên, district criteria plan 2021 (the kind's issuer is the Ban Chỉ đạo)
    "002": Seed("ha-tinh.cam-xuyen", Plan.Kind.DISTRICT_CRITERIA, 2021, 2021, "camxuyen"),
    # UBND xã Song Vân, commune annual plan 2024
    "003": Seed("bac-giang.tan-yen.song-van", Plan.Kind.COMMUNE_ANNUAL, 2024, 2024, "songvan"),
    # Đảng ủy xã Thiện Kế, commune annual plan 2020 ("… năm 2020", on the 2016–2020 set)
    "004": Seed(
        "tuyen-quang.son-duong.thien-ke",
        Plan.Kind.COMMUNE_ANNUAL,
        2020,
        2020,
        "thienke",
        issuer=Plan.Issuer.DANG_UY,
    ),
}


def drafted(key: str) -> tuple[Plan, list[str]]:
    case = CASES[key]
    return plan_draft(
        unit=Unit.objects.get(code=case.unit),
        kind=case.kind,
        year_start=case.year_start,
        year_end=case.year_end,
        actor=User.objects.get(username=case.actor),
        issuer=case.issuer,
    )


def pdf_text(poppler, pdf: bytes, *, raw=False) -> str:
    """The text of every page without the page numbers of pages 2, 3 … (at the top of the
    page as laid out; wherever the page wrote it in `raw` order)."""
    pages = poppler.pages(pdf, raw=raw)
    kept = [pages[0]]
    for number, page in enumerate(pages[1:], 2):
        lines = page.strip("\n").split("\n")
        ends = [0, len(lines) - 1] if raw else [0]
        for at in reversed(ends):
            if lines and lines[at].strip() == str(number):
                del lines[at]
                break
        kept.append("\n".join(lines))
    return "\n".join(kept)


def measure(key: str, text: str) -> tuple[int, list[str]]:
    name, facts = SEEDS[key]
    text = squashed(text)
    missing = [label(f) for f in facts if not found(f, text)]
    return len(facts) - len(missing), missing


def report(key: str, hits: int, missing: list[str], warnings: list[str]) -> str:
    name, facts = SEEDS[key]
    lines = [f"seed {key} {name}: {hits}/{len(facts)} facts ({round(100 * hits / len(facts))} %)"]
    lines += [f"    thiếu: {m}" for m in missing]
    lines += [f"    cảnh báo khi lập: {w}" for w in warnings]
    return "\n".join(lines)


def test_every_seed_has_a_case_and_25_to_60_facts():
    assert set(CASES) == set(SEEDS) == set(RATCHET)
    for key, (_name, facts) in SEEDS.items():
        assert 25 <= len(facts) <= 60, key
        labels = [label(f) for f in facts]
        assert len(labels) == len(set(labels)), key


@pytest.mark.parametrize("key", sorted(CASES))
def test_the_pdf_of_the_seed_drafted_from_the_demo_states_its_facts(key, demo, poppler, capsys):
    plan, warnings = drafted(key)
    hits, missing = measure(key, pdf_text(poppler, plan_pdf_bytes(plan)))

    summary = report(key, hits, missing, warnings)
    with capsys.disabled():
        print("\n" + summary)
    total = len(SEEDS[key][1])
    assert hits / total >= max(TARGET, RATCHET[key]) - 1e-9, summary


# --- the same words in the PDF and the DOCX ------------------------------------------------

DASHES = re.compile(r"[-–—]")


def words(text: str) -> list[str]:
    """The words of a text, comparable across PDF and DOCX: NFC, no hyphens or dashes
    (pdftotext drops a hyphen at a line end), "Đ/ c" broken after its slash joined again."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"(?<=\S)[-–—][ \t]*\n\s*(?=\S)", "", text)  # "QĐ-\nBYT" → "QĐBYT"
    text = re.sub(r"(?<=\S)[-–—](?=\S)", "", text)  # "QĐ-TTg" → "QĐTTg"
    text = re.sub(r"/\s+(?=\S)", "/", DASHES.sub(" ", text))
    return text.split()


def body_words(text: str) -> list[str]:
    """From the document type ("KẾ HOẠCH") to the end of the closing, before "Nơi nhận:"."""
    all_words = words(text)
    pairs = list(zip(all_words, all_words[1:], strict=False))
    start = pairs.index(("KẾ", "HOẠCH")) if ("KẾ", "HOẠCH") in pairs else 0
    end = pairs.index(("Nơi", "nhận:")) if ("Nơi", "nhận:") in pairs else len(all_words)
    return all_words[start:end]


def table_headers(plan: Plan) -> list[list[str]]:
    """The header row of each table of the plan, as words: the PDF repeats it on every page
    the table runs onto, the DOCX marks it to repeat (one copy in its text)."""
    headers = []
    for section in plan.sections.all():
        lines = section.body.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
                headers.append(words(" ".join(c.strip() for c in line.strip("|").split("|"))))
    return headers


def without_repeated_headers(seq: list[str], headers: list[list[str]]) -> list[str]:
    out = list(seq)
    for header in headers:
        n, seen, i = len(header), 0, 0
        while i <= len(out) - n:
            if out[i : i + n] == header:
                seen += 1
                if seen > 1:
                    del out[i : i + n]
                    continue
            i += 1
    return out


def differences(a: list[str], b: list[str]) -> list[str]:
    shown = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            shown.append(f"{op}: PDF «{' '.join(a[i1:i2])}» / DOCX «{' '.join(b[j1:j2])}»")
    return shown


@pytest.mark.parametrize("key", sorted(CASES))
def test_pdf_and_docx_of_the_seed_draft_carry_the_same_words(key, demo, poppler):
    plan, _ = drafted(key)
    pdf = without_repeated_headers(
        body_words(pdf_text(poppler, plan_pdf_bytes(plan), raw=True)), table_headers(plan)
    )
    docx = body_words(all_text(open_docx(plan_docx_bytes(plan))))

    diff = differences(pdf, docx)
    assert not diff, f"seed {key}: " + "\n".join(diff)
