"""Row ids from what a person sent. Only plain ASCII digits that fit a database id count:
`str.isdigit()` is also true for "²" and "①", which `int()` refuses, and a number too large for
the column makes some databases raise instead of finding nothing."""

MAX_ID_DIGITS = 18


def parse_id(value: object) -> int | None:
    """The id in `value`, or None if it is not one."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
