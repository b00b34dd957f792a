"""Bad raw input is refused with the file, row, field and value named, and what to do."""
import pytest

from pipeline import config
from pipeline.warehouse import raw_schema


def break_cell(raw, relative, row, column, value):
    path = raw / relative
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def problems_of(raw):
    with pytest.raises(raw_schema.InputError) as caught:
        raw_schema.check_raw(raw, config.RAW_SCHEMAS)
    return caught.value


def test_the_real_raw_data_is_clean_and_every_reference_table_has_a_schema():
    """Submissions go through the intake's rules instead; every other raw table has a schema."""
    checked = raw_schema.check_raw(config.RAW, config.RAW_SCHEMAS)
    assert sorted(checked) == sorted(p for p in config.RAW.rglob("*.csv") if config.SUBMISSIONS not in p.parents)


def test_a_bad_number_names_file_row_field_and_value(mini_raw):
    break_cell(mini_raw, "funding/base_funding_2007_2009.csv", 2, "amount_10k_cny", "3O")
    [problem] = problems_of(mini_raw).problems
    assert (problem.field, problem.value) == ("amount_10k_cny", "3O")
    assert str(problem).startswith(
        "data/raw/funding/base_funding_2007_2009.csv, row 2 (line 3), field amount_10k_cny, value '3O': should be")


def test_a_thousands_separator_is_refused_with_advice(mini_raw):
    path = mini_raw / "reference/reference_figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1000,", ',"1,000",'), encoding="utf-8")
    [problem] = problems_of(mini_raw).problems
    assert (problem.row, problem.field, problem.value) == (1, "value", "1,000")
    assert "without thousands separators" in str(problem)


def test_a_value_outside_the_allowed_ones_is_refused(mini_raw):
    break_cell(mini_raw, "reference/bases.csv", 1, "entity_type", "village")
    [problem] = problems_of(mini_raw).problems
    assert problem.field == "entity_type" and problem.value == "village"
    assert "city, development_zone, enterprise" in problem.message


def test_a_repeated_key_is_refused(mini_raw):
    break_cell(mini_raw, "reference/bases.csv", 2, "base_id", "alpha")
    [problem] = problems_of(mini_raw).problems
    assert problem.row == 2 and "repeats row 1" in problem.message


def test_a_missing_column_names_the_expected_header(mini_raw):
    path = mini_raw / "reference/fields.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("field_en", "english"), encoding="utf-8")
    [problem] = problems_of(mini_raw).problems
    assert "missing ['field_en']" in problem.message and "unexpected ['english']" in problem.message


def test_a_file_not_in_utf8_is_refused(mini_raw):
    path = mini_raw / "reference/regions.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    [problem] = problems_of(mini_raw).problems
    assert problem.file == "data/raw/reference/regions.csv" and "save it as UTF-8" in problem.message


def test_a_missing_file_is_named(mini_raw):
    (mini_raw / "reference/batches.csv").unlink()
    [problem] = problems_of(mini_raw).problems
    assert problem.file == "data/raw/reference/batches.csv" and "no such file" in problem.message


def test_the_message_says_what_to_do(mini_raw):
    break_cell(mini_raw, "reference/bases.csv", 1, "batch", "x")
    assert "Correct the files named above" in str(problems_of(mini_raw))
