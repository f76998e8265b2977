"""ASGI entry point (ADR 0031): HTTP goes to Django as under WSGI; websockets under /ws/ go to Channels consumers
(the online hearing room's signalling), authenticated by the same session cookie and refused from foreign origins.

Served by gunicorn with uvicorn workers (`deploy/gunicorn.conf.py`, `make demo`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcourt.settings.prod")
django_asgi_app = get_asgi_application()  # before importing consumers: it sets Django up

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from smartcourt.hearings.room.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
