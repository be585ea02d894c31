from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("First Step")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from guides.content_version import content_changed
        from guides.models import Statement

        # Saving a statement's kinds of help writes only the through table: no save() runs.
        m2m_changed.connect(
            content_changed, sender=Statement.help_kinds.through, dispatch_uid="content_m2m"
        )
