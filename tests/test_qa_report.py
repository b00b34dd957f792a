"""qa.md on the miniature tree, whole: in 2009 the four bases' reconstruction is one file of four
submissions, all accepted, and delta's exports of 0.01亿美元 (row 5), as published, are under the
east's threshold, a warning (as an estimate of the project's own they would say nothing of the
base: no warning); in 2010 nothing has been received."""
from pipeline.intake.rules import Rules
from pipeline.publish import qa
from tests.conftest import MINI_RAW
from tests.evaluation_fixtures import mark_published

RULES = Rules(MINI_RAW / "reference" / "validation_rules.yml").rules


def test_an_estimate_below_the_threshold_is_no_warning(mini):
    assert "below_export_threshold" not in qa.markdown(mini, 2009)


def test_a_year_with_every_base_covered_and_one_warning(mini_raw, build_mini):
    mark_published(mini_raw, ("delta",), ("exports",))
    mini = build_mini(mini_raw)
    rule = RULES["below_export_threshold"]
    said = {"field": "出口额（合计）", "value": "0.01", "detail": "东部"}  # the reconstruction's column, named as on the form
    problem = f"{rule['message_zh'].format(**said)} {rule['message_en'].format(**said)}"
    assert qa.markdown(mini, 2009) == f"""# Intake report 2009 / 2009年报送数据核验报告

- Files received / 收到文件: 1
- Submissions received / 收到报表: 4 = accepted / 采用 4 + superseded / 被取代 0 + quarantined / 暂不汇总 0
- Bases expected / 应报基地: 4; covered / 已采用 4; missing / 缺报 0
- Findings / 核验发现: 0 errors / 错误, 1 warnings / 提示

A submission with an error is quarantined: it stays out of every report table until the base sends a corrected one; \
its file is kept as received. 有错误的报表暂不汇总，原文件保留不变，待基地更正后重新报送。

## Errors / 错误（报表暂不汇总）

None / 无

## Corrected / 已更正（后收到的报表已采用）

None / 无

## Warnings / 提示（报表已采用，请核对）

| Base / 基地 | File / 文件 | Sheet / 工作表 | Row / 行 | Field / 字段 | Value / 值 | Rule / 规则 | Problem / 问题 | \
What to do / 处理办法 |
|---|---|---|---|---|---|---|---|---|
| 丁基地 | submissions/2009/submissions_2009.csv |  | 5 | 出口额（合计） | 0.01 | below_export_threshold | \
{problem} | {rule['do_zh']} {rule['do_en']} |

## Coverage / 报送情况

Every base's figures are the reconstruction from the published report; no base submitted them. 各基地数据为依据已公布年度报告的重建，不是基地报送。

## Files / 文件

| File / 文件 | SHA-256 | First taken in (UTC) / 首次接收 |
|---|---|---|
"""


def test_a_year_nothing_was_received_for_says_so_alone(mini):
    assert qa.markdown(mini, 2010) == "# Intake report 2010\n\nNo submissions were received for 2010.\n"
