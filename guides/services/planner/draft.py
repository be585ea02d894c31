"""The planner's draft: the wizard's answers kept in the session until the plan is saved, and
the one map from the wizard's steps to the Plan fields they fill."""

import uuid
from dataclasses import asdict, dataclass, field
from typing import ClassVar

# The Plan fields each step fills: the one mapping from the wizard to the model, which the
# draft, saving, editing and the export of a person's data all follow. The step forms
# (guides.forms.planner) have these fields. (The support step's barriers, with a note each, are
# rows of their own: PlanBarrier.)
PLAN_FIELDS_BY_STEP: dict[str, list[str]] = {
    "who": ["contact_kind", "contact_name"],
    "how": ["contact_method", "contact_detail"],
    "what": ["script"],
    "when": ["due_date", "due_time", "time_zone"],
    "support": ["partner_name", "backup_kind", "backup_name"],
}


@dataclass
class PlanDraft:
    """The wizard's answers so far, kept in the session until the plan is saved.

    `steps` holds each step's answers as sent (strings), so a step shows them again as they
    were typed; they are checked again before saving. `id` is the plan's id to be, so that
    saving the same draft twice makes one plan. `crisis`: the plan was started from the crisis
    lines (a crisis answer, the crisis panel, crisis words typed in the planner), so each step
    shows the lines at the top and the date suggested is today.
    """

    SESSION_KEY: ClassVar[str] = "plan_draft"

    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    editing: bool = False
    steps: dict[str, dict] = field(default_factory=dict)
    crisis: bool = False

    @classmethod
    def load(cls, session) -> "PlanDraft | None":
        data = session.get(cls.SESSION_KEY)
        if not isinstance(data, dict) or "id" not in data:
            return None
        steps = data.get("steps")
        return cls(
            id=str(data["id"]),
            editing=bool(data.get("editing")),
            steps=steps if isinstance(steps, dict) else {},
            crisis=data.get("crisis") is True,
        )

    def save(self, session) -> None:
        session[self.SESSION_KEY] = asdict(self)

    @classmethod
    def forget(cls, session) -> None:
        session.pop(cls.SESSION_KEY, None)
