"""The project's URLs plus views that fail on purpose, for the error-answer tests."""

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import path

from media_site.urls import handler404, handler500
from media_site.urls import urlpatterns as project_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def locked(request):
    raise OperationalError("database is locked")


def unreachable(request):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


def crash(request):
    raise RuntimeError("a bug, with a secret local variable")


def locked_session_save(request):
    # The view works; SessionMiddleware's save (after the view) then finds the database locked.
    request.session["touched"] = True

    return HttpResponse("ok")


urlpatterns = [
    path("api/v1/_test/locked/", locked),
    path("api/v1/_test/crash/", crash),
    path("api/v1/_test/unreachable/", unreachable),
    path("admin/_test/unreachable/", unreachable),
    path("admin/_test/locked/", locked),
    path("admin/_test/crash/", crash),
    path("admin/_test/session/", locked_session_save),
    *project_urlpatterns,
]
