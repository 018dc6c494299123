from __future__ import annotations

from genart_desktop.core.thread_policy import ThreadPolicy, parse_setting


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_auto_uses_every_core_when_idle_and_leaves_one_while_the_user_works():
    clock = Clock()
    policy = ThreadPolicy("auto", idle_after_s=10, clock=clock, cores=4)
    assert policy() == 4 and "idle" in policy.describe()
    policy.note_input()
    assert policy() == 3 and "while you work" in policy.describe()
    clock.t += 11
    assert policy() == 4


def test_a_hidden_window_counts_as_idle_even_right_after_input():
    clock = Clock()
    policy = ThreadPolicy("auto", clock=clock, cores=2)
    policy.note_input()
    assert policy() == 1
    policy.set_window_hidden(True)
    assert policy() == 2 and "background" in policy.describe()


def test_a_fixed_count_wins_and_is_capped_at_the_cores():
    policy = ThreadPolicy("1", cores=2)
    policy.note_input()
    assert policy() == 1 and "as set" in policy.describe()
    assert parse_setting("999") is not None and parse_setting("999") >= 1
    assert parse_setting("0") is None and parse_setting("many") is None and parse_setting("auto") is None
    single = ThreadPolicy("auto", cores=1)
    single.note_input()
    assert single() == 1
