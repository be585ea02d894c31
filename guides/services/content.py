"""What readers see changed: every process drops the content it keeps."""

from guides.content_cache import publish_new_version


def content_changed() -> None:
    """What readers see changed (staff saved, or content was loaded): every process refreshes.

    The admin, load_content and export_content call it after their writes; nothing else needs to.
    """
    publish_new_version()
