from django.middleware.locale import LocaleMiddleware

# Machine-facing paths: a 404 there is an answer, not a missing language prefix.
UNPREFIXED_PATHS = ("/api/", "/admin/", "/documents/", "/django-admin/", "/healthz", "/readyz")


class ReaderLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus its habit of redirecting any 404 to /fr/<path>.

    Wagtail's catch-all under /fr/ makes every path look valid there, so an unknown API URL would
    answer 302 instead of its problem+json 404.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PATHS):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
