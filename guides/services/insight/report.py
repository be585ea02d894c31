"""How First Step is used: the weekly counts summed into figures, with any number under 10
hidden and a share shown only when its base is 10 or more. The page and the CSV share this."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guides.models import Barrier, ContactKind, Plan, WeeklyCount
from guides.services.insight import counts
from guides.services.insight.counts import week_of

SMALLEST_SHOWN = 10
WEEKS_SHOWN = 12


def shown(number: int) -> str:
    """A count as staff may see it: 1 to 9 is "fewer than 10", so nobody is singled out; none is
    0, which singles out nobody."""
    if 0 < number < SMALLEST_SHOWN:
        return _("fewer than 10")
    return str(number)


def share(part: int, base: int) -> str:
    """A share as a whole percentage, only when its base is 10 or more."""
    if base < SMALLEST_SHOWN:
        return _("too few to show")
    return f"{round(100 * part / base)}%"


def last_week_over(today: datetime.date) -> datetime.date:
    """The latest week whose deadlines have all passed. A deadline is a date in the person's own
    zone, so a week is over from the Tuesday after, when Sunday has ended everywhere."""
    return week_of(today - datetime.timedelta(days=8))


@dataclass
class Figures:
    """The counts of one week (or the sum of several), in one language or all of them."""

    counts: Counter[str] = field(default_factory=Counter)
    # Whether any of its weeks is over (every deadline in it has passed), and the plans due in
    # those weeks, and carried out: the share's part and base.
    over: bool = False
    due_over: int = 0
    carried_out_over: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.counts + other.counts,
            self.over or other.over,
            self.due_over + other.due_over,
            self.carried_out_over + other.carried_out_over,
        )

    def answer(self, status: str) -> int:
        return self.counts[counts.ANSWER + status]

    @property
    def carried_out(self) -> int:
        return self.answer(Plan.Status.DONE) + self.answer(Plan.Status.DONE_NOT_WELL)

    @property
    def answered(self) -> int:
        return sum(self.answer(status) for status in ANSWERS)

    @property
    def no_answer(self) -> int:
        return max(0, self.counts[counts.DUE] - self.answered)

    @property
    def answers_given(self) -> int:
        return sum(self.counts[counts.OUTCOME + status] for status in ANSWERS)


# Every answer a plan can have, in the order the tables show them.
ANSWERS = [
    Plan.Status.DONE,
    Plan.Status.DONE_NOT_WELL,
    Plan.Status.NOT_YET,
    Plan.Status.SWITCHED_TO_BACKUP,
    Plan.Status.CANCELLED,
]


@dataclass
class Column:
    label: str
    value: Callable[[Figures], str]


def _count(metric: str) -> Callable[[Figures], str]:
    return lambda figures: shown(figures.counts[metric])


def _answer(status: str) -> Callable[[Figures], str]:
    return lambda figures: shown(figures.answer(status))


def activity_columns() -> list[Column]:
    return [
        Column(_("Checklists sent"), _count(counts.CHECKLIST)),
        Column(_("Crisis route opened"), _count(counts.CRISIS)),
        Column(_("Plans made"), _count(counts.PLAN)),
        Column(_("Answers given to plans"), lambda f: shown(f.answers_given)),
        Column(_("Sign-ups"), _count(counts.SIGNUP)),
        Column(_("Reminders sent"), _count(counts.REMINDER)),
        Column(_("Safety plans made"), _count(counts.SAFETY_PLAN)),
        Column(_("Safety plans updated"), _count(counts.SAFETY_PLAN_UPDATED)),
    ]


def deadline_columns() -> list[Column]:
    return [
        Column(_("Plans due"), _count(counts.DUE)),
        Column(_("I did it"), _answer(Plan.Status.DONE)),
        Column(_("I did it, but it didn’t go well"), _answer(Plan.Status.DONE_NOT_WELL)),
        Column(_("Not yet"), _answer(Plan.Status.NOT_YET)),
        Column(_("Tried the backup"), _answer(Plan.Status.SWITCHED_TO_BACKUP)),
        Column(_("Cancelled"), _answer(Plan.Status.CANCELLED)),
        Column(_("No answer"), lambda f: shown(f.no_answer)),
        Column(
            _("Carried out by the deadline"),
            lambda f: share(f.carried_out_over, f.due_over) if f.over else _("week not over"),
        ),
    ]


def week_label(week: datetime.date) -> str:
    return date_format(week, "j M Y")


@dataclass
class Row:
    week: datetime.date
    cells: list[str]

    @property
    def label(self) -> str:
        return week_label(self.week)


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[Row]
    total: list[str]


@dataclass
class Bar:
    text: str
    percent: int | None  # of the widest bar; None when the number is hidden


@dataclass
class ChartRow:
    label: str
    bars: list[Bar]


@dataclass
class Named:
    name: str
    count: str


@dataclass
class Report:
    language: str | None  # None: every language
    languages: list[tuple[str, str]]  # the languages with counts: (code, name)
    activity: Table
    deadlines: Table
    chart_labels: list[str]
    chart: list[ChartRow]
    kinds: list[Named]
    barriers: list[Named]
    first_week: datetime.date  # the earliest week any figure on the page counts


def language_names() -> dict[str, str]:
    """The site's languages by two-letter code: {"en": "English", "es": "Español"}."""
    return {code[:2].lower(): str(name) for code, name in settings.LANGUAGES}


