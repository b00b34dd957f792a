"""The known bases (pipeline/intake/directory.py): which base a name, file name or sheet name points to."""
import pytest

from pipeline import config
from pipeline.intake.directory import Directory


@pytest.mark.parametrize("text", ["12_wuxi_xinwu.xlsx", "wuxi_xinwu.xlsx", "无锡市新吴区.xlsx", "无锡市新吴区 填报表"])
def test_a_name_inside_a_longer_one_names_nothing_of_its_own(text):
    """A base whose id and name contain another's (wuxi_xinwu, 无锡市新吴区; wuxi, 无锡市): its own form's
    file name points to it alone, so its own form is not taken for 无锡市's."""
    directory = Directory(config.REFERENCE)
    directory.bases["wuxi_xinwu"] = {**directory.bases["wuxi"], "base_id": "wuxi_xinwu", "base_name": "无锡市新吴区",
                                     "table1_no": "12"}
    directory.names["无锡市新吴区"] = "wuxi_xinwu"
    directory.by_number = {12: {"wuxi_xinwu"}}
    assert directory.named_in(text) == {"wuxi_xinwu"}
    assert directory.named_in("无锡市_wuxi.xlsx") == {"wuxi"}
