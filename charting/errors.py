"""The one error type the domain raises for bad input."""


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
        raise FieldError(field, f"must be a number {allowed}")
    try:
        number = float(value)
    except ValueError:
        raise FieldError(field, f"must be a number {allowed} (got {value!r})") from None
    if number != number or not low <= number <= high:  # NaN fails the first test
        raise FieldError(field, f"must be {allowed} (got {value})")
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
        raise FieldError(field, f"must be a whole number {allowed} (got {value!r})")
    if not low <= number <= high:
        raise FieldError(field, f"must be {allowed} (got {value})")
    if number != int(number):
        raise FieldError(field, f"must be a whole number {allowed} (got {value})")
    return int(number)
