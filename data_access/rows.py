"""DataFrames to plain rows at the layer boundary: ``None`` for missing, never NaN.

pandas reads a SQL NULL as NaN (floats), NaT (datetimes) or NaN in a ``str`` column
(pandas 3). NaN is truthy and never ``is None``, so a page that tests ``if row["x"]``
or ``row["x"] is None`` takes the wrong branch (a county's data page once crashed on
``NaN[:8]``). Every frame that leaves for pages, charts and exports goes through
:func:`records` once; code after it tests for ``None`` only.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def plain(value: Any) -> Any:
    """One cell as a plain Python value; ``None`` for every kind of missing."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars
        if isinstance(value, float) and math.isnan(value):
            return None
        return value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts of plain values, missing as ``None``."""
    columns = [str(c) for c in frame.columns]
    # One conversion of the whole frame (itertuples indexes every column again for
    # every call, which costs more than the rows on small slices of wide frames).
    return [
        {key: plain(value) for key, value in zip(columns, row, strict=True)}
        for row in frame.to_numpy(dtype=object)
    ]


def record(series: pd.Series) -> dict[str, Any]:
    """One row (a Series, e.g. ``frame.loc[key]``) as a dict of plain values."""
    return {str(k): plain(v) for k, v in series.items()}
