"""Hostile input to every form and URL parameter: never a 500.

Hypothesis sends random Unicode (NUL bytes included), 1 MB strings, wrong types, missing and
repeated fields, and the wrong HTTP methods. In `make test` the examples are the same on every run
(the "ci" profile in tests/conftest.py); `make fuzz` runs the same properties with many more, new
examples each time. Every input that once failed is kept below as an explicit @example.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.base import make_plan

pytestmark = pytest.mark.django_db

# How many examples comes from the profile (tests/conftest.py): "ci" or "fuzz".
EXAMPLES = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MEGABYTE = "x" * 1_000_000

texts = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "-1",
            "0",
            "1e9",
            "999999999999999999999",
            "<script>",
            "null",
            "[]",
            "{}",
            "9" * 400,
            MEGABYTE,
            "2026-02-30",
            "25:99",
            "../../etc",
            "²",  # str.isdigit() is true for these, and int() refuses them
            "①",
            "٣",
        ]
    ),  # fmt: skip
)
values = st.one_of(texts, st.lists(texts, min_size=2, max_size=4))  # a list repeats the field


def form_data(fields):
    """Every field present, missing, single or repeated, with anything in it."""
    return st.fixed_dictionaries({}, optional={field: values for field in fields})


FORMS = {
    "/checklist/": ["statements", "preview", "csrfmiddlewaretoken", "extra"],
    "/plan/new/who/": ["contact_kind", "contact_name", "draft_id", "change"],
    "/plan/new/how/": ["contact_method", "contact_detail", "draft_id"],
    "/plan/new/what/": ["script", "draft_id"],
    "/plan/new/when/": ["due_date", "due_time", "time_zone", "draft_id"],
    "/plan/new/support/": ["partner_name", "barriers", "backup_kind", "backup_name", "note_1"],
    "/plan/new/check/": ["draft_id", "event_title", "remind"],
    "/accounts/signup/": ["email", "password1", "password2", "next"],
    "/accounts/login/": ["username", "password", "next"],
    "/accounts/password_reset/": ["email"],
}


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("url", sorted(FORMS))
def test_no_form_gives_a_500(content, url):
    @EXAMPLES
    @given(data=form_data(FORMS[url]), htmx=st.booleans())
    # Once a 500 in production: the checklist kept the ticks with int() of "²".
    @example(data={"statements": "²"}, htmx=False)
    @example(data={"statements": ["①", "1"], "contact_kind": "²", "barriers": ["²"]}, htmx=True)
    def check(data, htmx):
        client = Client()
        headers = {"HX-Request": "true"} if htmx else {}
        assert_no_server_error(client.post(url, data, headers=headers))

    check()


OWNED_FORMS = {
    "not-yet/": ["due_date", "due_time", "time_zone"],
    "share/": ["display_name"],
    "done/": ["outcome_note"],
}


@pytest.mark.parametrize("suffix", sorted(OWNED_FORMS))
def test_no_plan_form_gives_a_500(content, alice, suffix):
    plan = make_plan(user=alice)
    client = Client()
    client.force_login(alice)

    @EXAMPLES
    @given(data=form_data(OWNED_FORMS[suffix]))
    def check(data):
        assert_no_server_error(client.post(f"/plan/{plan.pk}/{suffix}", data))

    check()


def test_no_account_form_gives_a_500(content, alice):
    client = Client()
    client.force_login(alice)

    @EXAMPLES
    @given(
        delete=form_data(["password"]),
        change=form_data(["old_password", "new_password1", "new_password2"]),
    )
    def check(delete, change):
        assert_no_server_error(client.post("/account/delete/", delete))
        assert_no_server_error(client.post("/accounts/password_change/", change))

    check()


path_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#%"), max_size=80)


def test_no_url_parameter_gives_a_500(content):
    client = Client()

    @EXAMPLES
    @given(part=path_text, query=texts)
    def check(part, query):
        for url in (
            f"/guide/{part}/",
            f"/guides/{part}/{part}/",
            f"/s/{part}/",
            f"/checklist/results/{part}/",
            f"/plan/{part}/",
            f"/plan/new/{part}/",
            f"/accounts/verify/{part}/",
        ):
            assert_no_server_error(client.get(url))
        for url, name in (
            ("/help-now/", "region"),
            ("/plan/new/", "step"),
            ("/plan/new/", "result"),
            ("/plan/new/who/", "result"),
            ("/accounts/login/", "next"),
        ):
            assert_no_server_error(client.get(url, {name: query[:2000]}))

    check()


@pytest.mark.parametrize(
    "url", ["/", "/guide/", "/guide/faq/", "/checklist/", "/plan/", "/plan/new/who/", "/help-now/"]
)
@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
def test_the_wrong_method_is_a_405_not_a_500(client, content, url, method):
    response = getattr(client, method)(url)
    assert response.status_code in (405, 403), (method, url, response.status_code)


def test_an_oversized_body_is_a_clean_400(client, content):
    response = client.post("/checklist/", {"statements": MEGABYTE})
    assert response.status_code in (400, 413)
    assert "Something in that request was not right" in response.content.decode()


def test_too_many_fields_is_a_clean_400(client, content):
    response = client.post("/checklist/", {f"f{n}": "x" for n in range(500)})
    assert response.status_code == 400


def test_a_bad_host_header_is_a_400(client, content):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_a_post_without_a_csrf_token_is_a_friendly_403(content):
    response = Client(enforce_csrf_checks=True).post("/checklist/", {})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
    assert "Get help now" in response.content.decode()


def test_an_htmx_post_without_the_token_is_refused_and_with_it_is_accepted(content):
    from guides.models import Statement

    client = Client(enforce_csrf_checks=True)
    client.get("/checklist/")
    token = client.cookies["csrftoken"].value
    data = {"statements": [Statement.objects.get(key="thoughts-of-harm").pk], "preview": "crisis"}
    assert client.post("/checklist/", data, headers={"HX-Request": "true"}).status_code == 403
    ok = client.post("/checklist/", data, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert ok.status_code == 200 and "crisis-panel" in ok.content.decode()


@pytest.mark.parametrize("value", ["99999999999999999999999999", "1" * 40, "-5", "1.0", "٣"])
def test_ids_that_cannot_be_rows_are_form_errors(client, content, value):
    for url, field in (
        ("/plan/new/who/", "contact_kind"),
        ("/plan/new/support/", "barriers"),
        ("/plan/new/support/", "backup_kind"),
        ("/plan/new/how/", "contact_method"),
    ):
        response = client.post(url, {field: value})
        assert response.status_code == 200, (url, field, value)


def test_a_share_token_with_a_nul_byte_is_a_404(client, content):
    assert client.get("/s/abc%00def/").status_code == 404
    assert client.get("/s/" + "a" * 100 + "/").status_code == 404


@pytest.mark.parametrize("digit", ["²", "①", "٣"])
def test_unicode_digits_are_never_taken_for_ids(client, content, digit):
    # str.isdigit() is true for each of these, and int() refuses them: they once made a 500.
    response = client.post("/checklist/", {"statements": digit})
    assert response.status_code == 200
    assert "have changed since the page was loaded" in response.content.decode()
    client.cookies["read"] = "1.².2"  # a header carries only Latin-1: ² is the one that fits
    assert client.get("/").status_code == 200
    assert client.get("/guide/").status_code == 200
    session = client.session
    session["plan_draft"] = {"id": "x", "editing": False, "steps": {"who": {"contact_kind": digit}}}
    session.save()
    assert client.get("/plan/new/what/").status_code == 200
