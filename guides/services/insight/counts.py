"""The weekly counts behind "How First Step is used": added to in the same transaction as each
event, with one statement, and rebuilt from the rows that exist by `manage.py rebuild_counts`.

What each metric counts, for a week (its Monday) and a language:

- `checklist`: checklists sent; `crisis`: those with a crisis statement ticked, which opened the
  crisis route. By the week they were sent.
- `plan`: plans made; `kind:<slug>`: the kind of help each plans to contact first;
  `barrier:<slug>`: each barrier named. By the week the plan was made.
- `due`: plans due, by the week of their deadline (the date set when the plan was made, or by an
  edit before it was answered); `answer:<status>`: the first answer to that deadline ("I did it",
  "I did it, but it didn't go well", "not yet", "try my backup", cancelled), counted under the
  same week. So a week's plans with no answer are `due` less its answers, and the share carried
  out by their deadline is `answer:done` and `answer:done_not_well` over `due`.
- `outcome:<status>`: every answer, by the week it was given (a plan put off twice is two).
- `reminder`: reminders sent; `signup`: accounts made (not a second try with a taken address).
- `safety_plan`: safety plans made, by the week made; `safety_plan_updated`: safety plans changed
  in a week after the one they were made in, each once a week however many steps changed.

Plan counts go under the language the plan was made in; the rest under the language of the
request (or of the command). Nothing here points to a person, a plan or a session.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guides.models import (
    ChecklistResult,
    Plan,
    PlanBarrier,
    Reminder,
    SafetyPlan,
    User,
    WeeklyCount,
)

CHECKLIST = "checklist"
CRISIS = "crisis"
PLAN = "plan"
DUE = "due"
REMINDER = "reminder"
SIGNUP = "signup"
SAFETY_PLAN = "safety_plan"
SAFETY_PLAN_UPDATED = "safety_plan_updated"
ANSWER = "answer:"
OUTCOME = "outcome:"
KIND = "kind:"
BARRIER = "barrier:"

# Every count kept, as the privacy page lists it: a metric, or the start of a family of them.
KEPT_COUNTS = {
    CHECKLIST: _("How many checklists were sent"),
    CRISIS: _(
        "How many of those checklists opened the crisis route, because the statement about "
        "thoughts of suicide or self-harm was ticked"
    ),
    PLAN: _("How many plans were made"),
    KIND: _("The kind of help each plan is to contact first, such as a doctor or a helpline"),
    BARRIER: _("Each thing that might get in the way ticked in a plan, such as cost"),
    DUE: _("How many plans were due, by the week of their date"),
    ANSWER: _(
        "The first answer to each plan (“I did it”, “I did it, but it didn’t go well”, "
        "“Not yet”, trying the backup, or cancelled), by the week of its date"
    ),
    OUTCOME: _("Every answer to a plan, by the week it was given"),
    REMINDER: _("How many reminder e-mails were sent"),
    SIGNUP: _("How many accounts were made"),
    SAFETY_PLAN: _("How many safety plans were made"),
    SAFETY_PLAN_UPDATED: _(
        "How many safety plans were changed in a week after the one they were made in"
    ),
}

# What rebuild_counts can work out again from the rows; never `outcome:`, since when each answer
# was given is not kept.
REBUILT_METRICS = (CHECKLIST, CRISIS, PLAN, DUE, REMINDER, SIGNUP, SAFETY_PLAN)
REBUILT_PREFIXES = (ANSWER, KIND, BARRIER)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week a day falls in."""
    return day - datetime.timedelta(days=day.weekday())


def this_week(now: datetime.datetime | None = None) -> datetime.date:
    """This week, in the site's time zone (TIME_ZONE)."""
    return week_of(timezone.localdate(now))


def current_language() -> str:
    """The two-letter code of the language of this request or command: "en", "es"."""
    return (get_language() or settings.LANGUAGE_CODE)[:2].lower()


