"""The safety plan's step forms. The fields are free text for the person's own words; they are
not watched for crisis phrases (guides.services.crisis.phrases): they are meant for exactly these
words, and the crisis lines are already at the top of every safety plan page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guides.models.safety_plan import (
    NAME_MAX_LENGTH,
    PEOPLE_ROWS,
    PHONE_MAX_LENGTH,
    PROFESSIONAL_ROWS,
    TEXT_MAX_LENGTH,
    SafetyPlan,
    Step,
    validate_phone,
)


class TextStepForm(forms.Form):
    """A step answered in the person's own words."""

    words = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": _(
                "Keep it to %(limit_value)d characters, so it fits on one printed page "
                "(you have %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, label: str = "", hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["words"].label = label
        limit = _("One thing on each line, up to 1,000 characters.")
        self.fields["words"].help_text = f"{hint} {limit}" if hint else limit

    def plan_fields(self, step: str) -> dict:
        return {SafetyPlan.TEXT_FIELDS[Step(step)]: self.cleaned_data["words"]}

    @classmethod
    def initial_from(cls, plan: SafetyPlan | None, step: str) -> dict:
        return {"words": getattr(plan, SafetyPlan.TEXT_FIELDS[Step(step)]) if plan else ""}


class ContactsStepForm(forms.Form):
    """People (or professionals), each a name and a number that becomes a tap-to-call link. A
    number is checked loosely: digits, spaces, + ( ) - and at least three digits."""

    rows = PEOPLE_ROWS

    def __init__(self, *args, rows: int = PEOPLE_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for number in range(1, rows + 1):
            self.fields[f"name_{number}"] = forms.CharField(
                label=_("Name"), max_length=NAME_MAX_LENGTH, required=False
            )
            self.fields[f"phone_{number}"] = forms.CharField(
                label=_("Phone number"),
                max_length=PHONE_MAX_LENGTH,
                required=False,
                validators=[validate_phone],
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            )

    def clean(self):
        cleaned = super().clean() or {}
        for number in range(1, self.rows + 1):
            if cleaned.get(f"phone_{number}") and not cleaned.get(f"name_{number}"):
                self.add_error(f"name_{number}", _("Add a name for this number."))
        return cleaned

    def row_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(n, self[f"name_{n}"], self[f"phone_{n}"]) for n in range(1, self.rows + 1)]

    def contacts(self) -> list[dict]:
        rows = []
        for number in range(1, self.rows + 1):
            name = self.cleaned_data.get(f"name_{number}", "")
            phone = self.cleaned_data.get(f"phone_{number}", "")
            if name or phone:
                rows.append({"name": name, "phone": phone})
        return rows

    def plan_fields(self, step: str) -> dict:
        return {SafetyPlan.CONTACT_FIELDS[Step(step)]: self.contacts()}

    @classmethod
    def initial_from(cls, plan: SafetyPlan | None, step: str) -> dict:
        rows = getattr(plan, SafetyPlan.CONTACT_FIELDS[Step(step)]) if plan else []
        initial = {}
        for number, row in enumerate(rows or [], start=1):
            initial[f"name_{number}"] = row.get("name", "")
            initial[f"phone_{number}"] = row.get("phone", "")
        return initial


def step_form(
    step: str,
    data=None,
    *,
    plan: SafetyPlan | None = None,
    label: str = "",
    hint: str = "",
):
    """The form of a step, bound to what was sent or filled with what the plan holds."""
    initial = None if data else step_initial(step, plan)
    if Step(step) in SafetyPlan.CONTACT_FIELDS:
        rows = PEOPLE_ROWS if step == Step.ASK_FOR_HELP else PROFESSIONAL_ROWS
        return ContactsStepForm(data, rows=rows, initial=initial)
    return TextStepForm(data, label=label, hint=hint, initial=initial)


def step_initial(step: str, plan: SafetyPlan | None) -> dict:
    """What a step's form is filled with from the plan, without making the form."""
    if Step(step) in SafetyPlan.CONTACT_FIELDS:
        return ContactsStepForm.initial_from(plan, step)
    return TextStepForm.initial_from(plan, step)


class ShareForm(forms.Form):
    """Nothing to fill in: the button makes the link (a POST, with CSRF)."""
