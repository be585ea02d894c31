"""The work behind a page: writes that touch several rows or a person's data, and what readers
are offered. One module, or one package, for each part of the site, named as the part is named
in models/, admin/, views/ and tests/. Views, the admin and commands import from the part's own
module (guides.services.planner.plans), so each part's lines stay visible (pyproject.toml's
import-linter contracts hold them)."""
