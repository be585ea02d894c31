from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from guides.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class SignedInHttpRequest(HttpRequest):
    """The request of a view behind @login_required: its user is a person with an account."""

    user: User
