"""The checklist page, saving a result, the result page, history and deleting."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guides.content_version import content_changed
from guides.models import ChecklistResult, Session, Statement, StatementGroup
from tests.base import text_of

pytestmark = pytest.mark.django_db


def ids(*keys) -> list[str]:
    return [str(Statement.objects.get(key=key).pk) for key in keys]


def submit(client, *keys, **extra):
    return client.post("/checklist/", {"statements": ids(*keys), **extra})


def test_the_checklist_shows_both_groups_with_labels_and_hints(client, content):
    response = client.get("/checklist/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Signs that it is time to reach out" in text and "How ready am I?" in text
    html = response.content.decode()
    for statement in Statement.objects.active():
        assert f'<label for="statement-{statement.pk}">{statement.text}</label>' in html
        if statement.hint:
            assert f'aria-describedby="statement-{statement.pk}-hint"' in html


def test_looking_at_the_checklist_creates_no_session(client, content):
    client.get("/checklist/")
    assert Session.objects.count() == 0


def test_submitting_saves_a_result_in_a_new_session_and_redirects(client, content):
    response = submit(client, "lasted-two-weeks", "admitted-need")
    result = ChecklistResult.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/checklist/results/{result.pk}/"
    assert result.user is None and result.session_key == client.session.session_key
    assert Session.objects.count() == 1
    assert {s.key for s in result.statements.all()} == {"lasted-two-weeks", "admitted-need"}
    assert (result.signs_count, result.readiness_count) == (1, 1)


def test_a_signed_in_persons_result_goes_on_their_account(client, content, alice):
    client.force_login(alice)
    submit(client, "keep-wondering")
    result = ChecklistResult.objects.get()
    assert result.user == alice and result.session_key is None


def test_the_result_says_what_the_signs_suggest_and_what_is_open(client, content):
    response = client.get(submit(client, "gets-in-the-way", "admitted-need")["Location"])
    text = text_of(response)
    assert "it is a good time to talk to someone" in text
    assert "How I feel gets in the way of my work" in text
    assert "Read “The kinds of help, and when each fits”" in text
    assert "Kinds of help that fit" in text and "A GP or primary care doctor" in text
    assert "Plan my first step" in text
    assert "crisis-panel" not in response.content.decode()
    for verdict in ("diagnos", "score", "you have depression", "you are depressed"):
        assert verdict not in text.lower().replace("this is not a diagnosis", "")


def test_ticking_nothing_gets_a_gentle_page(client, content):
    response = client.get(submit(client)["Location"])
    assert "You didn’t tick anything, and that is completely fine." in text_of(response)


def test_a_crisis_tick_puts_the_regions_lines_first_on_the_result(client, content):
    client.cookies["region"] = "US"
    response = client.get(submit(client, "thoughts-of-harm")["Location"])
    html = response.content.decode()
    main = html.split('<main id="main"')[1]
    # The panel's heading is the page's: the lines come right after it, before anything else.
    assert main.index("crisis-panel") < main.index('<h1 id="crisis-title"')
    first_link = re.search(r'<a [^>]*href="([^"]+)"', main.split("</h1>", 1)[1])
    assert first_link is not None and first_link.group(1) == "tel:988"
    text = text_of(response)
    for line in ("Call 988", "Text 988", "Text 741741", "Call 911"):
        assert line in text
    for alarming in ("urgent!", "warning", "you must", "failure"):
        assert alarming not in text.lower()


def test_a_crisis_tick_without_javascript_shows_the_panel_when_the_form_is_re_shown(
    client, content
):
    # A form error re-shows the page: the crisis lines still come first.
    response = submit(client, "thoughts-of-harm", unexpected="x")
    assert response.status_code == 200
    assert "crisis-panel" in response.content.decode()


def test_the_htmx_crisis_preview_is_a_fragment_and_saves_nothing(client, content):
    client.cookies["region"] = "US"
    crisis = Statement.objects.get(key="thoughts-of-harm")
    response = client.post(
        "/checklist/",
        {"statements": [crisis.pk], "preview": "crisis"},
        headers={"HX-Request": "true", "HX-Trigger": f"statement-{crisis.pk}"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert 'id="crisis-panel"' in html and "Call 988" in html
    assert f'id="statement-{crisis.pk}-note"' in html and 'hx-swap-oob="true"' in html
    assert ChecklistResult.objects.count() == 0
    assert Session.objects.count() == 0


def test_the_htmx_preview_is_empty_without_a_crisis_tick(client, content):
    response = client.post(
        "/checklist/",
        {"statements": ids("lasted-two-weeks"), "preview": "crisis"},
        headers={"HX-Request": "true"},
    )
    assert "Call 988" not in response.content.decode()


def test_the_full_page_comes_back_without_htmx(client, content):
    response = client.get("/checklist/")
    assert "<html" in response.content.decode()


def test_the_crisis_region_follows_the_persons_choice(client, content):
    client.get("/help-now/?region=UK")
    response = client.get(submit(client, "thoughts-of-harm")["Location"])
    assert "Call 116 123" in text_of(response)
    assert "Call 988" not in text_of(response)


@pytest.mark.parametrize(
    "tampered",
    [
        {"statements": ["999999"]},
        {"statements": ["abc"]},
        {"statements": ["1e3"]},
        {"statements": ["-1"]},
        {"statements": [""]},
        {"extra": "field"},
    ],
)
def test_a_tampered_post_is_a_form_error_not_a_500(client, content, tampered):
    response = client.post("/checklist/", tampered)
    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert "data-error-summary" in response.content.decode()
    assert ChecklistResult.objects.count() == 0


def test_an_inactive_statement_is_refused(client, content):
    statement = Statement.objects.get(key="keep-wondering")
    statement.is_active = False
    statement.save()
    response = client.post("/checklist/", {"statements": [statement.pk]})
    assert "There is a problem" in text_of(response)
    assert ChecklistResult.objects.count() == 0


def test_a_duplicate_statement_is_refused_and_the_ticks_are_kept(client, content):
    [pk] = ids("lasted-two-weeks")
    response = client.post("/checklist/", {"statements": [pk, pk]})
    assert "Each statement can be ticked only once." in text_of(response)
    assert f'value="{pk}"\n              id="statement-{pk}"\n              checked' in (
        response.content.decode()
    )
    assert ChecklistResult.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(content):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/checklist/", {"statements": ids("keep-wondering")})
    assert response.status_code == 403
    assert ChecklistResult.objects.count() == 0


def test_the_checklist_refuses_other_methods(client, content):
    assert client.put("/checklist/").status_code == 405


def test_an_expired_session_gets_a_clear_message(client, content):
    submit(client, "keep-wondering")
    Session.objects.all().delete()  # as if it had expired and been purged
    history = client.get("/checklist/history/")
    assert "Your earlier visit has ended" in text_of(history)
    response = submit(client, "lasted-two-weeks")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "Your earlier visit had ended" in text_of(follow)


def test_a_result_is_only_for_its_owner(client, content, alice, bob):
    client.force_login(alice)
    url = submit(client, "keep-wondering")["Location"]
    assert client.get(url).status_code == 200
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_an_anonymous_result_is_not_visible_from_another_browser(client, content):
    url = submit(client, "keep-wondering")["Location"]
    assert client.get(url).status_code == 200
    other = Client()
    other.get("/checklist/")
    assert other.get(url).status_code == 404
    submit(other, "lasted-two-weeks")
    assert other.get(url).status_code == 404


def test_an_unknown_result_is_a_404(client, content):
    assert client.get(f"/checklist/results/{uuid.uuid4()}/").status_code == 404
    assert client.get("/checklist/results/not-a-uuid/").status_code == 404


def test_the_history_lists_results_newest_first_with_what_changed(client, content, alice):
    client.force_login(alice)
    submit(client, "lasted-two-weeks", "admitted-need")
    submit(client, "admitted-need", "know-what-to-say", "set-a-date")
    response = client.get("/checklist/history/")
    text = text_of(response)
    first, second = ChecklistResult.objects.order_by("created_at")
    html = response.content.decode()
    assert html.index(str(second.pk)) < html.index(str(first.pk))
    assert "2 more readiness steps done." in text
    assert "1 fewer sign ticked." in text
    assert "Your first answers." in text


def test_the_history_shows_nobody_elses_results(client, content, alice, bob):
    client.force_login(bob)
    submit(client, "keep-wondering")
    client.force_login(alice)
    assert "You haven’t saved any answers yet." in text_of(client.get("/checklist/history/"))


def test_the_owner_can_delete_a_result(client, content, alice):
    client.force_login(alice)
    url = submit(client, "keep-wondering")["Location"]
    result = ChecklistResult.objects.get()
    response = client.post(f"{url}delete/")
    assert response.status_code == 302 and response["Location"] == "/checklist/history/"
    assert not ChecklistResult.objects.filter(pk=result.pk).exists()


def test_deleting_with_htmx_returns_an_empty_fragment(client, content, alice):
    client.force_login(alice)
    url = submit(client, "keep-wondering")["Location"]
    response = client.post(f"{url}delete/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == b""
    assert ChecklistResult.objects.count() == 0


def test_another_person_cannot_delete_a_result(client, content, alice, bob):
    client.force_login(alice)
    url = submit(client, "keep-wondering")["Location"]
    client.force_login(bob)
    assert client.post(f"{url}delete/").status_code == 404
    assert ChecklistResult.objects.count() == 1


def test_deleting_needs_a_post(client, content, alice):
    client.force_login(alice)
    url = submit(client, "keep-wondering")["Location"]
    assert client.get(f"{url}delete/").status_code == 405


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_statements(count):
    """Staff add statements: a save in the admin tells every process the content changed."""
    group = StatementGroup.objects.get(kind="readiness")
    Statement.objects.bulk_create(
        Statement(group=group, key=f"extra-{n}", text=f"Extra {n}", order=100 + n)
        for n in range(count)
    )
    content_changed()


def test_the_checklist_and_result_queries_do_not_grow_with_statements(client, content, alice):
    client.force_login(alice)
    url = submit(client, "thoughts-of-harm", "admitted-need")["Location"]
    content_changed()  # the first request after staff save reads the statements again
    page_before, result_before = count_queries(client, "/checklist/"), count_queries(client, url)
    add_statements(50)
    result = ChecklistResult.objects.get()
    result.statements.add(*Statement.objects.filter(key__startswith="extra-")[:20])
    assert count_queries(client, "/checklist/") == page_before
    assert count_queries(client, url) == result_before
    assert page_before <= 5 and result_before <= 9
    assert "Extra 49" in client.get("/checklist/").content.decode()


def test_the_checklist_reads_no_content_again_until_staff_change_it(client, content, alice):
    client.force_login(alice)
    client.get("/checklist/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/checklist/").status_code == 200
    tables = " ".join(query["sql"] for query in queries)
    assert "guides_statement" not in tables and "guides_sitesettings" not in tables
    assert len(queries) <= 3  # the content version, the session and the person


def test_open_steps_that_share_a_guide_section_link_to_it_once(client, content):
    response = client.get(submit(client, "keep-wondering")["Location"])
    text = text_of(response)
    assert text.count("Read “How to take the first step”") == 1
    assert "I have set a date to reach out." in text and "I know what I would say." in text


def test_saving_answers_takes_the_same_queries_for_one_tick_or_all(client, content, alice):
    client.force_login(alice)
    every_id = [str(pk) for pk in Statement.objects.active().values_list("pk", flat=True)]
    client.get("/checklist/")  # the process holds the statements from here on
    counts = []
    for ticked in (every_id[:1], every_id):
        with CaptureQueriesContext(connection) as queries:
            assert client.post("/checklist/", {"statements": ticked}).status_code == 302
        counts.append(len(queries))
    # The content version, the session, the person, then the result and its ticks in two inserts
    # and the week's counts in one upsert (between a savepoint and its release here, where the
    # test holds a transaction open).
    assert counts[0] == counts[1] <= 8
    saved = ChecklistResult.objects.order_by("created_at")
    assert [result.statements.count() for result in saved] == [1, len(every_id)]


def test_the_crisis_panel_offers_more_lines_only_where_the_region_has_them(client, content):
    import datetime

    from guides.models import CrisisResource, Region
    from guides.models.base import approved_write

    with approved_write():  # as a second person's approval writes them
        region = Region.objects.create(code="TC", name="Few lines")
        CrisisResource.objects.create(
            region=region,
            name="Talk Line",
            phone="0800 000",
            last_checked=datetime.date(2026, 12, 1),
        )
    client.cookies["region"] = "TC"
    html = client.get(submit(client, "thoughts-of-harm")["Location"]).content.decode()
    assert "More lines" not in html
    assert 'href="/help-now/?region=TC#what-happens-title"' in html
    client.cookies["region"] = "US"
    html = client.get(submit(client, "thoughts-of-harm")["Location"]).content.decode()
    assert (
        'href="/help-now/?region=US#more-lines">More lines, and what happens when you call' in html
    )
