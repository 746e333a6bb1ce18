"""The reader site: a separate process that knows the CMS only through its HTTP API."""

import os

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

API_BASE_URL = os.environ.get("API_BASE_URL", "http://127.0.0.1:8000/api/v1").rstrip("/")


async def home(request):
    return HTMLResponse(
        "<!doctype html><html lang=fr><meta charset=utf-8><title>Terrain</title>"
        "<h1>Terrain</h1><p>Site de lecture en construction.</p>"
    )


app = Starlette(routes=[Route("/", home)])
