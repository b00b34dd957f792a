"""The errors a user can act on: the CLI prints one line instead of a traceback."""
import errno

from pipeline.config import MissingInput, shown
from pipeline.intake.confirmations import ConfirmationError
from pipeline.intake.submissions_log import LogDamaged
from pipeline.publish.context import MissingFigure
from pipeline.publish.render import RenderError
from pipeline.warehouse.consistency import InconsistentFigures
from pipeline.warehouse.database import DatabaseInUse
from pipeline.warehouse.lock import BuildLocked
from pipeline.warehouse.models import ModelError
from pipeline.warehouse.raw_schema import InputError
from pipeline.warehouse.reconstruct import ReconstructionError

USER_ERRORS = (InputError, ModelError, MissingInput, FileNotFoundError, ReconstructionError, RenderError,
               MissingFigure, ConfirmationError, BuildLocked, DatabaseInUse, LogDamaged, InconsistentFigures)

FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def user_message(error: BaseException) -> str | None:
    """The one line to print for an error the user can act on; None for a bug, which keeps its traceback."""
    if isinstance(error, OSError) and error.errno in FULL + NOT_WRITABLE:
        where = shown(error.filename) if error.filename else "a file"
        if error.errno in FULL:
            return (f"the disk is full: cannot write {where} ({error.strerror}). Free some space and run again; "
                    f"the previous outputs are unchanged.")
        return (f"cannot write {where}: {error.strerror}. Make the folder writable for this user "
                f"(or run from a copy that is) and run again; nothing was changed.")
    if isinstance(error, USER_ERRORS):
        return str(error)
    return None

