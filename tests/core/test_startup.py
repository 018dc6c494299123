import os
import time

from genart_desktop.core.startup import process_start_time


def test_launcher_time_is_used_only_by_the_process_it_was_set_for(monkeypatch):
    launched = time.time() - 5.0
    monkeypatch.setenv("GENART_EXEC_TIME", str(launched))
    monkeypatch.setenv("GENART_EXEC_PID", str(os.getpid()))
    assert process_start_time() == launched
    monkeypatch.setenv("GENART_EXEC_PID", str(os.getpid() + 1))  # inherited by a child
    assert process_start_time() != launched
