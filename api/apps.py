from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"

    def ready(self):
        # Publishing moves the partner feed's change log and queues webhook deliveries.
        from . import response_cache, syndication_signals

        syndication_signals.connect()
        # Any change to public content moves the content version of the response cache.
        response_cache.connect()
        # Published changes render the read model's documents again.
        from .read_model import changes  # noqa: F401
