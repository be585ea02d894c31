"""Whether an error means the database cannot be reached (the site then answers a friendly 503)."""

from django.db import DatabaseError, InterfaceError, OperationalError


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )
