"""Project-wide error answers: a busy or unreachable database, and problem+json under /api/
in development.

SQLite (the embedded default, `make run`) waits up to its busy timeout for the write lock
(settings: WAL, IMMEDIATE transactions). If a write still finds the database locked, the
journalist must not see a bare 500 that suggests their work is gone: nothing was written
(the transaction rolled back), and trying again in a moment works. The same holds when the
database cannot be reached at all (PostgreSQL restarting, a network cut): a 503 that says so,
with Retry-After, never a 500 that reads as a bug.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from api import errors

logger = logging.getLogger("django.request")

RETRY_AFTER_SECONDS = 5
BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
# What PostgreSQL's driver and SQLite say when there is no database to talk to.
UNREACHABLE_MESSAGES = (
    "connection refused",
    "could not connect",
    "connection to server",
    "server closed the connection",
    "terminating connection",
    "connection already closed",
    "connection is closed",
    "the connection is lost",
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "no route to host",
    "timeout expired",
    "unable to open database file",
)

# Self-contained on purpose: rendering it must not need the database (it is busy or gone), nor
# a template that might, nor a translation catalogue. French first, as the admin.
UNAVAILABLE_PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{refresh}<title>{title_fr} · {title_en}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }}
h1 {{ font-size: 1.4rem; }} hr {{ margin: 2rem 0; border: 0; border-top: 1px solid #ccc; }}
</style>
</head>
<body>
<main>
<h1>{title_fr}</h1>
<p>{cause_fr} <strong>Votre travail n'est pas perdu</strong> :
rien n'a été enregistré ni modifié. Revenez en arrière et réessayez dans quelques
secondes{reload_fr}.</p>
<hr>
<section lang="en">
<h1>{title_en}</h1>
<p>{cause_en} <strong>Your work was not lost</strong>: nothing was
saved or changed. Go back and try again in a few seconds{reload_en}.</p>
</section>
</main>
</body>
</html>
"""
BUSY = {
    "title_fr": "La base de données est occupée",
    "cause_fr": "Quelqu'un d'autre enregistre en ce moment.",
    "title_en": "The database is busy",
    "cause_en": "Someone else is saving right now.",
    "problem": "The database is busy; nothing was changed. Try again shortly.",
    "kind": "busy",
}
UNREACHABLE = {
    "title_fr": "La base de données ne répond pas",
    "cause_fr": "Le service redémarre ou la connexion est coupée.",
    "title_en": "The database is not answering",
    "cause_en": "The service is restarting or the connection is cut.",
    "problem": "The database cannot be reached; nothing was changed. Try again shortly.",
    "kind": "database-unavailable",
}


def is_database_busy(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError) and any(
        message in str(exception).lower() for message in BUSY_MESSAGES
    )


def is_database_unreachable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError) and any(
        message in str(exception).lower() for message in UNREACHABLE_MESSAGES
    )


def database_unavailable(exception: BaseException | None) -> dict | None:
    """What to tell of a database error that is not a bug, or None for a bug."""
    if is_database_busy(exception):
        return BUSY
    if is_database_unreachable(exception):
        return UNREACHABLE
    return None


def database_unavailable_response(request, cause: dict) -> HttpResponse:
    logger.warning("%s (answered 503): %s %s", cause["title_en"], request.method, request.path)
    if errors.is_api_request(request):
        response = errors.problem_response(503, cause["problem"], kind=cause["kind"])
    else:
        # A GET may simply be reloaded; a form (POST) is never sent again behind the back
        # of its author: they go back to it, still filled in, and send it themselves.
        reload = request.method == "GET"
        page = UNAVAILABLE_PAGE.format(
            refresh=f'<meta http-equiv="refresh" content="{RETRY_AFTER_SECONDS}">\n'
            if reload
            else "",
            reload_fr=f" (cette page se recharge seule dans {RETRY_AFTER_SECONDS} secondes)"
            if reload
            else "",
            reload_en=f" (this page reloads itself in {RETRY_AFTER_SECONDS} seconds)"
            if reload
            else "",
            **{key: value for key, value in cause.items() if key.endswith(("_fr", "_en"))},
        )
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ErrorResponsesMiddleware:
    """Turns a view's busy or unreachable database into a 503, and, with DEBUG on, a crash under
    /api/ into a problem+json 500 instead of Django's debug page (partners' clients and
    the reader site parse problems, never HTML)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        cause = database_unavailable(exception)
        if cause is not None:
            return database_unavailable_response(request, cause)
        if settings.DEBUG and errors.is_api_request(request):
            logger.error(
                "Internal Server Error: %s",
                request.path,
                exc_info=exception,
                extra={"request": request},
            )
            return errors.handler500(request)
        return None  # Django's handler500 (below) with DEBUG off, its debug page with it on


def handler500(request):
    """The project's 500 handler: a busy or unreachable database raised outside a view (a
    middleware saving the session) is a 503 too; anything else is a bug (api.errors.handler500)."""
    cause = database_unavailable(sys.exc_info()[1])
    if cause is not None:
        return database_unavailable_response(request, cause)
    return errors.handler500(request)
