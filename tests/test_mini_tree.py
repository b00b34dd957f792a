"""The miniature raw tree (tests/fixtures/mini_raw) invents its bases and their figures, but the
reference files that hold for every base (the rules, the form's indicators, the regions' export
thresholds, the evaluation's indicators, flags and policy documents) are the project's own, byte
for byte: a copy that drifted would test rules the intake no longer has."""
from pipeline import config
from tests.conftest import MINI_RAW

PROJECT_WIDE = {"validation_rules.yml", "indicators.csv", "regions.csv", "batches.csv", "entity_types.csv",
                "export_thresholds.csv", "evaluation_flags.csv", "evaluation_indicators.csv", "policy_documents.csv",
                "policy_targets.csv"}
INVENTED = {"bases.csv", "base_aliases.csv", "fields.csv", "provinces.csv", "reference_figures.csv"}


def test_every_reference_file_of_the_mini_tree_is_the_projects_own_or_invented():
    assert {path.name for path in (MINI_RAW / "reference").iterdir()} == PROJECT_WIDE | INVENTED


def test_the_project_wide_reference_files_are_the_projects_own():
    drifted = [name for name in sorted(PROJECT_WIDE)
               if (MINI_RAW / "reference" / name).read_bytes() != (config.REFERENCE / name).read_bytes()]
    assert drifted == [], f"copy data/raw/reference/{{{','.join(drifted)}}} into tests/fixtures/mini_raw/reference/"