def language_name(code: str) -> str:
    return language_names().get(code, code)


def _by_week(
    rows: Iterable[tuple[datetime.date, str, str, int]], language: str | None
) -> dict[datetime.date, Counter[str]]:
    weeks: dict[datetime.date, Counter[str]] = defaultdict(Counter)
    for week, code, metric, count in rows:
        if language is None or code == language:
            weeks[week][metric] += count
    return weeks


def _figures(
    weeks: dict[datetime.date, Counter[str]], week: datetime.date, *, over: bool
) -> Figures:
    figures = Figures(Counter(weeks.get(week, Counter())), over=over)
    if over:
        figures.due_over, figures.carried_out_over = figures.counts[counts.DUE], figures.carried_out
    return figures


def _table(caption: str, columns: list[Column], weeks: list[tuple[datetime.date, Figures]]):
    total = sum((figures for _week, figures in weeks), Figures())
    return Table(
        caption=caption,
        columns=columns,
        rows=[Row(week, [c.value(figures) for c in columns]) for week, figures in weeks],
        total=[c.value(total) for c in columns],
    )


def _named(total: Counter[str], prefix: str, names: list[tuple[str, str]]) -> list[Named]:
    """Every kind of help or barrier, chosen or not (so a row appearing gives away nobody's
    choice), and any counted that staff since removed. Those of 10 or more lead, by count; the
    rest keep staff's order, so the order tells nothing the hidden numbers do not."""
    every = _choices(names, prefix, set(total))
    counted = [(name, total[prefix + slug]) for slug, name in every]
    big = sorted((item for item in counted if item[1] >= SMALLEST_SHOWN), key=lambda item: -item[1])
    rest = [item for item in counted if item[1] < SMALLEST_SHOWN]
    return [Named(name, shown(n)) for name, n in [*big, *rest]]


