"""The typed rows of one sheet of one file, column by column.

Plain lists of Python values (dates, whole numbers, text, None) rather than a DataFrame: a
backfill hands tens of thousands of them from the check workers to the loader, and lists are
cheap to send between processes and to gather into one bulk insert per batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class Rows:
    columns: dict[str, list]
    """column key → one value per row; lineage (`sheet_name`, `row_number`) included."""

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def __getitem__(self, key: str) -> list:
        return self.columns[key]

    def __contains__(self, key: object) -> bool:
        return key in self.columns

    @property
    def empty(self) -> bool:
        return len(self) == 0

    def frame(self) -> pd.DataFrame:
        """For a person looking at them: the rows as a DataFrame."""
        return pd.DataFrame(self.columns, dtype=object)
