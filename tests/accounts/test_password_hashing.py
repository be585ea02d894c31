"""Passwords are kept as Argon2id at OWASP's cost (guides.helpers.hashers); MD5 is test-only."""

from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password

from guides.helpers.hashers import Argon2Hasher


def test_the_fast_hasher_is_only_for_tests_and_the_real_one_comes_next():
    assert settings.TESTING
    assert settings.PASSWORD_HASHERS[0].endswith(".MD5PasswordHasher")
    assert settings.PASSWORD_HASHERS[1] == "guides.helpers.hashers.Argon2Hasher"


def test_a_password_is_hashed_at_the_real_cost_and_checks(real_password_hashing):
    assert isinstance(get_hasher(), Argon2Hasher)
    hashed = make_password("a long and memorable passphrase")
    assert hashed.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("a long and memorable passphrase", hashed)
    assert not check_password("a long and memorable passphrasf", hashed)
