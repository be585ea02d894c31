"""The two-person rule holds on every path: a content editor walks every admin page and action of
what a person in crisis is offered (lines, regions, crisis phrases, checklist statements and
groups) and of their history, and readers' pages stay exactly as they were until a second person
approves."""

from html.parser import HTMLParser

import pytest
import reversion
from django.contrib import admin
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from guides.models import (
    CrisisPhrase,
    CrisisResource,
    ProposedChange,
    Region,
    Statement,
    StatementGroup,
)
from guides.models.base import NeedsSecondPerson, approved_write
from guides.services.crisis.proposals import ProposalRefused, approve_proposal
from tests.base import crisis_words_sent, text_of

pytestmark = pytest.mark.django_db

GUARDED_MODELS = [Region, CrisisResource, CrisisPhrase, Statement, StatementGroup]
REASON = "Checked against the service's own page."


class FormReader(HTMLParser):
    """The fields a browser would send from the form with this id, as they are on the page."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            else:
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_on(page, form_id: str) -> dict:
    reader = FormReader(form_id)
    reader.feed(page.content.decode())
    data: dict = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value.removeprefix("\n"))
    assert data, f"no form #{form_id} on the page"
    return data


def readers_see(codes=("US", "UK", "ZZ", "USX", "UKX")) -> dict:
    """Everything a person in crisis is offered, as readers get it (also for the codes the walk
    tries to add or change to)."""
    reader = Client()
    seen = {}
    for code in sorted({*codes, *Region.objects.values_list("code", flat=True)}):
        for prefix in ("", "/es"):
            seen[f"{prefix}/help-now/?region={code}"] = text_of(
                reader.get(f"{prefix}/help-now/?region={code}")
            )
    seen["phrases"] = crisis_words_sent(reader, reader.get("/plan/new/what/").content.decode())
    seen["crisis statements"] = sorted(
        Statement.objects.filter(is_crisis=True).values_list("key", "is_active", "lines_for")
    )
    return seen


def url(model, view: str, *args) -> str:
    return reverse(f"admin:guides_{model._meta.model_name}_{view}", args=args)


# What a change form's edit changes, for each model: fields readers depend on.
def guarded_edit(obj, data: dict) -> dict:
    if isinstance(obj, Region):
        return {"order": ["77"], "code": [obj.code + "X"], "is_retired": ["on"]}
    if isinstance(obj, CrisisResource):
        return {
            "order": ["77"],
            "audience": ["young_people"],
            "web_url": ["https://example.org/wrong"],
            "is_retired": ["on"] if not obj.is_retired else [],
        }
    if isinstance(obj, CrisisPhrase):
        return {"kind": ["must_not_match"], "is_active": []}
    if isinstance(obj, Statement):
        return {"is_crisis": [] if obj.is_crisis else ["on"], "is_active": []}
    # A group: its inline statements' crisis ticks.
    changes = {}
    for name in data:
        if name.endswith("-is_crisis") or name.endswith("-is_active"):
            changes[name] = []
    for name in data:
        if name.endswith("-key") and not name.startswith("statements-__prefix__"):
            changes[name.replace("-key", "-is_crisis")] = ["on"]
    return changes


# The fields whose value changes a change form's page or the edit it gets (guarded_edit): a
# retired region or line, a crisis statement or another.
STATES = {CrisisResource: "is_retired", Statement: "is_crisis", Region: "is_retired"}


def one_of_each_kind(model) -> list:
    """The objects whose pages the walk opens: each object with history (there is something to
    revert), the first, the newest (the one the walk added) and the first in each state the edit
    depends on. Every object of a model is served by the same admin code, so one of each kind
    walks every path; walking all of them took 37 s of the suite for nothing more."""
    chosen = {obj.pk: obj for obj in model.objects.order_by("pk")[:1]}
    chosen.update({obj.pk: obj for obj in model.objects.order_by("-pk")[:1]})
    if model in STATES:
        for value in (True, False):
            obj = model.objects.filter(**{STATES[model]: value}).order_by("pk").first()
            if obj is not None:
                chosen[obj.pk] = obj
    changed = (
        Version.objects.get_for_model(model)
        .values("object_id")
        .annotate(versions=Count("pk"))
        .filter(versions__gt=1)
    )
    for obj in model.objects.filter(pk__in=[int(row["object_id"]) for row in changed]):
        chosen[obj.pk] = obj
    return sorted(chosen.values(), key=lambda obj: obj.pk)


def make_history(approver):
    """Approved changes and deletions, so that there is something to revert and recover."""
    with reversion.create_revision(), approved_write():
        reversion.set_user(approver)
        line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
        line.order = 3
        line.save()
        phrase = CrisisPhrase.objects.get(language="en", text="end it all")
        phrase.is_active = False
        phrase.save()
        region = Region.objects.get(code="UK")
        region.order = 9
        region.save()
    with reversion.create_revision(), approved_write():
        CrisisResource.objects.get(region__code="UK", name="Shout").delete()
        CrisisPhrase.objects.get(language="en", text="kill myself").delete()


@pytest.fixture
def walked(client, content, editor, approver):
    make_history(approver)
    before = readers_see()
    client.force_login(editor)
    paths: list[str] = []

    def post(address, data, path_name):
        response = client.post(address, data)
        assert response.status_code in (200, 302), (path_name, response.status_code)
        assert response.status_code != 500
        paths.append(path_name)
        return response

    for model in GUARDED_MODELS:
        name = model._meta.model_name
        model_admin = admin.site._registry[model]
        # Add: a new one readers would be shown.
        add_page = client.get(url(model, "add"))
        data = form_on(add_page, f"{name}_form")
        data.update(new_object_fields(model))
        data["change_reason"] = [REASON]
        post(url(model, "add"), data, f"{name}: add")
        for obj in one_of_each_kind(model):
            # Change.
            page = client.get(url(model, "change", obj.pk))
            data = form_on(page, f"{name}_form")
            data.update(guarded_edit(obj, data))
            data["change_reason"] = [REASON]
            post(url(model, "change", obj.pk), data, f"{name}: change")
            # Delete, from its own page.
            if client.get(url(model, "delete", obj.pk)).status_code == 200:
                post(url(model, "delete", obj.pk), {"post": "yes"}, f"{name}: delete")
            # Revert to each older version in its history.
            for version in Version.objects.get_for_object(obj)[1:]:
                address = url(model, "revision", obj.pk, version.pk)
                page = client.get(address)
                assert page.status_code == 200, (name, "revert", page.status_code)
                data = form_on(page, f"{name}_form")
                data["change_reason"] = [REASON]
                post(address, data, f"{name}: history revert")
        # The list: its editable columns.
        changelist = client.get(url(model, "changelist"))
        if model_admin.list_editable:
            data = form_on(changelist, "changelist-form")
            for field in data:
                for column in model_admin.list_editable:
                    if field.endswith(f"-{column}"):
                        data[field] = (
                            ["77"]
                            if column == "order"
                            else ([] if data[field] == ["on"] else ["on"])
                        )
            data["_save"] = ["Save"]
            data.pop("action", None)
            post(url(model, "changelist"), data, f"{name}: list's editable columns")
        # Every bulk action, on every row.
        request = changelist.wsgi_request
        first = str(model.objects.values_list("pk", flat=True).first())
        for action in model_admin.get_actions(request):
            post(  # every row: "select all", as the list's own link does
                url(model, "changelist"),
                {
                    "action": action,
                    "_selected_action": [first],
                    "select_across": "1",
                    "post": "yes",
                },
                f"{name}: bulk action {action}",
            )
        # Recover each deleted one.
        for version in Version.objects.get_deleted(model):
            address = url(model, "recover", version.pk)
            page = client.get(address)
            assert page.status_code == 200, (name, "recover", page.status_code)
            data = form_on(page, f"{name}_form")
            data["change_reason"] = [REASON]
            post(address, data, f"{name}: recover")
    return before, paths


def new_object_fields(model) -> dict:
    if model is Region:
        return {"code": ["ZZ"], "name_en": ["Zedland"], "order": ["0"]}
    if model is CrisisResource:
        return {
            "region": [str(Region.objects.get(code="US").pk)],
            "name_en": ["A line nobody checked"],
            "phone": ["911"],
            "audience": ["everyone"],
            "order": ["0"],
            "last_checked": ["2026-01-01"],
            "source_url": ["https://example.org/"],
        }
    if model is CrisisPhrase:
        return {"text": ["a new phrase"], "language": ["en"], "kind": ["match"]}
    if model is Statement:
        return {
            "group": [str(StatementGroup.objects.first().pk)],
            "key": ["a-new-crisis-statement"],
            "text_en": ["A new crisis statement"],
            "order": ["0"],
            "is_active": ["on"],
            "is_crisis": ["on"],
        }
    return {"slug": ["a-new-group"], "kind": ["signs"], "title_en": ["A new group"]}


def test_every_admin_path_proposes_and_readers_see_nothing_until_approved(walked, approver):
    before, paths = walked
    for model in GUARDED_MODELS:
        name = model._meta.model_name
        assert f"{name}: change" in paths and f"{name}: add" in paths
    for needed in (
        "crisisresource: delete",
        "crisisresource: history revert",
        "crisisresource: recover",
        "crisisresource: bulk action delete_selected",
        "crisisresource: bulk action retire",
        "region: delete",
        "region: history revert",
        "region: list's editable columns",
        "region: bulk action delete_selected",
        "crisisphrase: history revert",
        "crisisphrase: recover",
        "crisisphrase: list's editable columns",
        "statement: list's editable columns",
        "statement: bulk action delete_selected",
        "statementgroup: bulk action delete_selected",
    ):
        assert needed in paths, needed
    assert readers_see() == before
    assert ProposedChange.objects.pending().count() >= 20

    approved = 0
    for proposal in ProposedChange.objects.pending().order_by("id"):
        try:
            approve_proposal(proposal, approver)
            approved += 1
        except ProposalRefused:
            pass  # an earlier approval changed what it started from
    assert approved >= 10
    after = readers_see()
    assert after != before
    assert after["phrases"] != before["phrases"]
    assert after["crisis statements"] != before["crisis statements"]


def test_no_write_below_the_admin_gets_past_the_rule(content):
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    line.phone = "112999"
    with pytest.raises(NeedsSecondPerson):
        line.save()
    with pytest.raises(NeedsSecondPerson):
        CrisisResource.objects.filter(pk=line.pk).update(phone="112999")
    with pytest.raises(NeedsSecondPerson):
        CrisisResource.objects.filter(pk=line.pk).delete()
    with pytest.raises(NeedsSecondPerson):
        Region.objects.get(code="US").delete()
    with pytest.raises(NeedsSecondPerson):
        CrisisPhrase.objects.create(language="en", text="a phrase nobody approved")
    with pytest.raises(NeedsSecondPerson):
        Statement.objects.filter(is_crisis=True).update(is_crisis=False)
    with pytest.raises(NeedsSecondPerson):
        StatementGroup.objects.filter(statements__is_crisis=True).delete()
    version = Version.objects.get_for_object(line).first()
    line.refresh_from_db()
    with approved_write():
        line.phone = "911"
        line.save()
    with pytest.raises(NeedsSecondPerson), transaction.atomic():
        version.revert()  # django-reversion's own raw save meets the rule too
    line.refresh_from_db()
    assert line.phone == "911"
    # What readers are not shown is written freely: a retired line's words and numbers.
    hidden = CrisisResource.objects.create(
        region=line.region, name="Draft", phone="1", last_checked=line.last_checked,
        is_retired=True,
    )  # fmt: skip
    hidden.phone = "2"
    hidden.save()
    hidden.delete()


def test_deleting_says_what_readers_lose_and_waits(client, content, editor):
    canada = Region.objects.get(code="CA")
    client.force_login(editor)
    lines = CrisisResource.objects.filter(region=canada)
    page = text_of(client.get(url(Region, "delete", canada.pk)))
    assert f"Readers in Canada lose {lines.count()} crisis lines: " in page
    assert all(str(line.name) in page for line in lines)
    assert "Retiring it instead hides it from readers" in page
    client.post(url(Region, "delete", canada.pk), {"post": "yes"})
    assert "Call 988" in text_of(Client().get("/help-now/?region=CA"))
    proposal = ProposedChange.objects.get()
    page = text_of(client.get(reverse("admin:guides_proposedchange_change", args=[proposal.pk])))
    assert f"Readers in Canada lose {lines.count()} crisis lines" in page


def test_a_retired_line_is_hidden_from_readers_and_kept(client, content, editor, approver):
    from tests.base import approve_every_proposal

    shout = CrisisResource.objects.get(region__code="UK", name="Shout")
    client.force_login(editor)
    client.post(
        url(CrisisResource, "changelist"), {"action": "retire", "_selected_action": [shout.pk]}
    )
    assert "Shout" in text_of(Client().get("/help-now/?region=UK"))
    approve_every_proposal(approver)
    assert "Shout" not in text_of(Client().get("/help-now/?region=UK"))
    shout.refresh_from_db()
    assert shout.is_retired and Version.objects.get_for_object(shout).count() >= 2


def test_a_section_a_checklist_statement_links_to_is_not_deleted(client, content, editor):
    from guides.models import Section

    statement = Statement.objects.exclude(section=None).first()
    client.force_login(editor)
    response = client.post(url(Section, "delete", statement.section_id), {"post": "yes"})
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.section_id is not None


def test_bulk_writes_meet_the_rule_too(content):
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    us = line.region
    line.phone = "112999"
    with pytest.raises(NeedsSecondPerson):
        CrisisResource.objects.bulk_update([line], ["phone"])
    with pytest.raises(NeedsSecondPerson):
        CrisisResource.objects.bulk_create(
            [
                CrisisResource(
                    region=us, name="Unapproved", phone="1", last_checked=line.last_checked
                )
            ]
        )
    with pytest.raises(NeedsSecondPerson):
        CrisisPhrase.objects.bulk_create([CrisisPhrase(language="en", text="nobody approved")])
    crisis = Statement.objects.filter(is_crisis=True).first()
    crisis.is_crisis = False
    with pytest.raises(NeedsSecondPerson):
        Statement.objects.bulk_update([crisis], ["is_crisis"])
    line.refresh_from_db()
    assert line.phone != "112999"
    assert not CrisisResource.objects.filter(name="Unapproved").exists()
    assert Statement.objects.filter(pk=crisis.pk, is_crisis=True).exists()
    # What readers are not shown, or a field the rule leaves free, is written at once.
    line.description_en = "Call or text, any time."
    CrisisResource.objects.bulk_update([line], ["description_en"])
    CrisisResource.objects.bulk_create(
        [
            CrisisResource(
                region=us, name="Draft", phone="1", last_checked=line.last_checked,
                is_retired=True,
            )
        ]
    )  # fmt: skip
    with approved_write():
        line.phone = "988"
        CrisisResource.objects.bulk_update([line], ["phone"])
    assert CrisisResource.objects.filter(name="Draft", is_retired=True).exists()
    assert CrisisResource.objects.get(pk=line.pk).description_en == "Call or text, any time."
