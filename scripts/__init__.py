"""Commands of our own that glue the tools together: bench, load test, faults, and the one
server harness they and the tests share (server.py)."""
