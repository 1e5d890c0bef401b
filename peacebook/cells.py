"""How the loader reads one CSV cell, and every kind of cell it refuses.

:func:`parse` turns the text of one cell into a typed value according to its field's
descriptor (already checked by :mod:`peacebook.descriptors`), or raises :class:`CellError`
with the problem in words; :mod:`peacebook.data` adds the file, line and field.
Nothing is coerced: a value is read exactly as written, or refused.

The rules, by class (``CONTRIBUTING.md`` lists the messages):

- **Characters** (every cell and every column name): no control characters (NUL, tab,
  line breaks and the rest of Unicode's ``Cc``), no invisible or format characters
  (zero-width spaces and joiners, soft hyphens, byte-order marks, variation selectors,
  Hangul fillers and the rest of Unicode's default-ignorable code points), no
  bidirectional controls (right-to-left overrides and isolates), no private-use, surrogate
  or unassigned code points, no spaces other than the plain space, and no space at either
  end. There is no allow-list: no field may hold a line break. Text must be in Unicode
  NFC (composed accents), and a word may not mix Latin with Cyrillic, Greek or Armenian
  letters (a look-alike such as Cyrillic "а" inside a Latin word).
- **Length**: a string field holds at most its ``maxLength``, or
  :data:`DEFAULT_MAX_LENGTH` characters where the schema gives none.
- **Numbers**: ASCII digits only, written ``-?digits[.digits][e[+-]digits]``: no leading
  ``+``, no leading zeros, no ``NaN``, ``inf`` or ``n/a`` (an empty cell is the missing
  value); finite, and not so small that it would be read as 0. A ``groupChar`` (for
  example ``,``) is accepted only between groups of three digits.
- **Integers**: the same, without a fraction or exponent, and within the 64-bit range.
- **Booleans**: ``true`` or ``false``, lower case.
- **Dates**: ``YYYY-MM-DD`` (or the field's ``format`` built from ``%Y``, ``%m``, ``%d``),
  a real calendar day. A string field with ``"partialDate": true`` holds ``YYYY``,
  ``YYYY-MM`` or ``YYYY-MM-DD`` (its ``pattern`` says which), each a real calendar
  month or day; it stays a string.
- **URLs** (``"format": "uri"``): a scheme, then only the characters RFC 3986 allows,
  every ``%`` starting a ``%XX`` escape (so no braces, backslashes, quotes or spaces).

Keys are compared by :func:`comparison_key`: Unicode NFKC, then common look-alikes of
ASCII letters and punctuation folded to ASCII, so two keys that look the same are the
same key.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date

#: Longest string a field may hold when its schema sets no ``maxLength``.
DEFAULT_MAX_LENGTH = 1000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)
_LEADING_ZERO = re.compile(r"-?0[0-9]", re.ASCII)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:", re.ASCII)
_URI_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_NUMBERS = {"nan", "inf", "infinity", "na", "n/a", "none", "null", "-", "."}
_BOOLEAN = {"true": True, "false": False}

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_BIDI_CONTROLS = frozenset(chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: Default-ignorable code points that ``str.isprintable`` lets through (they are letters or
#: combining marks to Unicode, but display as nothing), and the blank Braille pattern.
_INVISIBLE_PRINTABLE = frozenset(chr(c) for c in (
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x2800, 0x3164, 0xFFA0,
    *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")
_WORD = re.compile(r"[^\W\d_]+")

#: Look-alikes of ASCII letters in other scripts, and dash and quote variants, folded for
#: key comparison (after NFKC, which already folds full-width, mathematical and other
#: compatibility forms).
_CONFUSABLES = str.maketrans({
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),          # Cyrillic lower case
    **dict(zip("АВЕКМНОРСТХІЈЅУҮԀԌ", "ABEKMHOPCTXIJSYYDG", strict=True)),    # Cyrillic capitals
    **dict(zip("αοριυνκχγτ", "aopiuvkxyt", strict=True)),                      # Greek lower case
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),             # Greek capitals
    **dict(zip("օսոհ", "ounh", strict=True)),                                  # Armenian
    **dict(zip("ıɑɡ", "iag", strict=True)),                                    # Latin look-alikes
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02b9", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u02ba", '"'),
})


class CellError(ValueError):
    """A cell breaks a rule; the message says which, without the file, line or field."""


_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
                  0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0x85: "NEXT LINE"}


def describe(character: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character named so a reader can find it."""
    name = _CONTROL_NAMES.get(ord(character)) or unicodedata.name(character, "CONTROL CHARACTER"
                                                                  if unicodedata.category(character) == "Cc" else "(unnamed)")
    return f"U+{ord(character):04X} {name}"


