from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"

    def ready(self):
        # Publishing moves the partner feed's change log and queues webhook deliveries.
        from . import syndication_signals

        syndication_signals.connect()
        # Published changes render the read model's documents again.
        from .read_model import changes  # noqa: F401
