"""People with an account, and what the site remembers for them."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signed up. The e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can log in to the admin.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    email_verified_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)
    # The language the person signed up in: e-mails about their account go in it.
    language = models.CharField(_("language"), max_length=8, default="en")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class ReadingProgress(models.Model):
    """A guide section a signed-in person has read."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reading_progress")
    section = models.ForeignKey("guides.Section", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "section"], name="progress_once_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.section_id}"


class Session(AbstractBaseSession):
    """Django's database session, with the account it belongs to, so deleting an account
    deletes its sessions too, and claiming or purging needs no decoding."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "guides_session"

    @classmethod
    def get_session_store_class(cls):
        # The engine settings name (guides.sessions), looked up rather than imported: the engine
        # imports this model, and the model layer imports nothing above it.
        return import_module(settings.SESSION_ENGINE).SessionStore


class OwnedByPerson(models.Model):
    """Something of one person's: owned by their account or, before they sign up, by their
    browser's session. Views find these only through guides.helpers.owners.owned_by."""

    # No index of its own: each model's (user, …) index starts with it and serves any lookup.
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        db_index=False,
    )
    # NULL rather than "" once an account owns it, so the owner constraint reads plainly.
    session_key = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(session_key__isnull=False),
                name="%(class)s_has_an_owner",
            )
        ]