def shown(value: str, limit: int = 60) -> str:
    """``value`` as a quoted literal (invisible characters escaped), shortened to ``limit``."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def check_characters(value: str) -> None:
    """Refuse control, invisible, bidirectional and non-NFC text, and mixed-script words."""
    if value.isascii():
        bad = _ASCII_CONTROL.search(value)
        if bad:
            raise CellError(_character_problem(value, bad.start()))
        return
    for position, character in enumerate(value):
        if character != " " and (not character.isprintable() or character in _INVISIBLE_PRINTABLE):
            raise CellError(_character_problem(value, position))
    if unicodedata.normalize("NFC", value) != value:
        raise CellError(f"{shown(value)} is not in Unicode NFC form (a letter followed by a separate combining "
                        "accent?); save it with composed characters")
    for word in _WORD.finditer(value):
        scripts: dict[str, str] = {}
        for character in word.group():
            script = _script(character)
            if script:
                scripts.setdefault(script, character)
        if len(scripts) > 1:
            (first, _), (other, character) = list(scripts.items())[:2]
            raise CellError(f"{shown(value)} mixes {first.title()} and {other.title()} letters in the word "
                            f"{word.group()!r} ({describe(character)}): a look-alike character?")


def _script(character: str) -> str | None:
    if character.isascii():
        return "LATIN"
    words = unicodedata.name(character, "").split()
    return next((s for s in _SCRIPTS if s in words), None)


def _character_problem(value: str, position: int) -> str:
    character = value[position]
    category = unicodedata.category(character)
    if character == "\x00":
        kind = "a NUL character"
    elif character in _LINE_BREAKS:
        kind = "a line break (no field may hold one: write the value on one line)"
    elif character == "\t":
        kind = "a tab"
    elif character in _BIDI_CONTROLS:
        kind = "a bidirectional-text control (it changes the order in which text is displayed)"
    elif category == "Cc":
        kind = "a control character"
    elif category == "Zs":
        kind = "a space other than the plain space"
    elif category == "Co":
        kind = "a private-use character"
    elif category == "Cs":
        kind = "a lone surrogate"
    elif category == "Cn":
        kind = "an unassigned code point"
    else:
        kind = "an invisible character"
    return f"{shown(value)} contains {kind}, {describe(character)}, at character {position + 1}; remove it"


def comparison_key(value):
    """The form in which keys are compared: look-alike strings compare equal."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).translate(_CONFUSABLES)
    return value


def parse(field: dict, raw: str):
    """The typed value of the non-empty cell ``raw`` of ``field``; :class:`CellError` if it breaks a rule."""
    kind = field.get("type", "string")
    check_characters(raw)
    if raw != raw.strip():
        raise CellError(f"value {raw!r} has leading or trailing spaces")
    if kind == "string":
        return _string(field, raw)
    if kind == "integer":
        return _integer(raw)
    if kind == "number":
        return _number(raw, field.get("groupChar"))
    if kind == "boolean":
        if raw not in _BOOLEAN:
            hint = " in lower case" if raw.lower() in _BOOLEAN else ""
            raise CellError(f"{raw!r} is not a boolean (write true or false{hint})")
        return _BOOLEAN[raw]
    if kind == "date":
        return _date(field, raw)
    raise CellError(f"the schema gives type '{kind}', which the loader does not support")  # refused by descriptors


