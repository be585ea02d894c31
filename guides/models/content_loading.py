"""What content loading remembers between deploys."""

from django.db import models


class LoadedContentKey(models.Model):
    """An entry of content/ that load_content created once. If its row is gone, staff deleted it,
    and no later deploy brings it back."""

    key = models.CharField(max_length=300, unique=True)
    # What content/ said the last time it was loaded (for a crisis line: its guarded fields), so
    # that a deploy proposes only what content/ itself changed.
    loaded = models.JSONField(default=dict, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
