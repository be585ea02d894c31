"""The admin, where staff edit every word of the site, one module per part. Every version of what
readers see is kept (django-reversion); personal data is for superusers only."""

from . import accounts, checklist, crisis, guide, safety_plan  # noqa: F401  (each registers its admins)
