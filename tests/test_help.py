"""Every make target and every CLI command says what it does."""
import re
import subprocess

import pytest

from pipeline import config
from pipeline.cli import main

MAKEFILE = (config.ROOT / "Makefile").read_text(encoding="utf-8")
TARGETS = re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M)
PHONY = re.search(r"^\.PHONY: (.*)$", MAKEFILE, re.M).group(1).split()


def test_every_make_target_is_phony_and_listed_with_a_description():
    described = re.findall(r"^([a-z][a-z-]*):.*## \S", MAKEFILE, re.M)
    assert sorted(described) == sorted(TARGETS) == sorted(PHONY)
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=config.ROOT,
                            capture_output=True, text=True, check=True).stdout
    assert [line.split()[1] for line in listed.splitlines() if line.startswith("  make ")] == TARGETS


def test_every_cli_command_has_help(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    overview = capsys.readouterr().out
    commands = re.search(r"\{([a-z,]+)\}", overview).group(1).split(",")
    assert sorted(commands) == sorted(set(re.findall(r"\$\(RUN\) ([a-z]+)", MAKEFILE)))  # each has its make target
    for command in commands:
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0
        text = capsys.readouterr().out
        assert text.startswith(f"usage: python -m pipeline {command} [-h]") and "-h, --help" in text, command
        assert re.search(rf"^    {command}\s+\S", overview, re.M), f"{command} has no line in the overview"
