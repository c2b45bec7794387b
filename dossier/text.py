"""Text that cannot be shown, and names that look the same: the rules for every character an editor types.

A name is read by people, and links are made by it: a character no reader can see (a zero-width
space, a bidirectional override) or a letter from another script that looks the same (Cyrillic а
for Latin a) makes two names that look alike differ, or reverses what a reader sees. Control
characters and Unicode non-characters are never text: XML cannot even carry some of them.
"""

from __future__ import annotations

import re
import unicodedata

# Characters no text may hold: C0 and C1 controls (tab and line breaks aside), surrogates, and the
# 66 non-characters (U+FDD0–U+FDEF and the last two code points of every plane). Those beyond the
# first plane are looked for apart, only in text that is not ASCII: in one class with the rest, they
# made every search ten times slower.
_NEVER_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NEVER_TEXT_BEYOND_BMP = re.compile(
    "[" + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)) + "]"
)
# Bidirectional controls: embeddings, overrides, isolates and marks reorder what a reader sees.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters: zero-width space and joiners, word joiner, invisible operators, BOM, fillers.
_JOINERS = "\u200c\u200d"
_INVISIBLE_EXCEPT_JOINERS = "\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u3164\ufeff\uffa0"
_INVISIBLE = _INVISIBLE_EXCEPT_JOINERS + _JOINERS
# A name is one line of visible text: no line break or tab, no bidi control, nothing invisible.
_NOT_IN_NAME = re.compile(f"[\t\n\r\u2028\u2029{_BIDI}{_INVISIBLE}]|{_NEVER_TEXT.pattern}")
# Zero-width joiner and non-joiner shape Arabic, Persian and Indic letters: a native name may need them.
_NOT_IN_NATIVE_NAME = re.compile(f"[\t\n\r\u2028\u2029{_BIDI}{_INVISIBLE_EXCEPT_JOINERS}]|{_NEVER_TEXT.pattern}")
# Characters XML 1.0 cannot carry at all: the last line of defence of every published XML file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str) -> str:
    """Accept text with no control character or non-character (line breaks and tabs are fine)."""
    return _refuse(value, _NEVER_TEXT)


def check_name(value: str, native: bool = False) -> str:
    """Accept a name or title: one line of visible text, not blank."""
    return _refuse(value, _NOT_IN_NATIVE_NAME if native else _NOT_IN_NAME)


def _refuse(value: str, pattern: re.Pattern[str]) -> str:
    found = pattern.search(value) or (None if value.isascii() else _NEVER_TEXT_BEYOND_BMP.search(value))
    if found:
        raise ValueError(_unshowable(value, found.start()))
    return value


def _unshowable(value: str, index: int) -> str:
    char = value[index]
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} {name}" if name else code
    before = value[max(0, index - 20) : index].rsplit("\n", 1)[-1]  # the message stays one line
    where = f"after '{before}'" if before.strip() else "at the start"
    if _NEVER_TEXT.match(char) or _NEVER_TEXT_BEYOND_BMP.match(char):
        kind = "a control character" if unicodedata.category(char) == "Cc" else "a character that is not text"
        return f"has {kind} ({named}) {where}: delete it"
    if char in "\t\n\r\u2028\u2029":
        return f"has a line break or tab ({named}) {where}: write it on one line"
    if re.match(f"[{_BIDI}]", char):
        return f"has a bidirectional control ({named}) {where}: delete it; it changes the order readers see"
    return f"has an invisible character ({named}) {where}: delete it; names must differ in what readers see"


def clip(text: str, width: int) -> str:
    """Return text on one line, cut to `width` characters with '…': to quote it in a message."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def slug(text: str, default: str) -> str:
    """Return text as an id: ASCII lowercase letters and digits, joined by single hyphens ('Zürich' → 'zurich')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or default


def xml_safe(text: str) -> str:
    """Replace every character XML 1.0 cannot carry by U+FFFD, so the file stays well-formed."""
    return _NOT_XML.sub("\ufffd", text)


def json_safe(text: str) -> str:
    """Replace lone surrogates, which no UTF-8 file can hold, by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


# Look-alike letters of other scripts, mapped to the Latin letter they pass for (after Unicode
# TR39's skeleton, on the scripts a dossier's names are written in). Compatibility forms
# (fullwidth, mathematical letters) are folded by NFKC before this map is applied.
# fmt: off
_LOOK_ALIKES = str.maketrans({
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W", "Һ": "h", "Ӏ": "I", "Ѵ": "V",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "ѵ": "v",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "υ": "u", "γ": "y", "ϲ": "c", "ϳ": "j",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "զ": "q",
    # Latin letters that pass for others
    "ı": "i", "ɑ": "a", "ɡ": "g",
})
# fmt: on


def name_key(text: str) -> str:
    """Return what a name looks like to a reader: equal keys mean names no reader can tell apart.

    Folds Unicode normalisation (NFC/NFD, compatibility forms), capitals, look-alike letters of
    other scripts and runs of spaces; keeps accents, which readers do see.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
    return unicodedata.normalize("NFC", " ".join(decomposed.translate(_LOOK_ALIKES).casefold().split()))


def case_key(text: str) -> str:
    """Return a name with normalisation and capitals folded (Η and η stay one letter here)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def script_of(char: str) -> str | None:
    """Return the script a letter belongs to ('Latin', 'Cyrillic', …), or None for a non-letter."""
    if not unicodedata.category(char).startswith("L"):
        return None
    folded = unicodedata.normalize("NFKC", char)[:1] or char
    first = unicodedata.name(folded, "").split(" ")[0]
    # Japanese, Chinese and Korean mix these in one word as a matter of course.
    if first in ("CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"):
        return "CJK"
    if first == "MODIFIER":
        return None
    return first.capitalize() or None


def mixed_scripts(text: str) -> list[str]:
    """Return the scripts of the first word that mixes letters of several scripts, or []."""
    for word in re.findall(r"\w+", text):
        scripts = sorted({s for s in map(script_of, word) if s})
        if len(scripts) > 1:
            return scripts
    return []


def look_alike_reason(text: str, other: str) -> str:
    """Say why two different texts with one name_key look the same, for an editor."""
    if text == other:
        return "the same text"
    if unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", other):
        return "the same letters, typed in two different Unicode forms"
    if case_key(text) == case_key(other):
        return "they differ only in capitals or in the form of their letters"
    for name in (text, other):
        scripts = mixed_scripts(name)
        if scripts:
            return f"'{name}' mixes {' and '.join(scripts)} letters"
    return "they differ only in look-alike letters from another script"
