"""Outcome labels read 「metric value unit」: the metric's last whole words
and the quantity as written, never a sentence cut mid-word."""
from __future__ import annotations

import pytest

from kg.extract.mentions import OutcomeMention


def _label(metric: str, quantity: str = "12家") -> str:
    return OutcomeMention(0, len(quantity), quantity, 12.0, "家", metric).label


@pytest.mark.parametrize(("metric", "label"), [
    ("追回欠薪", "追回欠薪 12家"),
    ("督促辖区用人单位补缴养老保", "督促辖区用人单位补缴养老 12家"),  # 保(险) cut: the piece goes
    ("走访企业和", "走访企业 12家"),
    ("", "12家"),
])
def test_label_is_metric_and_quantity(metric, label):
    assert _label(metric) == label


def test_long_metric_keeps_its_last_whole_words():
    label = _label("市总工会联合人社部门在全市范围内开展专项检查发现存在拖欠工资问题的企业")
    metric, quantity = label.rsplit(" ", 1)
    assert quantity == "12家" and len(metric) <= 12 and metric.endswith("的企业")
    assert "拖欠工资问题的企业".endswith(metric) or metric.endswith("拖欠工资问题的企业")
