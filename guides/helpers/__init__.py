"""Small helpers that know nothing of the rest of guides: the parts import them, never the
reverse (import-linter holds it)."""
