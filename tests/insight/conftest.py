"""The insight tests' fixtures live in tests/conftest.py."""