class Tally:
    """Changes to the weekly counts, written together by one INSERT … ON CONFLICT DO UPDATE."""

    def __init__(self) -> None:
        self.changes: Counter[tuple[datetime.date, str, str]] = Counter()

    def add(self, metric: str, *, week: datetime.date, language: str, by: int = 1) -> "Tally":
        self.changes[(week, language, metric)] += by
        return self

    def save(self) -> None:
        """Add the changes to the counts with one statement, none if there are none."""
        statement = self.statement()
        if statement is not None:
            with connection.cursor() as cursor:
                cursor.execute(*statement)

    def statement(self) -> tuple[str, list] | None:
        """The one statement `save` runs, and its parameters; None if there are no changes.

        One row per (week, language, metric): PostgreSQL refuses a statement that updates the
        same row twice, and the Counter has already summed them."""
        rows = [(key, by) for key, by in self.changes.items() if by]
        if not rows:
            return None
        quote = connection.ops.quote_name
        table = quote(WeeklyCount._meta.db_table)
        week, language, metric, count = (quote(c) for c in ("week", "language", "metric", "count"))
        values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        parameters = []
        for (day, code, name), by in rows:
            parameters += [connection.ops.adapt_datefield_value(day), code, name, by]
        # The names are the model's own and every value is a parameter. SQLite (3.24 or newer)
        # and PostgreSQL both read this.
        sql = (
            f"INSERT INTO {table} ({week}, {language}, {metric}, {count}) VALUES {values} "  # noqa: S608
            f"ON CONFLICT ({week}, {language}, {metric}) "
            f"DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
        )
        return sql, parameters


def checklist_sent(*, crisis: bool) -> Tally:
    tally = Tally()
    week, language = this_week(), current_language()
    tally.add(CHECKLIST, week=week, language=language)
    if crisis:
        tally.add(CRISIS, week=week, language=language)
    return tally


def plan_made(plan: Plan, *, barrier_slugs: Iterable[str]) -> Tally:
    """A new plan: made this week, with its kind of help and barriers, and due in its week."""
    tally = Tally()
    week, language = this_week(), plan.language
    tally.add(PLAN, week=week, language=language)
    tally.add(KIND + plan.contact_kind.slug, week=week, language=language)
    for slug in barrier_slugs:
        tally.add(BARRIER + slug, week=week, language=language)
    tally.add(DUE, week=week_of(plan.due_date), language=language)
    return tally


def plan_answered(plan: Plan, *, before: str, due_date: datetime.date) -> Tally:
    """An answer given now (plan.status), to a plan whose status was `before` and whose deadline
    was `due_date`. Only the first answer to the deadline it was made for is that deadline's."""
    tally = Tally()
    tally.add(OUTCOME + plan.status, week=this_week(), language=plan.language)
    if before == Plan.Status.PLANNED:
        tally.add(ANSWER + plan.status, week=week_of(due_date), language=plan.language)
    return tally


def deadline_moved(plan: Plan, *, before: datetime.date) -> Tally:
    """An edit of a plan nobody has answered yet moved its deadline from `before`."""
    tally = Tally()
    if plan.status == Plan.Status.PLANNED and week_of(before) != week_of(plan.due_date):
        tally.add(DUE, week=week_of(before), language=plan.language, by=-1)
        tally.add(DUE, week=week_of(plan.due_date), language=plan.language)
    return tally


def reminder_sent(plan: Plan, *, now: datetime.datetime) -> Tally:
    return Tally().add(REMINDER, week=this_week(now), language=plan.language)


def safety_plan_made(plan: SafetyPlan) -> Tally:
    return Tally().add(SAFETY_PLAN, week=this_week(), language=plan.language)


def safety_plan_updated(plan: SafetyPlan, *, last_saved: datetime.datetime) -> Tally:
    """A change to a safety plan last saved at `last_saved`: counted the first time in a week,
    and never in the week it was made, so a week's figure is plans, not keystrokes or steps."""
    tally = Tally()
    week = this_week()
    if this_week(last_saved) != week and this_week(plan.created_at) != week:
        tally.add(SAFETY_PLAN_UPDATED, week=week, language=plan.language)
    return tally


def signed_up() -> Tally:
    return Tally().add(SIGNUP, week=this_week(), language=current_language())


# Rebuilding ---------------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    """The totals of each rebuilt metric before and after, over the weeks rebuilt."""

    before: Counter[str]
    after: Counter[str]

    @property
    def changed(self) -> list[tuple[str, int, int]]:
        names = sorted(set(self.before) | set(self.after))
        return [
            (n, self.before[n], self.after[n]) for n in names if self.before[n] != self.after[n]
        ]


