"""Whether a crisis line's number can be dialled, or texted, in its region: libphonenumber's own
numbering plans (the `phonenumbers` library), short numbers such as 988, 116 123 and 112 included.
Driven by the region's code, so a region added to content/crisis.yaml is checked without a change
here."""

import phonenumbers
from phonenumbers import shortnumberinfo

# Our region codes that are not ISO 3166 codes, as libphonenumber names them.
NUMBERING_PLAN_OF = {"UK": "GB"}
# For a region with no numbering plan of its own ("Anywhere else"): the emergency number most
# mobile phones dial anywhere. 112 is one in 110 of libphonenumber's 241 plans; 911 in 57.
EMERGENCY_ALMOST_EVERYWHERE = 100


def numbering_plan(region_code: str) -> str | None:
    plan = NUMBERING_PLAN_OF.get(region_code.upper(), region_code.upper())
    return plan if plan in phonenumbers.SUPPORTED_REGIONS else None


def is_dialable_in(number: str, region_code: str) -> bool:
    """A full number of the region (or an international one, +44 ...) or a short number valid
    in the region. "112-999" is neither in the US."""
    number = number.strip()
    if not number:
        return False
    plan = numbering_plan(region_code)
    if plan is None and not number.startswith("+"):
        digits = "".join(ch for ch in number if ch.isdigit())
        return (
            sum(
                1
                for region in phonenumbers.SUPPORTED_SHORT_REGIONS
                if shortnumberinfo.is_emergency_number(digits, region)
            )
            >= EMERGENCY_ALMOST_EVERYWHERE
        )
    try:
        parsed = phonenumbers.parse(number, plan)
    except phonenumbers.NumberParseException:
        return False
    if number.startswith("+") or plan is None:
        return phonenumbers.is_valid_number(parsed)
    return phonenumbers.is_valid_number_for_region(
        parsed, plan
    ) or shortnumberinfo.is_valid_short_number_for_region(parsed, plan)
