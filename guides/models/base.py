"""What every model of reader-facing content shares."""

from django.db import models


class ReadersSeeThis(models.Model):
    """Content readers see. Any save or delete, from the admin, a command, a shell, a migration
    or a history library's revert, tells every process to drop the content it keeps
    (guides.content_cache). A queryset's update() or bulk write calls no save(): call
    services.publish_content_change() after it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        publish_content_change()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        publish_content_change()
        return deleted


def publish_content_change(*args, **kwargs) -> None:
    """Also the receiver of m2m_changed for content's many-to-many fields."""
    # Imported here: the content cache itself reads these models.
    from guides.content_cache import publish_new_version

    publish_new_version()
