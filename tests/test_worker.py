"""The second process: it runs the steps it is given, reports failures with their message, and a
killed process makes the step fail at once instead of leaving the main process waiting. (Its
success path is the end-to-end test's `report`, which draws the figures and the PDF in it.)"""
import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from pipeline import worker


@pytest.fixture
def pool():
    pool = worker.start()
    yield pool
    pool.shutdown(cancel_futures=True)


def test_a_failing_step_is_reported_with_its_message(pool):
    code, message = pool.submit(worker.run_step, "figures", 1999).result(timeout=60)  # no submissions for 1999
    assert code == 2 and "there are no accepted submissions for 1999" in message


def test_a_killed_worker_fails_the_step_instead_of_hanging(pool):
    pid = pool.submit(os.getpid).result(timeout=60)
    step = pool.submit(time.sleep, 60)
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(BrokenProcessPool):
        step.result(timeout=20)
