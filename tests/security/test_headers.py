"""Response headers on every response, and the production settings behind a TLS proxy."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from tests.base import make_plan

pytestmark = pytest.mark.django_db


def production_settings() -> dict:
    """The settings as production loads them: debug off, a secret key, nothing of pytest."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG', 'SECURE_PROXY_SSL_HEADER', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', "
        "'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_SAMESITE', 'PASSWORD_HASHERS', 'STORAGES']}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpseek.settings",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "firststep.example",
        "DJANGO_DEBUG": "",
        "HELPSEEK_TESTING": "",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "SECRET_KEY": "", "DJANGO_DEBUG": "", "HELPSEEK_TESTING": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_and_transport_settings():
    prod = production_settings()
    assert prod["DEBUG"] is False
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SESSION_COOKIE_SAMESITE"] == prod["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert "Argon2" in prod["PASSWORD_HASHERS"][0]
    assert "Manifest" in prod["STORAGES"]["staticfiles"]["BACKEND"]


def test_behind_the_proxy_https_is_served_and_http_is_redirected(client, content):
    prod = production_settings()
    with override_settings(
        SECURE_PROXY_SSL_HEADER=tuple(prod["SECURE_PROXY_SSL_HEADER"]),
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=prod["SECURE_HSTS_SECONDS"],
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    ):
        served = client.get("/guide/", headers={"x-forwarded-proto": "https"})
        assert served.status_code == 200
        assert served["Strict-Transport-Security"].startswith("max-age=31536000")
        redirected = client.get("/guide/")
        assert redirected.status_code == 301
        assert redirected["Location"] == "https://testserver/guide/"


@pytest.fixture
def urls(content, alice, client):
    plan = make_plan(user=alice)
    client.force_login(alice)
    return [
        "/", "/guide/", "/guide/faq/", "/checklist/", "/help-now/", "/about/", "/privacy/",
        "/plan/", f"/plan/{plan.pk}/", f"/plan/{plan.pk}/calendar.ics", "/account/data/",
        "/no-such-page/", "/plan/new/", "/healthz", "/readyz",
    ]  # fmt: skip


def test_every_response_carries_the_security_headers(client, urls):
    for url in urls:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, url
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in permissions, url
        assert response["X-Frame-Options"] == "DENY", url