def _string(field: dict, raw: str) -> str:
    limit = field.get("constraints", {}).get("maxLength")
    if limit is None and len(raw) > DEFAULT_MAX_LENGTH:
        raise CellError(f"value is {len(raw):,} characters long, more than the {DEFAULT_MAX_LENGTH:,} a field may hold "
                        "without a maxLength in its schema")
    if field.get("format") == "uri":
        _check_uri(raw)
    if field.get("partialDate") and _PARTIAL_DATE.fullmatch(raw):
        _calendar(raw, *_PARTIAL_DATE.fullmatch(raw).groups())
    return raw


def _check_uri(raw: str) -> None:
    if not _URI_SCHEME.match(raw):
        raise CellError(f"{shown(raw)} is not a URL: it does not start with a scheme such as https://")
    for position, character in enumerate(raw):
        if character not in _URI_CHARACTERS:
            encoded = "".join(f"%{b:02X}" for b in character.encode("utf-8"))
            raise CellError(f"{shown(raw)} is not a valid URL: {describe(character)} at character {position + 1} "
                            f"is not allowed in a URL; percent-encode it as {encoded}")
        if character == "%" and not re.fullmatch(r"%[0-9A-Fa-f]{2}", raw[position: position + 3]):
            raise CellError(f"{shown(raw)} is not a valid URL: the '%' at character {position + 1} does not start "
                            "a %XX escape; write it as %25")


def _number_problem(raw: str, what: str) -> str:
    foreign = next((c for c in raw if not c.isascii() and unicodedata.category(c) == "Nd"), None)
    if foreign:
        return f"{raw!r} is not {what}: it contains a non-ASCII digit, {describe(foreign)}; write digits 0-9"
    if raw.lower().lstrip("+-") in _NOT_NUMBERS:
        return (f"{raw!r} is not {what}: NaN, infinity and placeholders such as n/a are refused; "
                "leave the cell empty for a missing value")
    if raw.startswith("+"):
        return f"{raw!r} is not {what}: write it without the leading '+'"
    if _LEADING_ZERO.match(raw):
        return f"{raw!r} is not {what}: write it without leading zeros"
    return f"{raw!r} is not {what}"


def _integer(raw: str) -> int:
    if not _INTEGER.fullmatch(raw):
        problem = _number_problem(raw, "an integer")
        if problem == f"{raw!r} is not an integer" and _NUMBER.fullmatch(raw):
            problem += " (write all its digits, with no fraction or exponent)"
        raise CellError(problem)
    value = int(raw)
    if value == 0 and raw.startswith("-"):
        raise CellError(f"{raw!r} is not an integer: write 0 (no negative zero)")
    if not INT64_MIN <= value <= INT64_MAX:
        raise CellError(f"{raw!r} is outside the 64-bit integer range ({INT64_MIN} to {INT64_MAX})")
    return value


def _number(raw: str, group_char: str | None) -> float:
    text = raw
    if group_char and group_char in raw:
        grouped = re.compile(rf"-?[1-9][0-9]{{0,2}}(?:{re.escape(group_char)}[0-9]{{3}})+(?:\.[0-9]+)?", re.ASCII)
        if not grouped.fullmatch(raw):
            raise CellError(f"{raw!r} is not a number: the group separator {group_char!r} must separate groups "
                            "of three digits")
        text = raw.replace(group_char, "")
    if not _NUMBER.fullmatch(text):
        raise CellError(_number_problem(raw, "a number"))
    value = float(text)
    if value == 0 and text.startswith("-") and not re.search(r"[1-9]", text.split("e")[0].split("E")[0]):
        raise CellError(f"{raw!r} is not a number: write 0 (no negative zero)")
    if not math.isfinite(value):
        raise CellError(f"{raw!r} is not a finite number: it is too large for a 64-bit float (at most about 1.8e308)")
    if value == 0 and re.search(r"[1-9]", text.split("e")[0].split("E")[0]):
        raise CellError(f"{raw!r} is too small for a 64-bit float: it would be read as 0")
    return value


