"""Text helpers for Vietnamese names."""

import re
import unicodedata


def nfc(text: str) -> str:
    """User text is stored precomposed (TCVN 6909 = Unicode NFC), so search and PDFs agree."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case text without diacritics, so "cam tan" finds "Cẩm Tân".

    NFD splits a letter from its marks; "đ" has no decomposition and is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return re.sub(r"\s+", " ", stripped).strip().lower()
