"""Synthetic people, plans and checklist answers in bulk, for scale tests and measurements.

Never run it on a database real people use: everyone it makes has an @load.example.org address,
and all of them share one password (SEED_PASSWORD unless --password says otherwise).
"""

import contextlib
import datetime
import random
import string
import time
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from guides.models import (
    Barrier,
    ChecklistResult,
    ContactKind,
    ContactMethod,
    Plan,
    PlanBarrier,
    Session,
    Statement,
    StatementGroup,
    User,
)
from guides.models.planner import deadline_instant
from guides.sessions import SessionStore

EMAIL_DOMAIN = "load.example.org"
SEED_PASSWORD = "load test passphrase"  # noqa: S105 - synthetic people only
# What SQLite may take without --force: enough for a trial, not a scale test.
SQLITE_LIMIT = 1_000

# Where people are, roughly weighted; includes zones far ahead of and behind UTC.
TIME_ZONES = {
    "Europe/London": 20,
    "America/New_York": 15,
    "America/Chicago": 6,
    "America/Los_Angeles": 10,
    "America/Sao_Paulo": 4,
    "Europe/Berlin": 8,
    "Africa/Johannesburg": 3,
    "Asia/Kolkata": 8,
    "Asia/Tokyo": 5,
    "Australia/Sydney": 6,
    "Pacific/Auckland": 3,
    "Pacific/Kiritimati": 1,
    "Pacific/Pago_Pago": 1,
    "UTC": 10,
}
NAMES = ["", "", "", "my sister Ana", "Dr Lee's office", "Sam", "my mum", "the GP surgery", "Jo"]
PARTNERS = ["", "", "Sam", "Alex", "my brother", "Priya"]
EVENT_TITLES = ["Reach out", "Reach out", "Reach out", "Call", "Appointment", "Step"]
PAST_STATUSES = {
    "done": 45,
    "planned": 25,
    "not_yet": 15,
    "cancelled": 10,
    "switched_to_backup": 5,
}
FUTURE_STATUSES = {"planned": 85, "not_yet": 8, "cancelled": 7}
SESSION_KEY_CHARS = string.ascii_lowercase + string.digits


