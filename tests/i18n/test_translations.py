"""The interface in Spanish: the catalog is complete, in step with the code and compiled; Spanish
pages, form errors, the calendar file, e-mails and dates in words read in Spanish."""

import datetime
import gettext
import os
import re
import shutil
import subprocess
import zoneinfo
from pathlib import Path
from unittest import mock

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone, translation
from icalendar import Calendar

from guides.helpers.dates import date_in_words, deadline_in_words, weekday_date_in_words
from guides.models import Plan, User
from guides.services.planner.reminders import send_due_reminders
from tests.base import PASSWORD, make_person, make_plan, text_of
from tests.planner.test_wizard import draft_id, step_data, walk

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
# What the catalog is made from: the same command the README gives (see "Translations").
MAKEMESSAGES_IGNORE = ["tests/*", ".venv/*", "staticfiles/*", "artifacts/*"]

SPANISH_WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
SPANISH_MONTHS = [
    *("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"),
    *("septiembre", "octubre", "noviembre", "diciembre"),
]
LONDON = zoneinfo.ZoneInfo("Europe/London")


def catalog_keys(catalog: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalog if not e.obsolete}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """What makemessages collects from the code now, in a catalog of its own. It runs in a
    folder that links to the code: run in the project, it would write to locale/ itself,
    which holds the code's folders, whatever LOCALE_PATHS says."""
    workdir = tmp_path_factory.mktemp("code")
    for entry in Path(settings.BASE_DIR).iterdir():
        if entry.name != "locale" and not entry.name.startswith("."):
            (workdir / entry.name).symlink_to(entry)
    locale_dir = workdir / "collected"
    locale_dir.mkdir()
    here = Path.cwd()
    os.chdir(workdir)
    try:
        with override_settings(LOCALE_PATHS=[locale_dir]):
            call_command(
                "makemessages",
                locale=["es"],
                ignore_patterns=MAKEMESSAGES_IGNORE,
                symlinks=True,
                verbosity=0,
            )
    finally:
        os.chdir(here)
    return polib.pofile(str(locale_dir / "es" / "LC_MESSAGES" / "django.po"))


def test_makemessages_collects_the_sites_strings(collected):
    msgids = {entry.msgid for entry in collected}
    for marked in ["Get help now", "Exit this page", "Shift, press 2 more times to exit."]:
        assert marked in msgids


def test_every_spanish_entry_is_translated_and_none_is_fuzzy():
    catalog = polib.pofile(str(CATALOG))
    entries = [entry for entry in catalog if not entry.obsolete]
    assert len(entries) > 600
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not e.translated()] == []
    plurals = [e for e in entries if e.msgid_plural]
    assert plurals and all(all(e.msgstr_plural.values()) for e in plurals)
    assert not catalog.metadata_is_fuzzy


def test_the_spanish_catalog_is_in_step_with_the_code(collected):
    committed = polib.pofile(str(CATALOG))
    new = catalog_keys(collected) - catalog_keys(committed)
    gone = catalog_keys(committed) - catalog_keys(collected)
    assert not new, f"Strings not yet in the catalog (run makemessages): {sorted(new)[:5]}"
    assert not gone, f"Strings no longer in the code (run makemessages): {sorted(gone)[:5]}"


def test_the_committed_mo_is_the_po_compiled(tmp_path):
    """The site reads the .mo, committed so that `make run` needs no gettext: it must say what
    the .po says (compilemessages after every change to the .po)."""
    from_po = tmp_path / "django.mo"
    polib.pofile(str(CATALOG)).save_as_mofile(str(from_po))
    with COMPILED.open("rb") as committed_file, from_po.open("rb") as expected_file:
        committed = gettext.GNUTranslations(committed_file)
        expected = gettext.GNUTranslations(expected_file)
    assert messages_of(committed) == messages_of(expected)
    assert committed.charset().lower() == expected.charset().lower() == "utf-8"
    plural_forms = [expected.plural(n) for n in range(12)]  # type: ignore[attr-defined]
    assert [committed.plural(n) for n in range(12)] == plural_forms  # type: ignore[attr-defined]


