"""The data dictionary: every published table and column described, in the marts file itself (a
BI tool shows the comment beside the column) and in docs/data-dictionary.md, from one source."""

from pathlib import Path

import duckdb
import pytest

from warehouse.data_dictionary import markdown, undescribed

pytestmark = pytest.mark.slow  # the demo's published marts

DOC = Path(__file__).parents[2] / "docs" / "data-dictionary.md"


def test_every_published_table_and_column_is_described_in_the_file_and_the_docs(demo_made):
    marts = demo_made.home / "published" / "marts.duckdb"
    with duckdb.connect(str(marts), read_only=True) as con:
        columns = dict(
            con.execute(
                "select table_name, list(column_name order by column_index) from duckdb_columns() "
                "where database_name = current_database() and schema_name = 'main' group by 1"
            ).fetchall()
        )
        uncommented = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where database_name = current_database() and comment is null"
        ).fetchall()
        tables = con.execute(
            "select comment from duckdb_tables() where table_name = 'mart_submission_status'"
        ).fetchone()
    assert len(columns) == 22 and undescribed(columns) == []
    assert uncommented == []
    assert tables == (
        "Tình hình nộp báo cáo: mỗi đơn vị × kỳ phải báo cáo / Reporting status: "
        "one row per unit × period it must report",
    )
    assert DOC.read_text(encoding="utf-8") == markdown(columns), (
        "docs/data-dictionary.md is not what the dictionary says: run "
        "`python -m warehouse.data_dictionary <published marts.duckdb>`"
    )
