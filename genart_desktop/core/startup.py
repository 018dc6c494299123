"""When did this process start? Used to measure cold start honestly (from exec, not import)."""

from __future__ import annotations

import os
import time

_IMPORTED_AT = time.time()


def process_start_time() -> float:
    """When this program started: the launcher's exec time (GENART_EXEC_TIME, set by ./run
    because exec keeps the PID of the shell that may have installed packages first), else the
    process creation time from /proc (Linux), else the time this module was imported."""
    # The launcher's time is this process's only if it was set for this PID (children inherit it).
    if os.environ.get("GENART_EXEC_PID") == str(os.getpid()):
        try:
            exec_time = float(os.environ.get("GENART_EXEC_TIME", ""))
            if 0 < time.time() - exec_time < 3600:
                return exec_time
        except ValueError:
            pass
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