@contextlib.contextmanager
def keep_given_timestamps(*models):
    """bulk_create would stamp auto_now(_add) fields with now; seeded rows bring their own."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Seeder:
    """Makes rows from one random generator, so the same --seed makes the same data."""

    def __init__(self, *, seed: int, batch_size: int, anonymous: float, now: datetime.datetime):
        # What is there already goes into the seed too, so that another run adds new rows (new
        # ids) instead of repeating the last ones: the same seed on the same database, same data.
        there = [model.objects.count() for model in (User, Session, Plan, ChecklistResult)]
        self.rng = random.Random(f"{seed}/{there}")
        self.batch_size = batch_size
        self.anonymous = anonymous
        self.now = now
        self.kinds = list(ContactKind.objects.filter(is_active=True))
        self.methods = list(ContactMethod.objects.filter(is_active=True))
        self.barriers = list(Barrier.objects.filter(is_active=True).values_list("pk", flat=True))
        self.statements = list(
            Statement.objects.active().values_list("pk", "group__kind", "is_crisis")
        )
        if not (self.kinds and self.methods and self.statements):
            raise CommandError("Load the content first: manage.py load_content")
        self.zones = list(TIME_ZONES)
        self.zone_weights = list(TIME_ZONES.values())
        self.user_ids: list[int] = []
        self.verified_ids: list[int] = []
        self.verified_set: set[int] = set()
        self.session_keys: list[str] = []

    def new_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def some_time_before(self, moment: datetime.datetime, days: int) -> datetime.datetime:
        return moment - datetime.timedelta(seconds=self.rng.randrange(1, days * 86400))

    def batches(self, count: int):
        for start in range(0, count, self.batch_size):
            yield range(start, min(start + self.batch_size, count))

    # People and anonymous sessions

    def people(self, count: int, password: str) -> int:
        first = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count()
        password_hash = make_password(password)  # once: Argon2 for each would take most of an hour
        for batch in self.batches(count):
            users = []
            for n in batch:
                joined = self.some_time_before(self.now, 365)
                verified = self.rng.random() < 0.7
                users.append(
                    User(
                        email=f"person{first + n + 1:06d}@{EMAIL_DOMAIN}",
                        password=password_hash,
                        date_joined=joined,
                        is_active=self.rng.random() < 0.98,
                        email_verified_at=(
                            joined + datetime.timedelta(minutes=self.rng.randrange(1, 600))
                            if verified
                            else None
                        ),
                        last_login=self.some_time_before(self.now, 30) if verified else None,
                    )
                )
            User.objects.bulk_create(users)
        return count

    def sessions(self, count: int) -> int:
        data = SessionStore().encode({"anonymous": True})  # the same for every anonymous session
        lifetime = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        for batch in self.batches(count):
            Session.objects.bulk_create(
                Session(
                    session_key="".join(self.rng.choices(SESSION_KEY_CHARS, k=32)),
                    session_data=data,
                    expire_date=self.some_time_before(self.now, 60) + lifetime,
                )
                for _ in batch
            )
        return count

    def load_owners(self) -> None:
        people = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).order_by("pk")
        rows = list(people.values_list("pk", "is_active", "email_verified_at"))
        self.user_ids = [pk for pk, _, _ in rows]
        self.verified_ids = [pk for pk, active, verified in rows if active and verified]
        self.verified_set = set(self.verified_ids)
        self.session_keys = list(
            Session.objects.filter(user__isnull=True)
            .order_by("session_key")
            .values_list("session_key", flat=True)
        )
        if not self.user_ids:
            raise CommandError(f"There are no seeded people (@{EMAIL_DOMAIN}): use --people.")

    def owner(self) -> dict:
        if self.session_keys and self.rng.random() < self.anonymous:
            return {"user_id": None, "session_key": self.rng.choice(self.session_keys)}
        return {"user_id": self.rng.choice(self.user_ids), "session_key": None}

    # Plans

    def plan(self, *, owner: dict, due_date: datetime.date, zone: str, status: str, remind: bool):
        rng = self.rng
        kind = rng.choice(self.kinds)
        due_time = (
            datetime.time(rng.randrange(8, 21), rng.choice((0, 15, 30, 45)))
            if rng.random() < 0.6
            else None
        )
        due_at = deadline_instant(due_date, due_time, zone)
        created = min(self.now, due_at) - datetime.timedelta(hours=rng.randrange(1, 24 * 14))
        backup = rng.choice(self.kinds) if rng.random() < 0.5 else None
        return Plan(
            id=self.new_uuid(),
            **owner,
            contact_kind=kind,
            contact_name=rng.choice(NAMES),
            contact_method=rng.choice(self.methods),
            contact_detail="020 7946 0000" if rng.random() < 0.3 else "",
            script=kind.script_template,
            due_date=due_date,
            due_time=due_time,
            time_zone=zone,
            partner_name=rng.choice(PARTNERS),
            backup_kind=backup,
            backup_name="a helpline" if backup and rng.random() < 0.3 else "",
            event_title=rng.choice(EVENT_TITLES),
            status=status,
            outcome_note="It went better than I feared." if status == "done" else "",
            remind=remind,
            due_at=due_at,
            created_at=created,
            updated_at=created,
        )

    def some_plan(self) -> Plan:
        owner = self.owner()
        zone = self.rng.choices(self.zones, weights=self.zone_weights)[0]
        today = self.now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        due_date = today + datetime.timedelta(days=self.rng.randrange(-60, 43))
        status = self.weighted(PAST_STATUSES if due_date < today else FUTURE_STATUSES)
        remind = owner["user_id"] in self.verified_set and self.rng.random() < 0.4
        return self.plan(owner=owner, due_date=due_date, zone=zone, status=status, remind=remind)

    def plan_due_tomorrow(self) -> Plan:
        zone = self.rng.choices(self.zones, weights=self.zone_weights)[0]
        tomorrow = self.now.astimezone(zoneinfo.ZoneInfo(zone)).date() + datetime.timedelta(1)
        owner = {"user_id": self.rng.choice(self.verified_ids), "session_key": None}
        return self.plan(owner=owner, due_date=tomorrow, zone=zone, status="planned", remind=True)

    def plans(self, count: int, make) -> int:
        for batch in self.batches(count):
            plans = [make() for _ in batch]
            Plan.objects.bulk_create(plans)
            plan_barriers = []
            for plan in plans:
                if self.barriers and self.rng.random() < 0.5:
                    for barrier_id in self.rng.sample(
                        self.barriers, self.rng.randint(1, min(3, len(self.barriers)))
                    ):
                        note = "I can do it anyway." if self.rng.random() < 0.3 else ""
                        plan_barriers.append(
                            PlanBarrier(plan_id=plan.pk, barrier_id=barrier_id, note=note)
                        )
            PlanBarrier.objects.bulk_create(plan_barriers)
        return count

    # Checklist answers

    def results(self, count: int) -> int:
        through = ChecklistResult.statements.through
        for batch in self.batches(count):
            results, ticks = [], []
            for _ in batch:
                result = ChecklistResult(
                    id=self.new_uuid(),
                    **self.owner(),
                    created_at=self.some_time_before(self.now, 180),
                )
                for pk, group_kind, is_crisis in self.statements:
                    if self.rng.random() < (0.05 if is_crisis else 0.4):
                        ticks.append(through(checklistresult_id=result.pk, statement_id=pk))
                        if group_kind == StatementGroup.Kind.SIGNS:
                            result.signs_count += 1
                        else:
                            result.readiness_count += 1
                results.append(result)
            ChecklistResult.objects.bulk_create(results)
            through.objects.bulk_create(ticks)
        return count


class Command(BaseCommand):
    help = (
        "Make synthetic people, plans and checklist answers for scale tests (never on a real "
        "database). Needs the content loaded first. Adds to what an earlier run made."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--plans", type=int, default=100_000)
        parser.add_argument("--results", type=int, default=100_000, help="checklist results")
        parser.add_argument(
            "--due-tomorrow",
            type=int,
            default=0,
            help="extra open plans due tomorrow, in each person's zone, with reminders on, for "
            "people with a confirmed address: work for send_reminders",
        )
        parser.add_argument(
            "--anonymous",
            type=float,
            default=0.2,
            help="the share of plans and results kept in an anonymous session (default 0.2)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2027,
            help="the same seed on the same database makes the same data (dates from today)",
        )
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument("--password", default=SEED_PASSWORD, help="everyone's password")
        parser.add_argument(
            "--force", action="store_true", help=f"more than {SQLITE_LIMIT:,} rows on SQLite"
        )

    def handle(self, *args, **options):
        counts = {name: options[name] for name in ("people", "plans", "results", "due_tomorrow")}
        if any(count < 0 for count in counts.values()):
            raise CommandError("Counts cannot be negative.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not 0 <= options["anonymous"] <= 1:
            raise CommandError("--anonymous is a share between 0 and 1.")
        if (
            connection.vendor == "sqlite"
            and max(counts.values()) > SQLITE_LIMIT
            and not options["force"]
        ):
            raise CommandError(
                f"This is SQLite: it would take long and prove little. Use PostgreSQL "
                f"(DATABASE_URL), counts up to {SQLITE_LIMIT:,}, or --force."
            )
        started = time.monotonic()
        seeder = Seeder(
            seed=options["seed"],
            batch_size=options["batch_size"],
            anonymous=options["anonymous"],
            now=timezone.now(),
        )
        with transaction.atomic(), keep_given_timestamps(Plan, ChecklistResult):
            self.step("people", seeder.people, counts["people"], options["password"])
            anonymous = round(counts["people"] * options["anonymous"])
            self.step("anonymous sessions", seeder.sessions, anonymous)
            seeder.load_owners()
            self.step("plans", seeder.plans, counts["plans"], seeder.some_plan)
            if counts["due_tomorrow"] and not seeder.verified_ids:
                raise CommandError("No seeded person has a confirmed address: use --people.")
            self.step(
                "plans due tomorrow", seeder.plans, counts["due_tomorrow"], seeder.plan_due_tomorrow
            )
            self.step("checklist results", seeder.results, counts["results"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would make soon
        self.stdout.write(
            self.style.SUCCESS(f"Seeded in {time.monotonic() - started:.0f} s. ")
            + f"Every person's password: {options['password']!r}"
        )

    def step(self, label: str, make, count: int, *args) -> None:
        if not count:
            return
        started = time.monotonic()
        make(count, *args)
        self.stdout.write(f"{count:>9,} {label} ({time.monotonic() - started:.1f} s)")
