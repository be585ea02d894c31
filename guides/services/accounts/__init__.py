"""The accounts part: signing up, claiming what was made before, deleting an account, and a
person's data (export, forget, purge)."""
