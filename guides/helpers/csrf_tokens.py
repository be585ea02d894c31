"""The CSRF token a kept page's forms carry: what django.middleware.csrf.get_token gives, with its
random characters read from the system's random source once, not once for each character.

get_token draws each character of a new reader's secret, and of the mask it puts on the secret
for every page, with a call of its own to secrets.choice, each a read of os.urandom: 64 reads for
a reader without a CSRF cookie yet (anyone on their first page), 32 for everyone else. Here they
are one read, of bytes turned into the same 62 characters with the same odds, and the token is
the one Django would make from them: CsrfViewMiddleware sets the cookie and checks the token.
"""

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_COUNT = len(CSRF_ALLOWED_CHARS)
# A byte from 0 to 247 (4 × 62 values) stands for character byte % 62, each as likely as any;
# a byte from 248 up is dropped, so that none is likelier.
_LIMIT = 256 - 256 % _COUNT
_CHARACTER_OF = bytes(CSRF_ALLOWED_CHARS[byte % _COUNT].encode()[0] for byte in range(_LIMIT))
_TABLE = _CHARACTER_OF + bytes(256 - _LIMIT)
_DROPPED = bytes(range(_LIMIT, 256))
_INDEX = {character: index for index, character in enumerate(CSRF_ALLOWED_CHARS)}


def random_characters(count: int) -> str:
    """`count` characters of CSRF_ALLOWED_CHARS, each drawn at random, as Django draws them."""
    drawn = b""
    while len(drawn) < count:
        # A few bytes more than needed: about one in 32 is dropped.
        drawn += secrets.token_bytes(count + 8).translate(_TABLE, _DROPPED)
    return drawn[:count].decode("ascii")


def csrf_token(request: HttpRequest) -> str:
    """get_token(request): the reader's secret masked afresh, and the secret sent as the CSRF
    cookie (a new one if they have none), in the request's META keys CsrfViewMiddleware reads."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_characters(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_characters(CSRF_SECRET_LENGTH)
    pairs = zip(secret, mask, strict=True)
    cipher = [CSRF_ALLOWED_CHARS[(_INDEX[x] + _INDEX[y]) % _COUNT] for x, y in pairs]
    return mask + "".join(cipher)
