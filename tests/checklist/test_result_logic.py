"""What a set of answers suggests: a table of answers and the next steps each should give."""

import pytest

from guides.models import Statement
from guides.models.checklist import summarise_answers

pytestmark = pytest.mark.django_db


def statements_by_key():
    statements = list(
        Statement.objects.active().select_related("group", "section").prefetch_related("help_kinds")
    )
    return statements, {statement.key: statement for statement in statements}


@pytest.mark.parametrize(
    ("ticked_keys", "crisis", "signs", "open_count", "ready", "nothing", "kinds"),
    [
        ([], False, 0, 7, False, True, []),
        (["thoughts-of-harm"], True, 1, 7, False, False, ["gp", "helpline"]),
        (["lasted-two-weeks"], False, 1, 7, False, False, ["gp", "therapist"]),
        (
            ["lasted-two-weeks", "gets-in-the-way"],
            False,
            2,
            7,
            False,
            False,
            ["friend-family", "gp", "therapist"],
        ),
        (["admitted-need", "know-what-to-say"], False, 0, 5, False, False, []),
        (
            [
                "admitted-need",
                "looked-at-options",
                "know-what-to-say",
                "know-who-first",
                "set-a-date",
                "ready-for-discomfort",
                "have-backup",
            ],  # fmt: skip
            False,
            0,
            0,
            True,
            False,
            [],
        ),
        (
            ["unhealthy-coping", "have-backup"],
            False,
            1,
            6,
            False,
            False,
            ["gp", "therapist", "support-group"],
        ),  # fmt: skip
    ],
)
def test_answers_give_the_right_next_steps(
    content, ticked_keys, crisis, signs, open_count, ready, nothing, kinds
):
    statements, by_key = statements_by_key()
    missing = set(ticked_keys) - set(by_key)
    assert not missing, f"content/checklist.yaml has no {missing}"
    summary = summarise_answers(statements, {by_key[key].pk for key in ticked_keys})
    assert summary.crisis is crisis
    assert len(summary.signs) == signs
    assert len(summary.readiness_open) == open_count
    assert summary.ready is ready
    assert summary.ticked_nothing is nothing
    assert [kind.slug for kind in summary.help_kinds] == kinds


def test_every_open_readiness_step_links_to_a_guide_section(content):
    statements, _ = statements_by_key()
    summary = summarise_answers(statements, set())
    assert summary.readiness_open
    assert all(statement.section for statement in summary.readiness_open)


def test_the_default_crisis_statement_names_suicide(content):
    # Someone who wishes they were dead may not tick "harming myself": asking directly does no
    # harm (safe-messaging guidance), and it opens the crisis lines to the people they are for.
    crisis = Statement.objects.get(is_crisis=True)
    assert "suicide" in crisis.text.lower()
