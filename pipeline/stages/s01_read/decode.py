"""Decoding a document's bytes: UTF-8, UTF-16 with a byte-order mark, cp1251 or KOI8-R."""

from __future__ import annotations

import codecs
import re

# Control characters that never occur in a text file (tab, line breaks and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Letters that decoding the wrong single-byte Cyrillic code page produces in bulk.
_MOJIBAKE = re.compile(r"[\u2500-\u259f\u00a0-\u00bf\u0402-\u040f\u0452-\u045f]")
# Relative frequency (per mille) of Russian letters in news prose, for telling code pages apart.
_LETTER_FREQUENCY = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 16, 16, 15, 12, 10, 9,
         7, 6, 5, 4, 3, 3, 1, 1),
        strict=True,
    )
)  # fmt: skip
_CASE_BREAK = re.compile(r"[а-яё][А-ЯЁ]")


def _single_byte_score(text: str) -> float:
    """How much a decoding reads as Russian.

    The right code page gives common letters (о, е, а, и, н) and lower case inside words;
    the wrong one gives rare letters, capitals in mid-word and pseudo-graphics.
    """
    letters = sum(
        _LETTER_FREQUENCY.get(char, 0) - 20 for char in text.lower() if "а" <= char <= "я" or char == "ё"
    )
    return letters - 200 * len(_CASE_BREAK.findall(text)) - 500 * len(_MOJIBAKE.findall(text))


# (byte-order mark, codec, the name documents.csv records)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-bom"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes; returns (text, encoding) or raises ValueError(reason).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised exactly; otherwise
    the bytes are tried as cp1251 and KOI8-R, the two code pages of Russian archives, and
    the decoding that reads as Russian prose wins (in the wrong one, lower-case letters
    turn into capitals or pseudo-graphics).
    """
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding), label
            except UnicodeDecodeError:
                raise ValueError(f"not valid {label} after its byte-order mark") from None
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            # A file cut off inside its last character: keep everything before it.
            return _checked(data[: error.start].decode("utf-8"), "utf-8"), "utf-8-truncated"
    scored = []
    for encoding in ("cp1251", "koi8-r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((_single_byte_score(text), encoding, text))
    if not scored:
        raise ValueError("not text in UTF-8, UTF-16, cp1251 or KOI8-R")
    score, encoding, text = max(scored)
    if score <= 0:  # no Russian prose in either code page
        raise ValueError("not text in UTF-8, UTF-16, cp1251 or KOI8-R")
    return _checked(text, encoding), encoding


def _checked(text: str, encoding: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls and controls > len(text) // 1000:
        raise ValueError(f"binary file ({controls} control characters in {encoding} text)")
    return text
