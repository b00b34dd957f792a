"""The house's Chinese faces for the PDFs, cut down to the characters a Chinese report sets.

WeasyPrint keeps each glyph's number when it embeds a font, so a PDF carries a slot for every
glyph up to the highest it uses: up to 65,535 in the Noto CJK faces that Debian installs. The
same faces cut to GB 2312's characters and the punctuation, Latin and symbols around them (about
14,600 glyphs, numbered anew) draw the same outlines, and a one-page feedback sheet is written in
0.14 s instead of 0.30 s and weighs 190 KB instead of 460 KB. style.css names the cut faces first
("House Serif", "House Sans") and the whole faces next, which draw any character the cut leaves
out; the HTML edition, which has no @font-face for them, is set in the whole faces. HarfBuzz cuts
a face in 0.2 s; the cut faces are kept in data/processed/fonts/, by the digest of what they are
made from, and made again when that changes.
"""
from __future__ import annotations

import functools
import hashlib
import os
import subprocess
from importlib import metadata
from pathlib import Path

from pipeline import config

FOLDER = config.PROCESSED / "fonts"
# (family as style.css names it, CSS weight) -> the installed face it is cut from, as fontconfig names it
FACES = {("House Serif", 400): "Noto Serif CJK SC:style=Regular", ("House Serif", 700): "Noto Serif CJK SC:style=Bold",
         ("House Sans", 400): "Noto Sans CJK SC:style=Regular", ("House Sans", 700): "Noto Sans CJK SC:style=Bold"}
# the code points kept besides GB 2312's: Latin, general punctuation to the arrows and shapes, CJK
# symbols and punctuation, enclosed CJK letters and months, compatibility, full-width forms
RANGES = ((0x20, 0x250), (0x2000, 0x2C00), (0x3000, 0x3040), (0x3200, 0x3400), (0xFF00, 0xFFF0))


def characters() -> list[int]:
    """The code points the cut faces keep: GB 2312's, and the RANGES."""
    kept = {c for start, end in RANGES for c in range(start, end)}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                kept.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(kept)


class FacesMissing(config.MissingInput):
    """A face the house sets its PDFs in is not installed, or fontconfig cannot say where it is."""


def installed_face(pattern: str) -> tuple[Path, int]:
    """The file and the index in it of the installed face that pattern names (family:style)."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}|%{file}|%{index}", pattern],
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise FacesMissing(f"fontconfig cannot say where the font {pattern} is ({error}): run make system") from error
    families, file, index = found.split("|")
    if pattern.split(":")[0] not in families.split(","):  # fontconfig matches something to any name
        raise FacesMissing(f"the font {pattern.split(':')[0]} is not installed (fontconfig offers {families}): "
                           "run make system, which installs fonts-noto-cjk")
    return Path(file), int(index or 0)


def house_faces() -> dict[tuple[str, int], Path]:
    """The cut faces, made if absent: (family, weight) -> file."""
    import uharfbuzz
    sources = {key: installed_face(pattern) for key, pattern in FACES.items()}
    kept = characters()
    hashed = hashlib.sha256(f"uharfbuzz {metadata.version('uharfbuzz')}\0{kept}\0{FACES}\0".encode())
    for path, index in dict.fromkeys(sources.values()):
        stat = path.stat()
        hashed.update(f"{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}\0".encode())
    folder = FOLDER / hashed.hexdigest()[:16]
    faces = {(family, weight): folder / f"{family.replace(' ', '-')}-{weight}.otf" for family, weight in FACES}
    if all(face.is_file() for face in faces.values()):
        return faces
    folder.mkdir(parents=True, exist_ok=True)
    for key, target in faces.items():
        path, index = sources[key]
        subset_input = uharfbuzz.SubsetInput()
        for code_point in kept:
            subset_input.unicode_set.add(code_point)
        cut = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)), index), subset_input)
        scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        scratch.write_bytes(cut.blob.data)
        scratch.replace(target)  # a face is there whole or not at all; two renders at once write the same bytes
    return faces


@functools.lru_cache(maxsize=1)
def font_face_css() -> str:
    """@font-face rules for the cut faces, for a PDF's layout (its fetcher must allow FOLDER); found
    once a process, as a report is laid out in several passes."""
    return "\n".join(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
                     for (family, weight), path in house_faces().items())
