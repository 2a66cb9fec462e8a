import re
from pathlib import Path

from ingestion.format.rules import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_the_rules_doc_lists_every_rule_as_the_code_defines_it():
    text = DOC.read_text("utf-8")
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} | {rule.message_vi} | {rule.message_en} |" in text
    assert set(re.findall(r"^\| `([A-Z_]+)` \|", text, flags=re.M)) == set(RULES)
