"""The planner's steps and the forms of a saved plan. Field names are the Plan model's, which
are also the keys of the export."""

import datetime
import functools
import zoneinfo
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guides.helpers.dates import time_zone_choices
from guides.helpers.ids import parse_id
from guides.models import Barrier, ContactKind, ContactMethod
from guides.models.planner import (
    DETAIL_MAX_LENGTH,
    EVENT_TITLE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCRIPT_MAX_LENGTH,
)
from guides.services.crisis.phrases import watch
from guides.services.planner.draft import PLAN_FIELDS_BY_STEP, PlanDraft


class ChoiceOfRow(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ChoicesOfRows(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if any(parse_id(item) is None for item in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values(value)  # type: ignore[misc]  # not in the stubs


class PlanStepForm(forms.Form):
    """A wizard step. `draft_id` ties a post to the draft in the session, to spot an expired one."""

    draft_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def step_data(self) -> dict:
        """What to keep in the session draft: the submitted values, as strings."""
        data = cast(QueryDict, self.data)
        return {
            name: (
                data.getlist(name)
                if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                else data.get(name, "")
            )
            for name, field in self.fields.items()
            if name != "draft_id"
        }


class WhoForm(PlanStepForm):
    contact_kind = ChoiceOfRow(
        queryset=ContactKind.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Who will you contact first?"),
        error_messages={
            "required": _("Choose who you will contact first."),
            "invalid_choice": _("Choose one of the options."),
        },
    )
    contact_name = watch(
        forms.CharField(
            max_length=NAME_MAX_LENGTH,
            required=False,
            label=_("Their name (optional)"),
            help_text=_("For example “my sister Ana” or “Dr Lee’s office”. Up to 100 characters."),
        )
    )


class HowForm(PlanStepForm):
    contact_method = ChoiceOfRow(
        queryset=ContactMethod.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("How will you reach them?"),
        error_messages={
            "required": _("Choose how you will reach them."),
            "invalid_choice": _("Choose one of the options."),
        },
    )
    contact_detail = watch(
        forms.CharField(
            max_length=DETAIL_MAX_LENGTH,
            required=False,
            label=_("Number, address or place (optional)"),
            help_text=_(
                "Only if it helps you: a phone number, e-mail or web address. Up to 200 characters."
            ),
        )
    )


class WhatForm(PlanStepForm):
    script = watch(
        forms.CharField(
            max_length=SCRIPT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 8}),
            label=_("What will you say?"),
            help_text=_(
                "We started it for you. Change it into your own words: honest matters more than "
                "perfect. Up to 2,000 characters."
            ),
            error_messages={"required": _("Write a few words you could say, even one sentence.")},
        )
    )


class WhenForm(PlanStepForm):
    due_date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Pick a day soon. A specific day makes it much more likely to happen."),
        error_messages={
            "required": _("Enter the date you will reach out by."),
            "invalid": _("Enter a real date, for example 2026-12-01."),
        },
    )
    due_time = forms.TimeField(
        required=False,
        label=_("Time (optional)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time like 09:30, or leave it empty.")},
    )
    # A list of places whose value is the zone's IANA name (guides.helpers.dates.time_zone_choices).
    # No max_length: a <select> has no maxlength; every known zone fits the model's 64.
    time_zone = forms.CharField(
        widget=forms.Select,
        label=_("Your time zone"),
        help_text=_("Choose your country, or a place near you that keeps the same time."),
        error_messages={"required": _("Choose where you are, for the time.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.add_prefix("time_zone")
        current = (self.data.get(name) if self.is_bound else None) or self.initial.get(
            "time_zone", ""
        )
        widget = cast(forms.Select, self.fields["time_zone"].widget)
        widget.choices = time_zone_choices(known_time_zones(), str(current).strip())

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        if value not in known_time_zones():
            raise ValidationError(_("We don’t know that place. Choose one from the list."))
        return value

    def clean(self):
        cleaned = super().clean() or {}
        due_date, zone = cleaned.get("due_date"), cleaned.get("time_zone")
        if due_date and zone:
            now = timezone.now().astimezone(zoneinfo.ZoneInfo(zone))
            if due_date < now.date():
                self.add_error(
                    "due_date", _("The date is in the past. Choose today or a later day.")
                )
            elif due_date > now.date() + datetime.timedelta(days=366):
                self.add_error("due_date", _("Choose a date within the next year."))
            elif (
                due_date == now.date()
                and cleaned.get("due_time")
                and cleaned["due_time"] < now.time()
            ):
                self.add_error(
                    "due_time", _("That time has already passed today. Choose a later time.")
                )
        return cleaned


class SupportForm(PlanStepForm):
    partner_name = watch(
        forms.CharField(
            max_length=NAME_MAX_LENGTH,
            required=False,
            label=_("Someone who could support you (optional)"),
            help_text=_(
                "Someone you could tell about your plan, who could be there for you. "
                "Up to 100 characters."
            ),
        )
    )
    barriers = ChoicesOfRows(
        queryset=Barrier.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("What might get in the way? (optional)"),
        error_messages={
            "invalid_choice": _("Choose from the list."),
            "invalid_pk_value": _("Choose from the list."),
        },
    )
    backup_kind = ChoiceOfRow(
        queryset=ContactKind.objects.filter(is_active=True),
        required=False,
        empty_label=_("No backup yet"),
        label=_("If it doesn’t go well, who could you try next? (optional)"),
        error_messages={"invalid_choice": _("Choose one of the options.")},
    )
    backup_name = watch(
        forms.CharField(
            max_length=NAME_MAX_LENGTH,
            required=False,
            label=_("Their name (optional)"),
            help_text=_("Up to 100 characters."),
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.barrier_list = list(cast(ChoicesOfRows, self.fields["barriers"]).queryset or [])
        for barrier in self.barrier_list:
            self.fields[f"note_{barrier.pk}"] = watch(
                forms.CharField(
                    max_length=NOTE_MAX_LENGTH,
                    required=False,
                    label=_("My note on “%(name)s” (optional)") % {"name": barrier.name},
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            )

    def barrier_rows(self):
        """Each barrier with its suggestion and the bound field for the person's note."""
        return [(barrier, self[f"note_{barrier.pk}"]) for barrier in self.barrier_list]

    def barrier_notes(self) -> dict[int, str]:
        return {
            barrier.pk: self.cleaned_data.get(f"note_{barrier.pk}", "")
            for barrier in self.cleaned_data.get("barriers", [])
        }


# The title a new plan's calendar event starts with, in the language of the page.
DEFAULT_EVENT_TITLE = pgettext_lazy("the calendar event title a new plan starts with", "Reach out")


class PlanSaveForm(PlanStepForm):
    event_title = watch(
        forms.CharField(
            max_length=EVENT_TITLE_MAX_LENGTH,
            initial=DEFAULT_EVENT_TITLE,
            label=_("Title for your calendar"),
            help_text=_(
                "Anyone who sees your calendar will see this, so choose words that feel private "
                "enough. Up to 60 characters."
            ),
            error_messages={"required": _("Give the calendar event a title, like “Reach out”.")},
        )
    )
    remind = forms.BooleanField(required=False, label=_("E-mail me the day before and on the day"))


class RescheduleForm(WhenForm):
    pass


class OutcomeForm(forms.Form):
    outcome_note = watch(
        forms.CharField(
            max_length=SCRIPT_MAX_LENGTH,
            required=False,
            label=_("A note on how it went (optional, just for you)"),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )


class ShareForm(forms.Form):
    display_name = watch(
        forms.CharField(
            max_length=40,
            label=_("Your first name, as your support person will see it"),
            help_text=_("They will see only this name, your date and how it is going."),
            error_messages={"required": _("Enter the name your support person will see.")},
        )
    )


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


# The wizard, in order. Each step form's fields are named after the Plan fields they fill.
STEP_FORMS: dict[str, type[PlanStepForm]] = {
    "who": WhoForm,
    "how": HowForm,
    "what": WhatForm,
    "when": WhenForm,
    "support": SupportForm,
}
STEPS = list(STEP_FORMS)
# Each step form's fields are PLAN_FIELDS_BY_STEP's (tests/planner/test_wizard.py holds it), with
# the draft's id and the support step's barriers besides.


def step_data_of(plan) -> dict[str, dict]:
    """A saved plan as the wizard's answers, the strings a person would have sent, to edit it."""
    steps: dict[str, dict] = {}
    for step, names in PLAN_FIELDS_BY_STEP.items():
        fields = STEP_FORMS[step].base_fields
        steps[step] = {name: _as_sent(fields[name], getattr(plan, name)) for name in names}
    notes = {item.barrier_id: item.note for item in plan.plan_barriers.all()}
    steps["support"]["barriers"] = [str(pk) for pk in notes]
    steps["support"].update({f"note_{pk}": note for pk, note in notes.items()})
    return steps


def _as_sent(form_field: forms.Field, value) -> str:
    """A value as the form's widget would send it: a choice's id, a date as 2026-12-01."""
    if isinstance(form_field, forms.ModelChoiceField):
        return "" if value is None else str(value.pk)
    if isinstance(form_field.widget, forms.Select):  # its format_value is a list
        return "" if value is None else str(value)
    return form_field.widget.format_value(value) or ""


def draft_of_plan(plan) -> PlanDraft:
    """A draft to edit a saved plan with: its answers as the step forms would send them."""
    return PlanDraft(id=str(plan.pk), editing=True, steps=step_data_of(plan))
