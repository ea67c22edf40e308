"""The one error type the domain raises for bad input, and the checks that raise it."""

from collections.abc import Collection


class FieldError(ValueError):
    """A value outside what the domain allows; `field` names it for the message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def signed(value: float) -> str:
    """-30, 0, +45: how ranges read in messages and labels."""
    return "0" if value == 0 else f"{value:+g}"


def check_range(field: str, value: object, low: float, high: float, unit: str = "") -> float:
    """Return `value` as float, or raise FieldError naming the field and the allowed range."""
    # Signs only where the range crosses zero: "-30 and +45", but "0 and 10".
    show = signed if low < 0 else (lambda v: f"{v:g}")
    allowed = f"between {show(low)} and {show(high)}{unit}"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(field, f"must be a number {allowed} (got {kind_of(value)})")
    try:
        number = float(value)
    except ValueError:
        raise FieldError(field, f"must be a number {allowed} (got {quoted(value)})") from None
    except OverflowError:  # an int beyond any float: out of every range
        raise FieldError(field, f"must be {allowed} (got {quoted(value)})") from None
    if number != number or not low <= number <= high:  # NaN fails the first test
        raise FieldError(field, f"must be {allowed} (got {quoted(value, repr_text=False)})")
    return number


def check_whole(field: str, value: object, low: int, high: int, unit: str = "") -> int:
    """Return `value` as int (a numeral string is fine), or raise FieldError naming the field,
    the range and that only whole numbers are allowed."""
    allowed = f"between {low} and {high}{unit}"
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or number != number:  # NaN fails the second test
        raise FieldError(field, f"must be a whole number {allowed} (got {quoted(value)})")
    if not low <= number <= high:
        raise FieldError(field, f"must be {allowed} (got {quoted(value, repr_text=False)})")
    if number != int(number):
        raise FieldError(field, f"must be a whole number {allowed} (got {quoted(value)})")
    return int(number)


QUOTED_LENGTH = 40  # characters of a bad value a message repeats


def quoted(value: object, repr_text: bool = True) -> str:
    """A bad value as a message repeats it, cut short: an imported file can hold a number
    of 4,000 digits or a page of text where a number belongs, and a message is one line."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a number of {_digits(value)} digits"  # str() refuses past 4,300 digits
    text = repr(value) if repr_text and isinstance(value, str) else str(value)
    return text if len(text) <= QUOTED_LENGTH else text[: QUOTED_LENGTH - 1] + "…"


def _digits(value: int) -> int:
    """Decimal digits of a big int, without writing it out."""
    estimate = int(value.bit_length() * 0.30102999566398)  # log10(2): exact or one over
    return estimate + 1 if abs(value) >= 10**estimate else estimate


def kind_of(value: object) -> str:
    """What a value is, in the words of JSON (an import's values are JSON's)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def check_text(field: str, value: object) -> str:
    """Return `value` if it is text the database can store, or raise FieldError: a lone
    surrogate (JSON's "\\ud800", or Python text) has no UTF-8 form, so SQLite cannot take it,
    and a NUL character is refused by a PostgreSQL clinic server (and is in no typed text:
    it comes from a damaged file or a paste), so neither engine is given one."""
    if not isinstance(value, str):
        raise FieldError(field, f"must be text (got {kind_of(value)})")
    if "\x00" in value:
        raise FieldError(
            field, f"holds a NUL character (at {value.index(chr(0))}), which is not text"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FieldError(field, f"holds a character that is not text (at {error.start})") from None
    return value


def check_choice(field: str, value: object, allowed: Collection[str], message: str) -> str:
    """Return `value` if it is one of `allowed` (text), or raise FieldError(field, message)."""
    if not isinstance(value, str) or value not in allowed:
        raise FieldError(field, message)
    return value
