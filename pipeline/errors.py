"""The errors a user can act on: the CLI prints their message instead of a traceback."""
from pipeline.config import MissingInput
from pipeline.consistency import InconsistentFigures
from pipeline.context import MissingFigure
from pipeline.ingest import InputError
from pipeline.models import ModelError
from pipeline.reconstruct import ReconstructionError
from pipeline.render import RenderError

USER_ERRORS = (InputError, ModelError, MissingInput, FileNotFoundError, ReconstructionError, RenderError,
               MissingFigure, InconsistentFigures)
