"""The readiness checklist's form."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from guides.helpers.ids import parse_id
from guides.models import Statement


class ChecklistForm(forms.Form):
    """Which statements are ticked. Checks a tampered POST instead of trusting it."""

    statements = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Some of these answers have changed since the page was loaded. "
                "Please check your ticks and send them again."
            )
        },
    )
    allowed_fields = {"statements", "csrfmiddlewaretoken", "preview"}

    def __init__(
        self,
        *args,
        statements: list[Statement],
        choices: list[tuple[str, str]] | None = None,
        **kwargs,
    ):
        """`choices`: each statement's id and words in the language active, if already made."""
        super().__init__(*args, **kwargs)
        self.statement_list = statements
        field = cast(forms.TypedMultipleChoiceField, self.fields["statements"])
        field.choices = choices if choices is not None else statement_choices(statements)

    def clean_statements(self) -> list[Statement]:
        ids = self.cleaned_data["statements"]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("Each statement can be ticked only once."), code="duplicate")
        by_id = {statement.pk: statement for statement in self.statement_list}
        return [by_id[pk] for pk in ids]

    def clean(self):
        unexpected = set(self.data) - self.allowed_fields
        if unexpected:
            raise ValidationError(
                _("The form had fields we did not expect. Please send your answers again."),
                code="unexpected_fields",
            )
        return super().clean()

    def ticked_ids(self) -> set[int]:
        """The real statements ticked, to keep a person's ticks when the form has errors."""
        known = {statement.pk for statement in self.statement_list}
        raw = cast(QueryDict, self.data).getlist("statements") if self.is_bound else []
        return {pk for pk in map(parse_id, raw) if pk in known}


def statement_choices(statements: list[Statement]) -> list[tuple[str, str]]:
    """Each statement's id and its words in the language active."""
    return [(str(statement.pk), statement.text) for statement in statements]
