"""Property tests: the session-end tally per database (pairs, drifts, FP, FN)."""

from __future__ import annotations

import time

import pytest
from hypothesis import settings

from tests.properties.exclusions import ALL as EXCLUSIONS
from tests.properties.support import MISSES, TALLY

_STARTED = time.monotonic()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    profile = settings.get_current_profile_name()
    elapsed = time.monotonic() - _STARTED
    terminalreporter.section(f"parity properties tally (profile {profile}, {elapsed:.0f} s)")
    terminalreporter.write_line(
        f"{'database/property':<32}{'pairs':>8}{'drifts':>8}{'false +':>9}{'false -':>9}"
    )
    for backend, counts in sorted(TALLY.items()):
        terminalreporter.write_line(
            f"{backend:<32}{counts['pairs']:>8}{counts['drifts']:>8}"
            f"{counts['false_positives']:>9}{counts['false_negatives']:>9}"
        )
    for name, exclusion in EXCLUSIONS.items():
        if exclusion is not None:
            terminalreporter.write_line(f"not drawn ({name}): {exclusion.reason}")
    for backend, misses in sorted(MISSES.items()):
        if misses:
            kinds = ", ".join(f"{kind} x{count}" for kind, count in misses.most_common())
            terminalreporter.write_line(
                f"{backend} misses (+false positive, -false negative): {kinds}"
            )
