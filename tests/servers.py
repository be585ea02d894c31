"""For the tests that start gunicorn themselves: the test database's URL and free ports."""

import socket
import urllib.parse

from django.db import connection


def database_url() -> str:
    """The test database (not the one the settings name), for the gunicorn processes."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def free_ports(ports: range, count: int = 1) -> list[int]:
    """`count` ports of `ports` that nothing listens on at 127.0.0.1."""
    found = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"No {count} free ports in {ports.start}-{ports.stop - 1} on 127.0.0.1.")