def _by_week(
    queryset: QuerySet, field: str, language: str | None = None, name: str | None = None
) -> Iterator[tuple[datetime.date, str | None, str | None, int]]:
    """(week, language, name, n): the rows counted by the week of `field` in the site's zone,
    and by the `language` and `name` fields if given."""
    group = [f for f in (language, name) if f]
    rows = queryset.annotate(week=TruncWeek(field)).values("week", *group).annotate(n=Count("pk"))
    for row in rows.order_by():
        week = row["week"]
        yield (
            week.date() if isinstance(week, datetime.datetime) else week,
            row[language] if language else None,
            row[name] if name else None,
            row["n"],
        )


def counts_from_rows() -> Counter[tuple[datetime.date, str, str]]:
    """What the rows that exist say each rebuilt metric is. Checklists and sign-ups keep no
    language, so they fall under the site's (LANGUAGE_CODE); plans keep theirs."""
    site_language = settings.LANGUAGE_CODE[:2].lower()
    counts: Counter[tuple[datetime.date, str, str]] = Counter()

    def add(rows: Iterator, metric: str) -> None:
        for week, language, name, n in rows:
            counts[(week, language or site_language, metric + (name or ""))] += n

    results = ChecklistResult.objects.all()
    crisis = ChecklistResult.statements.through.objects.filter(statement__is_crisis=True)
    add(_by_week(results, "created_at"), CHECKLIST)
    add(_by_week(results.filter(pk__in=crisis.values("checklistresult_id")), "created_at"), CRISIS)
    plans = Plan.objects.all()
    add(_by_week(plans, "created_at", "language"), PLAN)
    add(_by_week(plans, "created_at", "language", "contact_kind__slug"), KIND)
    barriers = PlanBarrier.objects.all()
    add(_by_week(barriers, "plan__created_at", "plan__language", "barrier__slug"), BARRIER)
    # A plan's first deadline and its answer, as far as the row still tells them: a plan put off
    # ("not yet") keeps only its new date, so it is counted at that date.
    add(_by_week(plans, "due_date", "language"), DUE)
    answered = plans.exclude(status=Plan.Status.PLANNED)
    add(_by_week(answered, "due_date", "language", "status"), ANSWER)
    add(_by_week(Reminder.objects.all(), "sent_at", "plan__language"), REMINDER)
    add(_by_week(User.objects.filter(is_staff=False), "date_joined"), SIGNUP)
    add(_by_week(SafetyPlan.objects.all(), "created_at", "language"), SAFETY_PLAN)
    return counts


def _rebuilt(queryset: QuerySet) -> QuerySet:
    prefixes = Q()
    for prefix in REBUILT_PREFIXES:
        prefixes |= Q(metric__startswith=prefix)
    return queryset.filter(Q(metric__in=REBUILT_METRICS) | prefixes)


def _metric_name(metric: str) -> str:
    return next((p for p in REBUILT_PREFIXES if metric.startswith(p)), metric).rstrip(":")


@transaction.atomic
def rebuild_counts(*, since: datetime.date | None = None, dry_run: bool = False) -> RebuildReport:
    """Replace every metric the rows can tell, for the weeks from `since` (all weeks if None),
    with what the rows that exist say. `outcome:` counts are left as they are."""
    existing = _rebuilt(WeeklyCount.objects.all())
    if since is not None:
        existing = existing.filter(week__gte=week_of(since))
    before: Counter[str] = Counter()
    for metric, count in existing.values_list("metric", "count"):
        before[_metric_name(metric)] += count
    rows = [
        WeeklyCount(week=week, language=language, metric=metric, count=count)
        for (week, language, metric), count in sorted(counts_from_rows().items())
        if count and (since is None or week >= week_of(since))
    ]
    after: Counter[str] = Counter()
    for row in rows:
        after[_metric_name(row.metric)] += row.count
    if not dry_run:
        existing.delete()
        WeeklyCount.objects.bulk_create(rows, batch_size=500)
    return RebuildReport(before=before, after=after)
