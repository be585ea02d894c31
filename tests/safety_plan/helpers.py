"""Making a safety plan in tests, through the same views a person uses."""

from guides.models import SafetyPlan

ANSWERS: dict[str, dict] = {
    "warning-signs": {"words": "I stop answering messages.\nI can’t sleep."},
    "on-my-own": {"words": "Walk round the block."},
    "people-and-places": {"words": "The library."},
    "ask-for-help": {"name_1": "My sister Ana", "phone_1": "07700 900123"},
    "professionals": {"name_1": "Dr Patel", "phone_1": "+44 20 7946 0000"},
    "safer": {"words": "Ask Ana to keep my medicines this month."},
    "matters-most": {"words": "My dog Luna."},
}


def make_safety_plan(client, prefix: str = "") -> SafetyPlan:
    """Every step answered, as a person would; the plan."""
    for step, data in ANSWERS.items():
        response = client.post(f"{prefix}/safety-plan/{step}/", data)
        assert response.status_code == 302, (step, response.status_code)
    return SafetyPlan.objects.latest("created_at")
