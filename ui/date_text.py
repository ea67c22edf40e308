"""Reading a date typed as text: ISO (1985-07-20) or the locale's short date (20/07/1985).

Nothing is guessed silently: text that is not exactly one date raises `DateTextError` with
the reason in words, and the date box shows it beside the field.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from PySide6.QtCore import QDate, QLocale

ISO_FORMAT = "yyyy-MM-dd"
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
LETTER = re.compile(r"[^\W\d_]")


class DateTextError(ValueError):
    """Typed text that is not one date; the message says why, without the field name."""


def short_format(locale: QLocale) -> str:
    """The locale's short date format with the year written in full ('dd/MM/yyyy')."""
    text = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return text if "yyyy" in text else text.replace("yy", "yyyy")


def field_order(locale: QLocale) -> str:
    """'dMy', 'Mdy' or 'yMd': the order of day, month and year in the locale's short date.

    Empty when the short date spells the month as a word (then only Qt's parser is used).
    """
    tokens = re.findall(r"d+|M+|y+", locale.dateFormat(QLocale.FormatType.ShortFormat))
    order = "".join(token[0] for token in tokens)
    if sorted(order) != sorted("dMy") or any(len(t) > 2 for t in tokens if t[0] in "dM"):
        return ""
    return order


def expected_formats(locale: QLocale, example: date) -> str:
    """'year-month-day, e.g. 2026-07-20, or 20/07/2026' for messages and tooltips."""
    iso = example.isoformat()
    local = locale.toString(QDate(example.year, example.month, example.day), short_format(locale))
    if local == iso:
        return f"year-month-day, e.g. {iso}"
    return f"year-month-day, e.g. {iso}, or {local}"


def parse_typed_date(text: str, locale: QLocale, low: date, high: date, today: date) -> date:
    """The one date `text` names, within low..high; DateTextError otherwise.

    A two-digit year takes the century that puts the date within low..high nearest today
    (85 is 1985 for a birth date, 26 is 2026 for a visit).
    """
    typed = text.strip()
    if not typed:
        raise DateTextError("is empty")
    numbers = _numbers(typed, locale)
    if numbers is None:
        parsed = _by_qt(typed, locale)
        if parsed is None:
            raise DateTextError(f"“{typed}” is not a date")
        numbers = (str(parsed.year), str(parsed.month), str(parsed.day))
    year_text, month_text, day_text = numbers
    year, month, day = int(year_text), int(month_text), int(day_text)
    if len(year_text) <= 2:
        year = _century(year, month, day, low, high, today)
    elif len(year_text) != 4:
        raise DateTextError(f"“{typed}”: write the year with four digits")
    if not 1 <= month <= 12:
        raise DateTextError(f"“{typed}”: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateTextError(f"“{typed}”: {calendar.month_name[month]} {year} has {days} days")
    value = date(year, month, day)
    if value > high:
        raise DateTextError(f"{value} is later than {high}, the latest date allowed here")
    if value < low:
        raise DateTextError(f"{value} is earlier than {low}, the earliest date allowed here")
    return value


def _numbers(typed: str, locale: QLocale) -> tuple[str, str, str] | None:
    """(year, month, day) as typed digits, or None when the text is not three numbers."""
    for pattern in (ISO, COMPACT):
        if match := pattern.fullmatch(typed):
            year, month, day = match.groups()
            return year, month, day
    parts = re.findall(r"\d+", typed)
    if LETTER.search(typed) or len(parts) != 3:
        return None
    if len(parts[0]) == 4:  # no locale writes a four-digit day first: year-month-day
        return parts[0], parts[1], parts[2]
    order = field_order(locale)
    if not order:
        return None
    by_letter = dict(zip(order, parts, strict=True))
    return by_letter["y"], by_letter["M"], by_letter["d"]


def _by_qt(typed: str, locale: QLocale) -> date | None:
    """Dates with month names ('20 Jul 1985'), read with the locale's own formats."""
    for fmt in (locale.dateFormat(QLocale.FormatType.ShortFormat), short_format(locale),
                locale.dateFormat(QLocale.FormatType.LongFormat)):  # fmt: skip
        parsed = locale.toDate(typed, fmt)
        if parsed.isValid():
            return date(parsed.year(), parsed.month(), parsed.day())
    return None


def _century(year: int, month: int, day: int, low: date, high: date, today: date) -> int:
    candidates = [century + year for century in (1900, 2000, 2100)]

    def fits(full: int) -> bool:
        try:
            return low <= date(full, month, day) <= high
        except ValueError:
            return False

    inside = [full for full in candidates if fits(full)] or candidates
    return min(inside, key=lambda full: abs(full - today.year))