def messages_of(compiled: gettext.GNUTranslations) -> dict:
    """Every translation, without the header (msgfmt leaves out the POT-Creation-Date line)."""
    return {key: text for key, text in compiled._catalog.items() if key != ""}  # type: ignore[attr-defined]


def test_gnu_gettext_accepts_the_catalog():
    """msgfmt --check: every translation keeps its placeholders (%(name)s) and the header is
    whole. A missing placeholder would break the page at the moment it is shown."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is needed (tests/system-packages installs it)"
    result = subprocess.run(
        [msgfmt, "--check", "--output-file=/dev/null", str(CATALOG)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "spanish"),
    [
        ("/es/", ["Pedir ayuda es el primer paso", "Tres formas de empezar", "Ayuda ahora"]),
        ("/es/checklist/", ["Salir de esta página", "Ver qué me podría ayudar", "Qué guardamos"]),
        (
            "/es/help-now/?region=US",
            ["Líneas para Estados Unidos", "¿Qué pasa cuando llamo?", "Llamar al 988"],
        ),
        (
            "/es/guide/",
            ["Pedir ayuda, paso a paso", "Leíste 0 de 11 pasos.", "Empezar en el paso 1"],
        ),
        ("/es/privacy/", ["Tu privacidad", "Qué guardamos, dónde y por cuánto tiempo"]),
    ],
)
def test_spanish_pages_speak_spanish(client, content, url, spanish):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    text = text_of(response)
    for words in spanish:
        assert words in text
    for english in ["Get help now", "Skip to main content", "Create an account", "Privacy"]:
        assert english not in text


@pytest.mark.django_db
def test_the_planner_speaks_spanish_to_someone_logged_in(client, content, alice):
    client.force_login(alice)
    response = client.get("/es/plan/new/", follow=True)
    text = text_of(response)
    assert '<html lang="es">' in response.content.decode()
    assert "¿Con quién te vas a comunicar primero?" in text and "Paso 1 de 5" in text
    assert "Tu cuenta" in text and "Mis planes" in text
    assert "Who will you contact first?" not in text


@pytest.mark.django_db
def test_a_missing_page_under_es_is_in_spanish(client, content):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="es">' in response.content.decode()
    assert "No encontramos esa página" in text_of(response)


@pytest.mark.django_db
def test_a_server_error_under_es_is_in_spanish(content):
    client = Client(raise_request_exception=False)
    with mock.patch("guides.views.pages.render", side_effect=RuntimeError("broken")):
        response = client.get("/es/about/")
    assert response.status_code == 500
    text = text_of(response)
    assert "Algo salió mal" in text and "marca el 2 para hablar en español" in text


@pytest.mark.django_db
def test_a_form_error_on_a_spanish_page_is_in_spanish(client, content):
    response = client.post("/es/plan/new/who/", {"contact_kind": ""})
    assert response.status_code == 200
    text = text_of(response)
    assert "Hay un problema" in text
    assert "Elige con quién te vas a comunicar primero." in text
    assert "Choose who you will contact first." not in text


@pytest.mark.django_db
def test_a_plan_made_in_spanish_has_a_spanish_calendar_event(client, content):
    walk(client, step_data(), prefix="/es")
    check = client.get("/es/plan/new/check/")
    assert 'value="Dar el primer paso"' in check.content.decode()
    response = client.post(
        "/es/plan/new/check/", {"draft_id": draft_id(client), "event_title": "Dar el primer paso"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/es/plan/")
    assert "Tu plan está guardado" in text_of(client.get(response["Location"]))
    plan = Plan.objects.get()
    assert plan.language == "es"

    ics = client.get(f"/es/plan/{plan.pk}/calendar.ics")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Dar el primer paso"
    assert event["SUMMARY"].params["LANGUAGE"] == "es"
    alarm = event.walk("VALARM")[0]
    assert str(alarm["DESCRIPTION"]) == "Dar el primer paso"
    assert alarm["DESCRIPTION"].params["LANGUAGE"] == "es"


@pytest.mark.django_db
def test_an_english_plan_starts_with_an_english_calendar_title(client, content):
    walk(client, step_data())
    assert 'value="Reach out"' in client.get("/plan/new/check/").content.decode()


@pytest.mark.django_db
def test_reminders_go_in_the_plans_language(content):
    person = make_person("verified@example.org", language="en")
    due = datetime.date(2027, 3, 10)
    spanish = make_plan(user=person, due_date=due, remind=True, language="es", event_title="Cita")
    make_plan(user=person, due_date=due, remind=True, language="en", event_title="Call")
    assert send_due_reminders(now=datetime.datetime(2027, 3, 9, 8, tzinfo=LONDON)).sent == 2

    by_subject = {message.subject: message for message in mail.outbox}
    in_spanish = by_subject["Cita"].body
    words = f"{SPANISH_WEEKDAYS[due.weekday()]}, 10 de marzo"
    assert f"Mañana, {words}" in in_spanish and "Tu plan:" in in_spanish
    assert f"/es/plan/{spanish.pk}/" in in_spanish and "Tomorrow" not in in_spanish
    assert "Tomorrow" in by_subject["Call"].body and "/es/" not in by_subject["Call"].body


@pytest.mark.django_db
def test_the_confirmation_e_mail_is_in_the_language_of_the_sign_up(client, content):
    response = client.post(
        "/es/accounts/signup/",
        {"email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/es/accounts/signup/sent/"
    assert User.objects.get(email="nueva@example.org").language == "es"
    message = mail.outbox[-1]
    assert message.subject == "Confirma tu correo electrónico para First Step"
    assert "Para confirmar que es tuyo, abre este enlace" in message.body
    assert re.search(r"http://testserver/es/accounts/verify/\S+/", message.body)


@pytest.mark.django_db
def test_a_sign_up_attempt_is_told_in_the_account_owners_language(client, content):
    make_person("cuenta@example.org", language="es")
    client.post(
        "/accounts/signup/",
        {"email": "cuenta@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    message = mail.outbox[-1]
    assert message.subject == "Alguien intentó crear una cuenta de First Step con tu correo"
    assert "http://testserver/es/accounts/login/" in message.body


def test_dates_in_words_in_spanish():
    next_year = timezone.now().date().year + 1
    day = datetime.date(next_year, 12, 7)
    weekday = SPANISH_WEEKDAYS[day.weekday()]
    with translation.override("es"):
        assert deadline_in_words(day, datetime.time(9, 30), "America/New_York") == (
            f"{weekday}, 7 de diciembre de {next_year}, 9:30\u202fa.\u202fm., "
            "hora del este de EE. UU."
        )
        assert deadline_in_words(day, datetime.time(18, 5), "America/Bogota") == (
            f"{weekday}, 7 de diciembre de {next_year}, 6:05\u202fp.\u202fm., hora de Bogotá"
        )
        assert date_in_words(day) == f"7 de diciembre de {next_year}"
        assert weekday_date_in_words(day) == f"{weekday}, 7 de diciembre de {next_year}"
    for month in range(1, 13):
        with translation.override("es"):
            assert SPANISH_MONTHS[month - 1] in date_in_words(datetime.date(2027, month, 1))


def test_a_moment_is_dated_where_the_site_is():
    # 23:30 UTC on 31 December is already 1 January in Tokyo.
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("Asia/Tokyo"), translation.override("es"):
        assert date_in_words(moment) == "1 de enero de 2027"


@pytest.mark.django_db
def test_dates_in_words_on_spanish_pages(client, content):
    text = text_of(client.get("/es/help-now/"))
    assert re.search(r"Datos revisados por última vez el \d{1,2} de [a-z]+ de \d{4}\.", text)
