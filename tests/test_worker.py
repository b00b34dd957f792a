"""The second process: it runs the steps it is given and reports failures instead of hanging."""
from pipeline.worker import Worker


def test_a_failing_step_is_reported_not_hung():
    worker = Worker()
    try:
        worker.submit("render", 1999)  # no submissions for 1999: a user error, with its message
        code, message = worker.result()
    finally:
        worker.close()
    assert code == 2 and "1999" in message