def _date(field: dict, raw: str) -> date:
    form = field.get("format", "default")
    if form in ("default", None):
        match, shape = _ISO_DATE.fullmatch(raw), "YYYY-MM-DD"
        parts = match.groups() if match else None
    else:
        regex, order = date_format_regex(form)
        match, shape = regex.fullmatch(raw), f"{human_date_format(form)} (format {form!r})"
        parts = None
        if match:
            values = dict(zip(order, match.groups(), strict=True))
            parts = (values["Y"], values.get("m", "01"), values.get("d", "01"))
    if not parts:
        raise CellError(f"{raw!r} is not a date in the form {shape}")
    return _calendar(raw, *parts)


def _calendar(raw: str, year: str, month: str | None = None, day: str | None = None) -> date:
    y = int(year)
    if y == 0:
        raise CellError(f"{raw!r} is not a date: there is no year 0")
    if month is None:
        return date(y, 1, 1)
    m = int(month)
    if not 1 <= m <= 12:
        raise CellError(f"{raw!r} is not a date: there is no month {month}")
    if day is None:
        return date(y, m, 1)
    d, last = int(day), calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise CellError(f"{raw!r} is not a date: {calendar.month_name[m]} {y} has {last} days")
    return date(y, m, d)


_DIRECTIVES = {"Y": "([0-9]{4})", "m": "(0[1-9]|1[0-2]|[1-9])", "d": "(0[1-9]|[12][0-9]|3[01]|[1-9])"}


def date_format_regex(form: str) -> tuple[re.Pattern, list[str]]:
    """A regular expression for a date ``format`` made of ``%Y``, ``%m``, ``%d`` and literal text."""
    pattern, order, rest = "", [], form
    while rest:
        if rest.startswith("%"):
            directive = rest[1:2]
            if directive not in _DIRECTIVES or directive in order:
                raise ValueError(f"date format {form!r}: only %Y, %m and %d, each once, are supported")
            pattern += _DIRECTIVES[directive]
            order.append(directive)
            rest = rest[2:]
        else:
            pattern += re.escape(rest[0])
            rest = rest[1:]
    if "Y" not in order or ("d" in order and "m" not in order):
        raise ValueError(f"date format {form!r} needs %Y, and %m wherever it has %d")
    return re.compile(pattern, re.ASCII), order


def human_date_format(form: str) -> str:
    """``%d/%m/%Y`` written for people: ``DD/MM/YYYY``."""
    return form.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")


def check_constraints(field: dict, raw: str, value) -> None:
    """Refuse a typed value that breaks its field's ``enum``, ``pattern``, range or length constraints."""
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        allowed = constraints["enum"]
        ok = raw in allowed if field.get("type", "string") in ("string", "date") else value in allowed
        if not ok:
            raise CellError(f"{raw!r} is not one of the allowed values {allowed}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw, re.ASCII):
        hint = " (a date: the field's description says which of YYYY, YYYY-MM and YYYY-MM-DD)" \
            if field.get("partialDate") else ""
        raise CellError(f"{raw!r} does not match the pattern {constraints['pattern']!r}{hint}")
    for bound in ("minimum", "maximum"):
        if bound in constraints:
            limit = constraints[bound]
            if isinstance(value, date):
                limit = date.fromisoformat(limit)
            if (value < limit) if bound == "minimum" else (value > limit):
                raise CellError(f"{raw!r} is outside the allowed range ({bound} {constraints[bound]})")
    if "maxLength" in constraints and len(raw) > constraints["maxLength"]:
        raise CellError(f"value is {len(raw)} characters long, more than maxLength {constraints['maxLength']}")
    if "minLength" in constraints and len(raw) < constraints["minLength"]:
        raise CellError(f"value is {len(raw)} characters long, fewer than minLength {constraints['minLength']}")
