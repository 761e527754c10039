"""Work measured as a count, not a time: the Python function calls one call makes (cProfile).

Tests of linear growth compare the counts at two sizes; a count does not depend on how busy the machine is.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from typing import Any


def calls(function: Callable[..., Any], *args: Any) -> int:
    """How many Python function calls ``function(*args)`` makes."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        function(*args)
    finally:
        profile.disable()
    return sum(stat[1] for stat in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]
