"""Weekly counts of what people did on the site: numbers only, nothing about anyone.

Each row is a week (its Monday), a language, what was counted and how many. Nothing points to a
person, a plan or a session, so deleting those (purge_stale, an account deleted) leaves the counts
as they were. What each metric means: guides.services.insight.counts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyCount(models.Model):
    pk = models.CompositePrimaryKey("week", "language", "metric")
    week = models.DateField(_("week beginning"))  # a Monday
    language = models.CharField(_("language"), max_length=8)  # a two-letter code: "en", "es"
    metric = models.CharField(_("what was counted"), max_length=64)  # "plan", "barrier:cost"…
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        ordering = ["week", "language", "metric"]
        verbose_name = _("weekly count")
        verbose_name_plural = _("weekly counts")
        # Nobody edits counts in the admin: the one permission is to see the insight page.
        default_permissions = ()
        permissions = [("view_insight", _("Can see how First Step is used"))]

    def __str__(self) -> str:
        return f"{self.week} {self.language} {self.metric}: {self.count}"
