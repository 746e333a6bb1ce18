from django.http import JsonResponse


def api_root(request):
    """Lists what the API serves; filled in by the API v1 work."""
    return JsonResponse({"name": "Terrain API", "version": "v1", "endpoints": {}})