def weekly_report(*, today: datetime.date, language: str | None = None) -> Report:
    """The last 12 weeks: what happened each week, and the plans due in each of the last 12
    weeks whose deadlines have all passed. Three queries, whatever the number of weeks."""
    now_week = week_of(today)
    over_week = last_week_over(today)
    activity_weeks = [now_week - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS_SHOWN))]
    deadline_weeks = [over_week - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS_SHOWN))]
    first = min(activity_weeks[0], deadline_weeks[0])
    rows = list(
        WeeklyCount.objects.filter(week__gte=first, week__lte=now_week).values_list(
            "week", "language", "metric", "count"
        )
    )
    languages = sorted({code for _w, code, _m, n in rows if n})
    weeks = _by_week(rows, language)

    activity = [(week, _figures(weeks, week, over=False)) for week in activity_weeks]
    deadlines = [(week, _figures(weeks, week, over=True)) for week in deadline_weeks]
    total = sum((figures for _week, figures in activity), Figures()).counts

    widest = max(
        [f.counts[m] for _w, f in activity for m in (counts.CHECKLIST, counts.PLAN)], default=0
    )

    def bar(number: int) -> Bar:
        if number < SMALLEST_SHOWN:
            return Bar(shown(number), None)
        return Bar(shown(number), round(100 * number / widest))

    kind_names = list(ContactKind.objects.values_list("slug", "name"))
    barrier_names = list(Barrier.objects.values_list("slug", "name"))
    return Report(
        language=language,
        languages=[(code, language_name(code)) for code in languages],
        activity=_table(_("What happened each week"), activity_columns(), activity),
        deadlines=_table(
            _("Plans by the week of their deadline, and what became of them"),
            deadline_columns(),
            deadlines,
        ),
        chart_labels=[_("Checklists sent"), _("Plans made")],
        chart=[
            ChartRow(
                week_label(week),
                [bar(figures.counts[counts.CHECKLIST]), bar(figures.counts[counts.PLAN])],
            )
            for week, figures in activity
        ],
        kinds=_named(total, counts.KIND, kind_names),
        barriers=_named(total, counts.BARRIER, barrier_names),
        first_week=first,  # the deadlines' table starts before the activity's
    )


def _choices(names: list[tuple[str, str]], prefix: str, metrics: set[str]) -> list[tuple[str, str]]:
    """Staff's kinds of help or barriers, (slug, name), then any counted that they since
    removed, by slug."""
    known = {slug for slug, _name in names}
    gone = {m.removeprefix(prefix) for m in metrics if m.startswith(prefix)} - known
    return names + [(slug, slug) for slug in sorted(gone)]


def csv_rows(*, today: datetime.date, language: str | None = None) -> list[list[str]]:
    """Every week from the first with counts to this one, one row each, then the totals: the
    page's figures and, per kind of help and barrier, how many plans named it. Three queries."""
    now_week = week_of(today)
    over_week = last_week_over(today)
    rows = list(
        WeeklyCount.objects.filter(week__lte=now_week).values_list(
            "week", "language", "metric", "count"
        )
    )
    weeks = _by_week(rows, language)
    first = min(weeks, default=now_week)
    all_weeks = []
    week = first
    while week <= now_week:
        all_weeks.append((week, _figures(weeks, week, over=week <= over_week)))
        week += datetime.timedelta(weeks=1)
    metrics = {metric for _w, _l, metric, _n in rows}
    kinds = _choices(list(ContactKind.objects.values_list("slug", "name")), counts.KIND, metrics)
    barriers = _choices(list(Barrier.objects.values_list("slug", "name")), counts.BARRIER, metrics)
    columns = [
        *activity_columns(),
        *deadline_columns(),
        *[
            Column(_("Planned to contact: %(kind)s") % {"kind": name}, _count(counts.KIND + slug))
            for slug, name in kinds
        ],
        *[
            Column(
                _("Barrier named: %(barrier)s") % {"barrier": name}, _count(counts.BARRIER + slug)
            )
            for slug, name in barriers
        ],
    ]
    code = language or "all"
    total = sum((figures for _week, figures in all_weeks), Figures())
    return [
        [_("Week beginning"), _("Language"), *(c.label for c in columns)],
        *[
            [week.isoformat(), code, *(c.value(figures) for c in columns)]
            for week, figures in all_weeks
        ],
        [_("Total"), code, *(c.value(total) for c in columns)],
    ]
