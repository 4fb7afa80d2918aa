"""At most ``[mail] per_minute`` messages a minute leave: the pacer waits between them."""

from mentorkit.mail import Pacer


def test_the_pacer_spaces_messages_to_the_rate_asked():
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    pacer = Pacer(per_minute=30, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        pacer.wait()
        now[0] += 0.5  # composing and sending took half a second
    assert waits == [1.5, 1.5, 1.5]  # 2 s apart: 30 a minute
    now[0] += 10  # a pause longer than the gap: no wait
    pacer.wait()
    assert len(waits) == 3
