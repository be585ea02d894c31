"""An e-mail backend for tests that counts the connections it opens, as SMTP would make them."""

from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    """Like Django's memory backend, which tests use, and it counts opened connections. Like
    SMTP's backend, send_messages opens (and then closes) a connection when none is open."""

    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connection_open = False

    def open(self):
        if self.connection_open:
            return False
        CountingBackend.opened += 1
        self.connection_open = True
        return True

    def close(self):
        self.connection_open = False

    def send_messages(self, messages):
        new_connection = self.open()
        try:
            return super().send_messages(messages)
        finally:
            if new_connection:
                self.close()


def broken_send(self, messages):
    raise OSError("the mail server went away")
