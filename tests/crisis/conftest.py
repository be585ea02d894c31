"""The crisis phrase corpus's figures at the end of the run, whichever tests ran them."""

from tests.crisis.phrase_corpus import SCORE_PROPERTY


def pytest_terminal_summary(terminalreporter):
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == SCORE_PROPERTY
    ]
    if lines:
        terminalreporter.section("crisis phrase corpus")
        for line in sorted(lines):
            terminalreporter.write_line(line)
