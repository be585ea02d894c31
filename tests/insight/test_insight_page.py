"""The admin page "How First Step is used" and its CSV: who sees them, what they show, what they
hide, and in how many queries."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from guides.models import Barrier, ContactKind
from guides.services.insight.counts import this_week
from guides.services.insight.report import last_week_over
from tests.base import make_person, text_of
from tests.insight.helpers import fill

pytestmark = pytest.mark.django_db

PAGE, CSV = "/admin/insight/", "/admin/insight/counts.csv"


def weeks_back(count: int, *, start: datetime.date | None = None) -> list[datetime.date]:
    start = start or this_week()
    return [start - datetime.timedelta(weeks=n) for n in range(count)]


def allowed_staff():
    person = make_person("insight@example.org", is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="view_insight"))
    return person


def csv_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_superusers_see_the_page(client, superuser):
    client.force_login(superuser)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "How First Step is used" in text_of(response)


def test_staff_given_the_permission_see_the_page_and_the_csv(client, content):
    client.force_login(allowed_staff())
    assert client.get(PAGE).status_code == 200
    assert client.get(CSV).status_code == 200
    assert 'href="/admin/insight/"' in client.get("/admin/").content.decode()


def test_content_editors_without_the_permission_are_refused(client, editor):
    client.force_login(editor)
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403
    assert "/admin/insight/" not in client.get("/admin/").content.decode()


def test_the_content_editors_group_does_not_have_the_permission(editor):
    group = Group.objects.get(name="Content editors")
    assert not group.permissions.filter(codename="view_insight").exists()
    assert not editor.has_perm("guides.view_insight")


def test_a_content_editor_given_the_permission_sees_it(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="view_insight"))
    client.force_login(editor)
    assert client.get(PAGE).status_code == 200


def test_people_who_are_not_staff_are_sent_to_the_admin_log_in(client, alice):
    assert client.get(PAGE)["Location"].startswith("/admin/login/")
    alice.user_permissions.add(Permission.objects.get(codename="view_insight"))
    client.force_login(alice)  # the permission alone does not open the admin
    assert client.get(CSV)["Location"].startswith("/admin/login/")


def test_the_page_and_csv_only_answer_get(client, superuser):
    client.force_login(superuser)
    assert client.post(PAGE).status_code == 405
    assert client.post(CSV).status_code == 405


def test_an_unknown_language_is_not_found(client, superuser):
    client.force_login(superuser)
    assert client.get(PAGE, {"language": "xx"}).status_code == 404
    assert client.get(CSV, {"language": "<script>"}).status_code == 404


def test_numbers_under_ten_are_hidden_on_the_page(client, superuser, content):
    week = this_week()
    fill(
        [week],
        {
            "checklist": 9,
            "crisis": 1,
            "plan": 10,
            "signup": 0,
            "kind:gp": 3,
            "kind:friend-family": 12,
        },
    )
    client.force_login(superuser)
    response = client.get(PAGE)
    html = response.content.decode()
    text = text_of(response)
    assert "fewer than 10" in text
    # This week's row: 9 checklists and 1 crisis route hidden, 10 plans shown.
    row = html[html.index(f'<th scope="row">{week.strftime("%-d %b %Y")}</th>') :]
    cells = row[: row.index("</tr>")]
    assert cells.count("fewer than 10") >= 2 and "<td>10</td>" in cells
    assert ">9<" not in html and ">1<" not in html.replace(">1</", "")
    # Kinds of help: a friend by number, the GP only as fewer than 10.
    assert (
        "A friend or family member 12" in text
        and "A GP or primary care doctor fewer than 10" in text
    )


def test_a_share_is_shown_only_when_its_base_is_ten_or_more(client, superuser):
    over = last_week_over(timezone.localdate())
    fill([over], {"due": 10, "answer:done": 6, "answer:done_not_well": 1, "answer:not_yet": 1})
    fill([over - datetime.timedelta(weeks=1)], {"due": 9, "answer:done": 9})
    client.force_login(superuser)
    text = text_of(client.get(PAGE))
    assert "70%" in text  # 7 of 10 reached out: done, or done but it did not go well
    assert "100%" not in text  # 9 of 9 is too few to show
    assert "too few to show" in text
    # The total: 16 of 19.
    assert "84%" in text


def test_the_csv_hides_the_same_numbers(client, superuser, content):
    over = last_week_over(timezone.localdate())
    fill(
        [over],
        {
            "checklist": 25,
            "crisis": 3,
            "plan": 12,
            "due": 11,
            "answer:done": 10,
            "kind:gp": 12,
            "barrier:cost": 2,
        },
    )
    fill([over - datetime.timedelta(weeks=3)], {"checklist": 4})
    client.force_login(superuser)
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_of(response)
    header, *weeks, total = rows
    assert header[:5] == [
        "Week beginning",
        "Language",
        "Checklists sent",
        "Crisis route opened",
        "Plans made",
    ]
    assert [row[0] for row in weeks][0] == (over - datetime.timedelta(weeks=3)).isoformat()
    assert (
        len(weeks)
        == (this_week() - weeks_back(1, start=over - datetime.timedelta(weeks=3))[0]).days // 7 + 1
    )
    by_week = {row[0]: dict(zip(header, row, strict=True)) for row in weeks}
    first, busy = (
        by_week[(over - datetime.timedelta(weeks=3)).isoformat()],
        by_week[over.isoformat()],
    )
    assert first["Checklists sent"] == "fewer than 10"
    assert busy["Checklists sent"] == "25" and busy["Crisis route opened"] == "fewer than 10"
    assert (
        busy["Plans due"] == "11"
        and busy["I did it"] == "10"
        and busy["No answer"] == "fewer than 10"
    )
    assert busy["Carried out by the deadline"] == "91%"
    assert busy["Planned to contact: A GP or primary care doctor"] == "12"
    assert busy["Barrier named: Cost"] == "fewer than 10"
    assert total[0] == "Total" and dict(zip(header, total, strict=True))["Checklists sent"] == "29"
    every_cell = [cell for row in rows[1:] for cell in row[2:]]
    assert not [c for c in every_cell if c.isdigit() and 0 < int(c) < 10]  # 0 is 0


def test_the_page_takes_the_same_queries_for_one_week_of_counts_or_52(client, superuser, content):
    client.force_login(superuser)
    values = {
        "checklist": 40,
        "crisis": 12,
        "plan": 20,
        "due": 20,
        "answer:done": 11,
        "kind:gp": 14,
        "barrier:cost": 10,
        "signup": 10,
        "reminder": 30,
        "outcome:done": 11,
    }
    fill(weeks_back(1), values)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as one_week:
        assert client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as one_week_csv:
        assert client.get(CSV).status_code == 200
    fill(weeks_back(52)[1:], values)
    fill(weeks_back(52), values, language="es")
    with CaptureQueriesContext(connection) as year:
        assert client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as year_csv:
        assert client.get(CSV).status_code == 200
    # The session with the person (one query), the counts, the kinds of help, the barriers; and
    # on the page the admin's own look at the site settings, for its menu.
    assert len(one_week) == len(year) == 5
    assert len(one_week_csv) == len(year_csv) == 4


def test_with_two_languages_each_has_its_own_figures(client, superuser):
    fill([this_week()], {"checklist": 30}, language="en")
    fill([this_week()], {"checklist": 12}, language="es")
    client.force_login(superuser)
    page = client.get(PAGE)
    assert 'href="/admin/insight/?language=es"' in page.content.decode()
    assert "<td>42</td>" in page.content.decode()
    spanish = client.get(PAGE, {"language": "es"}).content.decode()
    assert "<td>12</td>" in spanish and "<td>42</td>" not in spanish
    rows = csv_of(client.get(CSV, {"language": "es"}))
    assert rows[-2][1] == "es" and rows[-2][2] == "12"


def test_one_language_shows_no_language_choice(client, superuser):
    fill([this_week()], {"checklist": 30})
    client.force_login(superuser)
    assert "?language=" not in client.get(PAGE).content.decode()


def test_the_chart_is_a_table_of_numbers_with_bars_drawn_on_the_server(client, superuser):
    fill([this_week()], {"checklist": 40, "plan": 20})
    fill(weeks_back(2)[1:], {"checklist": 5})
    client.force_login(superuser)
    html = client.get(PAGE).content.decode()
    chart = html[html.index('<table class="insight-chart">') :]
    chart = chart[: chart.index("</table>")]
    assert "<caption>" in chart and '<th scope="col">Checklists sent</th>' in chart
    assert '<rect width="100%"' in chart and '<rect width="50%"' in chart
    assert chart.count("<svg") == 2  # the week of 5 checklists shows no bar, only its words
    assert 'aria-hidden="true"' in chart and "fewer than 10" in chart
    assert "<script" not in chart and "style=" not in chart


def test_a_count_of_none_shows_as_0_and_1_to_9_stay_hidden(client, superuser, content):
    week = this_week()
    fill([week], {"checklist": 12, "plan": 4})
    client.force_login(superuser)
    html = client.get(PAGE).content.decode()
    row = html[html.index(f'<th scope="row">{week.strftime("%-d %b %Y")}</th>') :]
    cells = re.findall(r"<td>([^<]*)</td>", row[: row.index("</tr>")])
    # Checklists 12, crisis route 0, plans 4 (hidden), answers 0, sign-ups 0, …
    assert cells[:5] == ["12", "0", "fewer than 10", "0", "0"]


def test_every_kind_of_help_and_barrier_is_listed_chosen_or_not(client, superuser, content):
    fill([this_week()], {"plan": 12, "kind:gp": 3, "barrier:cost": 11})
    client.force_login(superuser)
    html = client.get(PAGE).content.decode()
    kinds = html[html.index("Kinds of help people plan to contact first") :]
    kinds = kinds[: kinds.index("</table>")]
    barriers = html[html.index("Barriers people name") :]
    barriers = barriers[: barriers.index("</table>")]
    listed = dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', kinds))
    assert set(listed) == {
        escape(name) for name in ContactKind.objects.values_list("name", flat=True)
    }
    assert listed[escape(ContactKind.objects.get(slug="gp").name)] == "fewer than 10"
    assert set(listed.values()) == {"fewer than 10", "0"}
    named = dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', barriers))
    assert set(named) == {escape(name) for name in Barrier.objects.values_list("name", flat=True)}
    assert named[escape(Barrier.objects.get(slug="cost").name)] == "11"
    assert list(named.values())[0] == "11"  # 10 or more lead; the rest in staff's order


def test_since_names_the_first_week_the_page_counts(client, superuser):
    client.force_login(superuser)
    response = client.get(PAGE)
    html = response.content.decode()
    first_row = re.findall(r'<th scope="row">([^<]*)</th>', html)
    earliest = min(
        datetime.datetime.strptime(label, "%d %b %Y").date()
        for label in first_row
        if re.fullmatch(r"\d{1,2} \w{3} \d{4}", label)
    )
    assert earliest == last_week_over(timezone.localdate()) - datetime.timedelta(weeks=11)
    assert f"since the week beginning {earliest.day} {earliest:%B %Y}" in text_of(response)
