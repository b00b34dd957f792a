"""Write a year's outputs so that a failed run leaves the previous ones intact."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_outputs(final_dir: Path):
    """Yield a scratch folder; on success move each file in it into final_dir, one atomic rename each."""
    final_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".staging-", dir=final_dir))
    try:
        yield scratch
        for path in sorted(scratch.rglob("*")):
            if path.is_file():
                destination = final_dir / path.relative_to(scratch)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, destination)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_atomically(target: Path, data: bytes) -> None:
    """Write a file whole or not at all: a full disk must not leave half a file in data/raw."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as error:  # name the file meant, not the temporary one
        if temporary.exists():
            temporary.unlink()
        raise OSError(error.errno, error.strerror, str(target)) from error
