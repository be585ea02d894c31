"""Personal pages rendered from a kept skeleton: the page is rendered once for everyone whose page
has the same shape, with a marker where each person's own words go, and kept in the process; each
request then only puts its own words (escaped) in the markers' places.

The shape is everything else the page shows, and it is worked out from the context itself, so a
view cannot forget part of it: every value of the context that is not the person's own (`Mine`)
is part of the key, with whether each of the person's own values is empty (a template may test
that), the language, the content version, the address's query, the account's state and the
cookies and header a region is chosen by. A context holds only plain values (text, numbers, dates,
flags, and `Shape` dicts and lists of them); anything else is the same for everyone and passed as
`everyone` (or a function that makes it, called only when a skeleton is made: a form), named by
`vary` when it is not. A template that reads a name the context does not have
raises (`Shape`), rather than keep one person's value in another's page.

A page with messages to show is rendered as usual: they are read once, by that request.

A skeleton's fixed text is also compressed once (guides.helpers.deflate): a request that accepts
gzip gets it as it was compressed, with its own words and CSRF token between the compressed parts
as they are, so GZipMiddleware does not compress the page again, and the words are never
compressed together with anything.
"""

import datetime
import re
import secrets
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.middleware.gzip import re_accepts_gzip
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from guides.content_cache import SHOWS_REGION
from guides.content_version import current_version
from guides.helpers.deflate import MIN_SIZE, compressing_pays, deflated_parts, gzip_between
from guides.services.crisis.regions import REGION_COOKIE, ZONE_REGION_COOKIE

MAX_SKELETONS = 500  # per process; a skeleton is about 15 KB
# Private-use characters round a random tag: nothing a person or staff writes holds a marker.
_MARK, _END = f"\ue000{secrets.token_hex(8)}:", "\ue001"
_MARKER = re.compile(re.escape(_MARK) + r"(\d+)" + _END)
_CSRF_SLOT = 0
# The session's flag that the person has a safety plan (guides.views.safety_plan.HAS_PLAN), which
# the "Make a safety plan" link reads.
HAS_SAFETY_PLAN = "has_safety_plan"


class SkeletonContextError(Exception):
    """A kept page's template read a name its context does not have. Not an AttributeError or a
    KeyError, which templates turn into an empty string."""


class Shape(dict):
    """A dict of a kept page's context: reading a name it lacks raises, in templates too."""

    def __missing__(self, key):
        raise SkeletonContextError(f"A kept page's template reads {key!r}, not in its context.")


def _marker(index: int) -> str:
    return f"{_MARK}{index}{_END}"


class Mine:
    """A person's own values for one request, each given to the template as a marker."""

    def __init__(self):
        self.fills: list[str | None] = [None]  # slot 0: the CSRF token, made only if used
        self.empty: list[bool] = []  # whether each value is empty: part of the shape
        self.same_as: list[str] = []  # values that stand for themselves wherever they appear
        # The slots whose value has the same length on every page of the shape (an id), which
        # the compressed page may then refer back across (guides.helpers.deflate).
        self.sizes: dict[int, int] = {_CSRF_SLOT: CSRF_TOKEN_LENGTH}

    def text(self, value, fill: Callable[[str], str] = conditional_escape) -> str:
        """The value, escaped (or as `fill` makes it, the same filter the template applies)
        where the template puts it. An empty value is itself, so a template may test it."""
        self.empty.append(not value)
        if not value:
            return value
        self.fills.append(str(fill(value)))
        return _marker(len(self.fills) - 1)

    def itself(self, value: uuid.UUID) -> uuid.UUID:
        """A value given as it is (an id, for `{% url %}`), then replaced wherever it appears
        in the page, its address among them."""
        self.same_as.append(str(value))
        self.fills.append(str(value))
        self.sizes[len(self.fills) - 1] = len(str(value).encode())
        return value


@dataclass(frozen=True)
class Skeleton:
    texts: tuple[bytes, ...]  # the page's fixed text, encoded, cut where each slot goes
    slots: tuple[int, ...]  # the slot between texts[i] and texts[i + 1]
    shows_region: bool  # rendering it chose a region's crisis lines (SHOWS_REGION)
    has_csrf_token: bool
    # The texts compressed once (guides.helpers.deflate), for every request that accepts gzip.
    deflated: tuple[bytes, ...]
    fill_sizes: tuple[int | None, ...]  # each slot's length on every page, if it is fixed
    size: int  # of the texts, together

    @classmethod
    def of(cls, parts: list, shows_region: bool, sizes: dict[int, int]) -> "Skeleton":
        texts = tuple(text.encode() for text in parts[0::2])
        slots = tuple(parts[1::2])
        fill_sizes = tuple(sizes.get(slot) for slot in slots)
        deflated = tuple(deflated_parts(texts, fill_sizes))
        has_csrf_token = _CSRF_SLOT in slots
        return cls(
            texts, slots, shows_region, has_csrf_token, deflated, fill_sizes, len(b"".join(texts))
        )

    def response(self, request: HttpRequest, mine: Mine) -> HttpResponse:
        """The page with this request's own words, compressed as GZipMiddleware would compress
        it (and then leaves it), but for the words and the CSRF token: those are sent as they
        are between the texts compressed once, never compressed together with anything."""
        values = mine.fills
        if self.has_csrf_token:
            # One token for the page's forms, as {% csrf_token %} gives; the cookie too if new.
            values[_CSRF_SLOT] = get_token(request)
        encoded = [value.encode() if value is not None else b"" for value in values]
        fills = [encoded[slot] for slot in self.slots]
        lengths = list(map(len, fills))
        size = self.size + sum(lengths)
        if (
            size >= MIN_SIZE
            and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            and self._sized_as_compressed(lengths)
        ):
            body = gzip_between(self.texts, self.deflated, fills)
            # Shorter in every page there is; else GZipMiddleware decides, as for any page.
            if compressing_pays(size, len(body)):
                response = HttpResponse(body)
                response["Content-Encoding"] = "gzip"
                response["Vary"] = "Accept-Encoding"  # a new response: nothing to patch
                return response
        texts = self.texts
        page = [texts[0]]
        for fill, text in zip(fills, texts[1:], strict=True):
            page += (fill, text)
        return HttpResponse(b"".join(page))

    def _sized_as_compressed(self, lengths: list[int]) -> bool:
        """Whether each fixed-length slot has the length the page was compressed for: always,
        for a CSRF token and an id; else the page goes uncompressed, not broken."""
        for length, fixed in zip(lengths, self.fill_sizes, strict=True):
            if fixed is not None and length != fixed:
                return False
        return True


