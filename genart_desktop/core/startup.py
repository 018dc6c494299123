"""When did this process start? Used to measure cold start honestly (from exec, not import)."""

from __future__ import annotations

import os
import time

_IMPORTED_AT = time.time()


def process_start_time() -> float:
    """Wall-clock time at which this process was created (Linux: from /proc), else import time."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            stat = handle.read()
        # Field 22 (starttime, in clock ticks since boot) follows the ")" that closes comm.
        fields = stat[stat.rindex(")") + 2 :].split()
        start_ticks = int(fields[19])
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return time.time() - uptime + start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return _IMPORTED_AT
