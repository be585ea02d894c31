"""What readers see changed: every process drops the content it keeps."""

from guides.content_cache import publish_new_version


def content_changed() -> None:
    """What readers see changed: every process refreshes.

    Saving or deleting a content object does this by itself (models.base.ReadersSeeThis). Call
    it after a write that saves no object: a queryset's update() or delete(), a bulk create.
    """
    publish_new_version()
