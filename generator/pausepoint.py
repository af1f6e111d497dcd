"""A test hook: stop at a named step of a multi-step write, so that a test can kill the process there.

With ``WCFGEN_TEST_PAUSE_AT=<step>`` in the environment, :func:`pause_point` prints
``paused at <step>`` on stderr and waits; the test kills the process (``kill -9``) and
checks that what is left is the old state or the new one, and that the next run recovers.
Without the variable it costs one environment lookup.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_VARIABLE = "WCFGEN_TEST_PAUSE_AT"
_WAIT = 60.0  # seconds; a test kills the process long before


def pause_point(step: str) -> None:
    if os.environ.get(PAUSE_VARIABLE) != step:
        return
    sys.stderr.write(f"paused at {step}\n")
    sys.stderr.flush()
    time.sleep(_WAIT)
    os._exit(70)  # not killed: end as abruptly as a kill would, cleaning nothing up
