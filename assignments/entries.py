"""A task's responsible parties and funding lines as plain values, and their one-cell notation.

The notation is what the Excel file and the history use, close to how the plans write it:

    Chủ trì: Đ/c Trần Ngọc Quang – Trưởng phòng KTHT (UBND huyện Cẩm Xuyên) [camxuyen]; Phối hợp: Hội Nông dân huyện
    Ngân sách huyện: 500.000.000, đã giải ngân 200.000.000 (ghi chú); Xã hội hóa: 120.000.000

Entries are separated by ";" or a line break (outside parentheses). A person starts with
"Đ/c" (or "đồng chí"), then the name (or the title when the plan names none), a long dash
" – " and the position, the unit in parentheses, the account's user name in brackets; anything else is an
organisation. Amounts are whole đồng ("500.000.000", "12,8 tỷ"). Pure functions: no database.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from common.money import format_amount, parse_vnd
from common.text import fold

from .models import FundingLine, ResponsibleParty

Kind = ResponsibleParty.Kind
Role = ResponsibleParty.Role
Source = FundingLine.Source

SEPARATOR = "; "
_PERSON = re.compile(r"^(?:đ/c|đồng chí)\s+", re.IGNORECASE)
_ACCOUNT = re.compile(r"\s*\[([^\[\]]*)\]\s*$")
_UNIT = re.compile(r"\s*\(([^()]*)\)\s*$")
_DISBURSED = re.compile(r"^(?P<planned>.*?)\s*,?\s*da giai ngan\s*:?\s*(?P<disbursed>.+)$")

ROLE_NAMES = ", ".join(label for _, label in Role.choices)
SOURCE_ALIASES = {
    Source.CENTRAL: ["trung uong", "ns trung uong", "ngan sach tw", "tw"],
    Source.PROVINCE: ["tinh", "ns tinh"],
    Source.DISTRICT: ["huyen", "ns huyen"],
    Source.COMMUNE: ["xa", "ns xa"],
    Source.INTEGRATED: ["long ghep", "long ghep chuong trinh", "von long ghep"],
    Source.SOCIAL: ["xa hoi hoa", "doanh nghiep", "xa hoi hoa/doanh nghiep"],
    Source.PEOPLE: ["nhan dan", "nhan dan dong gop", "dan gop"],
    Source.CREDIT: ["tin dung"],
    Source.OTHER: ["khac"],
}


@dataclass(frozen=True)
class PartyData:
    role: str
    name: str
    kind: str = Kind.PERSON
    position: str = ""
    unit_name: str = ""
    user_id: int | None = None
    # as written in a file; the importer resolves it to user_id (not part of equality)
    username: str = field(default="", compare=False)

    def label(self) -> str:
        if self.kind == Kind.ORGANISATION:
            return self.name
        text = f"Đ/c {self.name}"
        if self.position:
            text += f" – {self.position}"
        if self.unit_name:
            text += f" ({self.unit_name})"
        elif text.endswith(")"):
            text += " ()"  # so a position ending in ")" is not read back as the unit
        return text

    def notation(self, username: str = "") -> str:
        text = f"{Role(self.role).label}: {self.label()}"
        if username and self.kind == Kind.PERSON:
            text += f" [{username}]"
        return text


@dataclass(frozen=True)
class FundingData:
    source: str
    planned: int
    disbursed: int = 0
    note: str = ""

    def notation(self) -> str:
        text = f"{Source(self.source).label}: {format_amount(self.planned)}"
        if self.disbursed:
            text += f", đã giải ngân {format_amount(self.disbursed)}"
        if self.note:
            text += f" ({self.note})"
        return text


def party_from_row(p: ResponsibleParty) -> PartyData:
    return PartyData(
        role=p.role,
        name=p.name,
        kind=p.kind,
        position=p.position,
        unit_name=p.unit_name,
        user_id=p.user_id,
    )


def funding_from_row(f: FundingLine) -> FundingData:
    return FundingData(source=f.source, planned=f.planned, disbursed=f.disbursed, note=f.note)


def format_parties(parties, usernames: dict[int, str] | None = None) -> str:
    usernames = usernames or {}
    return SEPARATOR.join(p.notation(usernames.get(p.user_id, "")) for p in parties)


def format_funding(lines) -> str:
    return SEPARATOR.join(f.notation() for f in lines)


def split_entries(text: str) -> list[str]:
    """Split on ";" and line breaks that are not inside parentheses or brackets."""
    entries, current, depth = [], [], 0
    for ch in unicodedata.normalize("NFC", text or ""):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch in ";\n\r" and depth == 0:
            entries.append("".join(current))
            current = []
        else:
            current.append(ch)
    entries.append("".join(current))
    return [" ".join(e.split()) for e in entries if e.strip()]


def _role(text: str) -> str:
    folded = fold(text)
    for value, label in Role.choices:
        if folded in (fold(label), value.replace("_", " ")):
            return value
    raise ValidationError(f"Vai trò “{text}” không có: dùng {ROLE_NAMES}.")


def parse_party(entry: str) -> PartyData:
    role_text, colon, body = entry.partition(":")
    if not colon or not body.strip():
        raise ValidationError(
            f"“{entry}”: viết dạng “Vai trò: tên”, ví dụ “Chủ trì: Đ/c Trần Ngọc Quang – "
            "Trưởng phòng KTHT” hoặc “Phối hợp: Hội Nông dân”."
        )
    role = _role(role_text.strip())
    body = body.strip()
    username = ""
    if m := _ACCOUNT.search(body):
        username, body = m[1].strip(), body[: m.start()].strip()
    person = _PERSON.match(body)
    if not person:
        if username:
            raise ValidationError(
                f"“{entry}”: chỉ gắn tài khoản cho cá nhân (viết “Đ/c” trước họ tên)."
            )
        return PartyData(role=role, name=body, kind=Kind.ORGANISATION)
    body = body[person.end() :].strip()
    unit_name = ""
    if m := _UNIT.search(body):
        unit_name, body = m[1].strip(), body[: m.start()].strip()
    # Only the long dash separates name and position: positions are full of hyphens
    # ("Công chức Địa chính - Nông nghiệp - Xây dựng").
    name, _, position = re.sub(r"^–", " – ", body).partition(" – ")
    name, position = name.strip(), position.strip()
    if not name:
        raise ValidationError(f"“{entry}”: thiếu họ tên hoặc chức danh sau “Đ/c”.")
    return PartyData(
        role=role,
        name=name,
        kind=Kind.PERSON,
        position=position,
        unit_name=unit_name,
        username=username,
    )


def parse_parties(text: str) -> list[PartyData]:
    """Every entry of a cell; all errors at once, each naming its entry."""
    parties, errors = [], []
    for entry in split_entries(text):
        try:
            parties.append(parse_party(entry))
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise ValidationError(errors)
    return parties


def _source(text: str) -> str:
    folded = fold(text)
    folded = re.sub(r"^(ngan sach|nguon von|nguon|von)\s+", "", folded)
    for value, label in Source.choices:
        aliases = {fold(label), value.replace("_", " "), *SOURCE_ALIASES.get(value, [])}
        aliases |= {re.sub(r"^(ngan sach|nguon von|nguon|von)\s+", "", a) for a in aliases}
        if folded in aliases:
            return value
    names = ", ".join(label for _, label in Source.choices)
    raise ValidationError(f"Nguồn vốn “{text}” không có: dùng {names}.")


def parse_funding_entry(entry: str) -> FundingData:
    source_text, colon, rest = entry.partition(":")
    if not colon or not rest.strip():
        raise ValidationError(
            f"“{entry}”: viết dạng “Nguồn: số tiền”, ví dụ “Ngân sách huyện: 500.000.000”."
        )
    source = _source(source_text.strip())
    rest = rest.strip()
    note = ""
    if rest.endswith(")") and "(" in rest:
        start = rest.index("(")
        note, rest = rest[start + 1 : -1].strip(), rest[:start].strip()
    folded = fold(rest)
    m = _DISBURSED.match(folded)
    planned_text, disbursed_text = (m["planned"], m["disbursed"]) if m else (folded, "")
    try:
        planned = parse_vnd(planned_text.strip().rstrip(","))
        disbursed = parse_vnd(disbursed_text) if disbursed_text else 0
    except ValidationError as e:
        raise ValidationError(f"“{entry}”: {' '.join(e.messages)}") from None
    return FundingData(source=source, planned=planned, disbursed=disbursed, note=note)


def parse_funding(text: str) -> list[FundingData]:
    lines, errors = [], []
    for entry in split_entries(text):
        try:
            lines.append(parse_funding_entry(entry))
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise ValidationError(errors)
    return lines
