"""The site's URLs plus one that fails on purpose, so the browser tests can see the 500 page."""

from django.urls import path

from helpseek.urls import handler404, handler500, urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def fail_on_purpose(request):
    raise RuntimeError("A deliberate error, to show the 500 page in a browser test.")


urlpatterns = [*urlpatterns, path("test/server-error/", fail_on_purpose)]
