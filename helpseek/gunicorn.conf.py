"""gunicorn's settings for `make serve` and `make bench`: the site as production runs it.

WEB_CONCURRENCY worker processes (default 2, about one per core), each with GUNICORN_THREADS
threads (default 4). Threads let a worker keep connections alive and serve another request while
one waits on PostgreSQL; processes are what use the cores.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5  # seconds; a load balancer in front reuses its connections
timeout = 30
graceful_timeout = 20
# Logs go to the console, where the platform collects them. The proxy in front logs each request.
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
