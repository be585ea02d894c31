"""The insight part: the weekly counts kept as people use the site, and the report on them.
It reads the other parts' models, never their services."""
