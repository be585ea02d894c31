"""Password hashing: Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane).

Django's default (100 MiB, 8 lanes) takes over half a second of CPU on a small 2-core server,
which would let a burst of log-ins starve every other request.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
