"""gunicorn's settings for `make serve` and `make bench`: the site as production runs it.

WEB_CONCURRENCY worker processes (default 2, about one per core), each with GUNICORN_THREADS
threads (default 4). Processes are what use the cores; threads let a worker serve another request
while one waits on PostgreSQL or on a slow client.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Each response closes its connection (GUNICORN_KEEPALIVE, seconds, default 0). A kept-alive
# connection stays with the worker that accepted it, and a burst of them can all land on one
# worker while the other idles: measured, half the runs of `make bench` did that, at 40% of the
# speed. A new connection for each request goes to a worker that is free. The proxy in front
# keeps the browsers' connections.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
timeout = 30
graceful_timeout = 20
# Logs go to the console, where the platform collects them. The proxy in front logs each request.
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
