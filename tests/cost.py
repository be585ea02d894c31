"""What a request costs, counted rather than timed: the Python function calls made while the site
serves it (cProfile's count of calls, Python and built-in, which is the same on every run of the
same code and data, where the time is not).

A page whose work grows by half makes about half as many calls again, and its budget test fails in
CI, as a query-count test does for queries. On the production server a call costs about the same
everywhere (0.6 µs or so: /healthz makes 1,341 calls in 0.9 ms, the plan page made 27,039 in
16.8 ms), so the count follows the CPU time that `make bench` measures.

The count is of the request as Django's test client serves it (every middleware, the view, the
templates, the queries), after the same request was served twice, so that the process already holds
what any request would find kept (the content, compiled templates, the translations)."""

import cProfile
import pstats

from django.test import Client


def calls_to_serve(client: Client, path: str, *, data: dict | None = None) -> int:
    """The function calls of one request for `path` (a POST with `data`), after the same request
    was served twice."""

    def serve() -> None:
        response = client.post(path, data) if data is not None else client.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)

    serve()
    serve()
    with cProfile.Profile() as profile:
        serve()
    stats = pstats.Stats(profile)
    return stats.total_calls - _random_retries(stats)  # type: ignore[attr-defined]


DRAW, RANGE = "getrandbits", "_randbelow_with_getrandbits"  # random.py: each draw, each choice


def _random_retries(stats: pstats.Stats) -> int:
    """The calls of chance: a random choice (a CSRF token's mask, a session key) draws again when
    the bits it drew fall outside its range, a few times a request, more or fewer each run. Each
    draw again is three calls (getrandbits, then os.urandom and int.from_bytes in it); leaving
    them out makes the count the same on every run."""
    by_name: dict[str, int] = {}
    for (filename, _, name), (_, calls, *_) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.endswith("random.py") and name in (DRAW, RANGE):
            by_name[name] = by_name.get(name, 0) + calls
    return 3 * (by_name.get(DRAW, 0) - by_name.get(RANGE, 0))


def within_budget(counts: dict[str, int], budgets: dict[str, int]) -> dict[str, str]:
    """The pages over budget, each with its count and budget, for a failure that names them all."""
    return {
        page: f"{counts[page]:,} calls, budget {budgets[page]:,}"
        for page in budgets
        if counts[page] > budgets[page]
    }