class _Kept:
    def __init__(self):
        self.lock = threading.Lock()
        self.skeletons: OrderedDict[tuple, Skeleton] = OrderedDict()


_kept = _Kept()


def skeletons_kept() -> int:
    return len(_kept.skeletons)


def forget_skeletons() -> None:
    with _kept.lock:
        _kept.skeletons.clear()


_PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.time, uuid.UUID)


def _plain(value) -> None:
    """Raises unless the value is made of plain values only, whose repr is all of them."""
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, dict):
        for item in value.values():
            _plain(item)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _plain(item)
        return
    raise TypeError(
        f"A kept page's context holds a {type(value).__name__}: give it as plain values, "
        "or as `everyone` if it is the same for everyone."
    )


def render_kept(
    request: HttpRequest,
    template_name: str,
    mine: Mine,
    context: dict,
    *,
    everyone: dict | Callable[[], dict] | None = None,
    vary: tuple = (),
) -> HttpResponse:
    """`render`, from the skeleton kept for this page's shape (see the module's docstring)."""
    # Messages are shown once, to this request: its page is rendered afresh, and not kept.
    messages_waiting = len(get_messages(request)) > 0
    key = _key(request, template_name, mine, context, vary)
    skeleton = None if messages_waiting else _kept.skeletons.get(key)
    if skeleton is None:
        _plain(context)
        full = {**context, **_everyone(everyone), "csrf_token": _marker(_CSRF_SLOT)}
        skeleton = _skeleton_of(request, render_to_string(template_name, full, request), mine)
        if not (messages_waiting or settings.DEBUG):  # under runserver templates change
            with _kept.lock:
                _kept.skeletons[key] = skeleton
                if len(_kept.skeletons) > MAX_SKELETONS:
                    _kept.skeletons.popitem(last=False)  # the oldest
    elif skeleton.shows_region:
        setattr(request, SHOWS_REGION, True)  # noqa: B010
    return skeleton.response(request, mine)


def _everyone(everyone: dict | Callable[[], dict] | None) -> dict:
    return (everyone() if callable(everyone) else everyone) or {}


def _skeleton_of(request: HttpRequest, page: str, mine: Mine) -> Skeleton:
    for index, value in enumerate(mine.fills):
        if index and value in mine.same_as:
            page = page.replace(value, _marker(index))
    pieces = _MARKER.split(page)
    parts = [int(piece) if odd else piece for odd, piece in _alternating(pieces)]
    return Skeleton.of(parts, bool(getattr(request, SHOWS_REGION, False)), mine.sizes)


def _alternating(pieces: list[str]):
    return ((index % 2 == 1, piece) for index, piece in enumerate(pieces))


def _shape_of(context: dict, mine: Mine) -> str:
    """The context's repr (plain values only, checked when a skeleton is made: their repr is the
    whole of them), with the values that stand for themselves (an id) left out."""
    shape = repr(context)
    for value in mine.same_as:
        shape = shape.replace(value, _END)
    return shape


def _key(request: HttpRequest, template_name: str, mine: Mine, context: dict, vary: tuple):
    cookies = request.COOKIES
    return (
        template_name,
        current_version(),
        get_language(),
        request.method,
        request.scheme,
        request.get_host(),
        request.META.get("QUERY_STRING", ""),
        request.user.is_authenticated,
        # Read by templates a kept page includes (the safety plan link, the crisis lines).
        bool(request.session.get(HAS_SAFETY_PLAN)),
        cookies.get(REGION_COOKIE),
        cookies.get(ZONE_REGION_COOKIE),
        request.META.get("HTTP_ACCEPT_LANGUAGE"),  # not request.headers, which parses them all
        tuple(mine.empty),
        len(mine.same_as),
        _shape_of(context, mine),
        vary,
    )


class Plain(Mine):
    """The person's own values as they are: with `render_plain`, the page as Django renders it
    without a skeleton, which a kept page must equal (tests compare the two)."""

    def text(self, value, fill: Callable[[str], str] = conditional_escape) -> str:
        return value

    def itself(self, value: uuid.UUID) -> uuid.UUID:
        return value


def render_plain(
    request: HttpRequest,
    template_name: str,
    mine: Mine,
    context: dict,
    *,
    everyone: dict | Callable[[], dict] | None = None,
    vary: tuple = (),
) -> HttpResponse:
    """`render_kept`'s page, rendered by Django from the context (with `Plain` values)."""
    full = {**context, **_everyone(everyone)}
    return HttpResponse(render_to_string(template_name, full, request))
