"""What every model of reader-facing content shares."""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from guides.content_version import content_changed


class ReadersSeeThis(models.Model):
    """Content readers see. Any save or delete, from the admin, a command, a shell, a migration
    or a history library's revert, tells every process to drop the content it keeps
    (guides.content_version). A queryset's update() or bulk write calls no save(): call
    content_changed() after it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        content_changed()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        content_changed()
        return deleted


class SpanishFollowsEnglish(models.Model):
    """Words written in English and Spanish (django-modeltranslation's name_en, name_es). When the
    English changes after the Spanish was written, the Spanish needs updating, until someone
    updates it or confirms it still says the same: `spanish_checked_against` is the hash of the
    English the Spanish was last written or confirmed against. Kept by save(), whatever writes it
    (the admin, load_content, an approval); nothing more is read on a page."""

    WORDS: tuple[str, ...] = ()  # the translated fields a reader reads
    spanish_checked_against = models.CharField(max_length=64, blank=True, editable=False)
    # The Spanish as read from the database (None: not read, or not all of it).
    _spanish_at_load: tuple[str, ...] | None = None
    confirm_spanish = False  # set by the admin's "The Spanish still says the same"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        spanish = self.words_of("es")
        at_load = self._spanish_at_load
        written = (
            at_load != spanish
            if at_load is not None
            else not self.spanish_checked_against  # new, or built from a kept version
        )
        if any(spanish) and (written or self.confirm_spanish):
            self.spanish_checked_against = self.english_hash()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "spanish_checked_against"]
        self.confirm_spanish = False
        super().save(*args, **kwargs)
        self._spanish_at_load = spanish

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        loaded = dict(zip(field_names, values, strict=False))
        names = [f"{name}_es" for name in cls.WORDS]
        # Unknown (None) when a query deferred one of them: reading it would cost a query.
        instance._spanish_at_load = (
            tuple(loaded[name] or "" for name in names)
            if all(name in loaded for name in names)
            else None
        )
        return instance

    def words_of(self, language: str) -> tuple[str, ...]:
        return tuple(getattr(self, f"{name}_{language}", None) or "" for name in self.WORDS)

    def english_hash(self) -> str:
        encoded = json.dumps(self.words_of("en")).encode()
        return hashlib.sha256(encoded).hexdigest()

    @property
    def has_spanish(self) -> bool:
        return any(self.words_of("es"))

    @property
    def spanish_needs_updating(self) -> bool:
        return self.has_spanish and self.spanish_checked_against != self.english_hash()


# Set only by the approval service (guides.services.crisis.proposals) while it writes what a second
# person approved, and by the first load of content/ into an empty database.
_second_person_approved: ContextVar[bool] = ContextVar("second_person_approved", default=False)


@contextmanager
def approved_write() -> Iterator[None]:
    """Writes inside may change what a person in crisis is offered. Only the approval service
    opens it (after a second person approved), and load_content on an empty database."""
    token = _second_person_approved.set(True)
    try:
        yield
    finally:
        _second_person_approved.reset(token)


def write_is_approved() -> bool:
    return _second_person_approved.get()


class NeedsSecondPerson(Exception):
    """A write that would change what a person in crisis is offered, without an approval."""

    def __init__(self, obj_or_model, fields=()):
        # Worded when raised, in the language of the request that raised it.
        self.fields = sorted(fields)
        meta = getattr(obj_or_model, "_meta", None)
        what = meta.verbose_name if meta else str(obj_or_model)
        if self.fields:
            labels = {
                name: str(field.verbose_name)
                for field in (meta.concrete_fields if meta else [])
                for name in (field.name, field.attname)
            }
            message = _("A change to the %(what)s’s %(fields)s needs a second person’s approval.")
            fields_shown = ", ".join(labels.get(name, name) for name in self.fields)
            super().__init__(message % {"what": what, "fields": fields_shown})
        else:
            message = _("A change to the %(what)s needs a second person’s approval.")
            super().__init__(message % {"what": what})


_Model = TypeVar("_Model", bound=models.Model)


class GuardedQuerySet(models.QuerySet[_Model]):
    """A queryset's update(), delete(), bulk_create() and bulk_update() follow the model's
    two-person rule too."""

    def update(self, **kwargs):
        model: Any = self.model
        guarded = set(kwargs) & set(model.guarded_attnames())
        if guarded and not write_is_approved() and model.shown_to_readers(self).exists():
            raise NeedsSecondPerson(model, guarded)
        return super().update(**kwargs)

    def delete(self):
        model: Any = self.model
        if not write_is_approved() and model.shown_to_readers(self).exists():
            raise NeedsSecondPerson(model)
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        # As save(): a new row readers would be shown waits for a second person.
        objs = list(objs)
        if not write_is_approved():
            shown = next((obj for obj in objs if obj.is_shown_to_readers()), None)
            if shown is not None:
                raise NeedsSecondPerson(shown)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        # As save(): a guarded field written with a new value, on a row readers are shown (or
        # would be, after it), waits for a second person.
        objs = list(objs)
        model: Any = self.model
        attnames = {model._meta.get_field(name).attname for name in fields}
        guarded = attnames & set(model.guarded_attnames())
        if guarded and not write_is_approved():
            stored = model._base_manager.using(self.db).in_bulk([obj.pk for obj in objs])
            for obj in objs:
                before = stored.get(obj.pk)
                if before is None or not (
                    before.is_shown_to_readers() or obj.is_shown_to_readers()
                ):
                    continue
                changed = {name for name in guarded if getattr(before, name) != getattr(obj, name)}
                if changed:
                    raise NeedsSecondPerson(obj, changed)
        return super().bulk_update(objs, fields, *args, **kwargs)


class OfferedInCrisis(ReadersSeeThis):
    """Content that decides what a person in crisis is offered (a line, a region, a crisis phrase,
    the crisis statement). A write that changes a GUARDED field of a row readers are shown, creates
    a row readers would be shown, or deletes one is refused unless a second person approved it:
    the guard is on the row's write itself (_save_table), so save(), a raw save such as
    django-reversion's revert, update() and delete() all meet it. Rows hidden from readers (a
    retired line, an inactive phrase) can be written freely: readers get nothing from them."""

    GUARDED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Checked before the save's transaction starts, so a refusal leaves it usable.
        if not write_is_approved():
            self._refuse_unapproved_write(kwargs.get("using"), kwargs.get("update_fields"))
            self._write_checked = True
        try:
            super().save(*args, **kwargs)
        finally:
            self._write_checked = False

    @classmethod
    def guarded_attnames(cls) -> list[str]:
        attnames = {field.name: field.attname for field in cls._meta.concrete_fields}
        return [attnames[name] for name in cls.GUARDED]

    @classmethod
    def shown_to_readers(cls, queryset):
        """The rows of a queryset that readers are shown (override with the model's own rule)."""
        return queryset

    def is_shown_to_readers(self) -> bool:
        return True

    def guarded_state(self) -> dict:
        """The guarded fields' values, as JSON keeps them (so a proposal can say what it saw)."""
        state = {}
        for attname in self.guarded_attnames():
            value = getattr(self, attname)
            state[attname] = value.isoformat() if hasattr(value, "isoformat") else value
        return state

    def _save_table(self, raw=False, cls=None, force_insert=False, force_update=False,
                    using=None, update_fields=None):  # fmt: skip
        # Also here, for the writes that call no save(): a raw save (django-reversion's revert,
        # loaddata) goes straight to Model.save_base.
        if not write_is_approved() and not getattr(self, "_write_checked", False):
            self._refuse_unapproved_write(using, update_fields)
        # Django's own, which the type stubs leave out.
        return super()._save_table(  # type: ignore[misc]
            raw, cls, force_insert, force_update, using, update_fields
        )

    def _refuse_unapproved_write(self, using, update_fields) -> None:
        if update_fields is not None and not set(update_fields) & {
            *self.GUARDED,
            *self.guarded_attnames(),
        }:
            return
        stored = (
            type(self)._base_manager.using(using).filter(pk=self.pk).first()
            if self.pk is not None
            else None
        )
        if stored is None:
            if self.is_shown_to_readers():
                raise NeedsSecondPerson(self)
            return
        if not stored.is_shown_to_readers() and not self.is_shown_to_readers():
            return
        before, after = stored.guarded_state(), self.guarded_state()
        changed = {name for name in after if before.get(name) != after[name]}
        if changed:
            raise NeedsSecondPerson(self, changed)

    def delete(self, *args, **kwargs):
        if not write_is_approved() and self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None and stored.is_shown_to_readers():
                raise NeedsSecondPerson(self)
        return super().delete(*args, **kwargs)
