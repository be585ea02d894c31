import pytest
from django.test import override_settings
from django.utils import translation


@pytest.fixture
def two_languages():
    """English and Spanish, with translation on, as when Spanish lands."""
    # django.utils.translation keeps the functions it chose by USE_I18N: make it choose again.
    with override_settings(LANGUAGES=[("en", "English"), ("es", "Español")], USE_I18N=True):
        translation._trans.__dict__.clear()
        yield
    translation._trans.__dict__.clear()
