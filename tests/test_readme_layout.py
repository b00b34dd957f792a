"""The README's layout section matches the tree: every package of pipeline/ has its row, and each
row names every module of its package and no module that is not there."""
import re

from pipeline import config


def layout_rows() -> dict[str, str]:
    """The layout table: folder -> its description."""
    section = (config.ROOT / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    return dict(re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, re.MULTILINE))


def modules(package, rows: dict[str, str]) -> set[str]:
    """A package's modules, and those of its sub-packages that have no row of their own, as `name/`
    with their modules."""
    found = {path.stem for path in package.glob("*.py")}
    for sub in package.iterdir():
        if (sub / "__init__.py").exists() and f"{sub.relative_to(config.ROOT)}/" not in rows:
            found |= {f"{sub.name}/"} | {path.stem for path in sub.glob("*.py")} - {"__init__"}
    return found


def test_every_package_has_its_row_naming_each_of_its_modules():
    rows = layout_rows()
    packages = sorted(p.parent for p in (config.ROOT / "pipeline").glob("*/__init__.py")) + [config.ROOT / "pipeline"]
    for package in packages:
        folder = f"{package.relative_to(config.ROOT)}/"
        assert folder in rows, f"README's layout has no row for {folder}"
        named = set(re.findall(r"`([a-z_]+/?)`", rows[folder]))
        present = modules(package, rows) - ({"__init__"} if folder != "pipeline/" else set())
        assert sorted(present - named) == [], f"{folder}: modules the README does not name"
        assert sorted(named - present) == [], f"{folder}: modules the README names that do not exist"


def test_every_folder_the_layout_names_is_in_the_tree():
    built_only = {"data/processed/"}
    missing = [f for f in layout_rows() if f not in built_only and not (config.ROOT / f).is_dir()]
    assert missing == []
