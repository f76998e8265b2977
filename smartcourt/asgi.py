"""ASGI entry point (ADR 0031): one server answers HTTP and the websockets of the online hearing room.

- HTTP runs the same WSGI application as before (`smartcourt.wsgi`'s Django handler, every middleware unchanged) in
  a pool of threads, as gunicorn's gthread workers did: Django's own ASGI handler would run every synchronous view of
  a process on one thread (thread-sensitive), which would cut the concurrency ADR 0025 measured.
- Websockets under /ws/ go to Channels consumers (the hearing room's signalling), authenticated by the same session
  cookie and refused from a foreign origin.

Served by gunicorn with uvicorn workers (`deploy/gunicorn.conf.py`, `make demo`): WEB_THREADS threads per process.
"""

import os
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from asgiref.wsgi import WsgiToAsgi, WsgiToAsgiInstance

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcourt.settings.prod")

from django.core.wsgi import get_wsgi_application

wsgi_app = get_wsgi_application()  # sets Django up before the consumers are imported

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from smartcourt.hearings.routing import websocket_urlpatterns  # noqa: E402

_pool = ThreadPoolExecutor(max_workers=int(os.environ.get("WEB_THREADS") or 8), thread_name_prefix="http")


class _PooledInstance(WsgiToAsgiInstance):
    # asgiref runs the WSGI app thread-sensitively (one thread for all requests); here: any thread of the pool
    run_wsgi_app = SyncToAsync(WsgiToAsgiInstance.__dict__["run_wsgi_app"].func, thread_sensitive=False, executor=_pool)

    def start_response(self, status, response_headers, exc_info=None):
        # Django's WSGI handler writes Set-Cookie values with a leading space (a WSGI server trims it; h11 refuses it)
        headers = [(name, value.strip()) for name, value in response_headers]
        return super().start_response(status, headers, exc_info)


class PooledWsgiToAsgi(WsgiToAsgi):
    async def __call__(self, scope, receive, send):
        await _PooledInstance(self.wsgi_application, self.duplicate_header_limit)(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": PooledWsgiToAsgi(wsgi_app),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
