"""Who has reported a month, and who is late."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access import queries

DONE = ("submitted", "approved")


def due_date(year: int, month: int, due_day: int) -> date:
    """Reports for a month are due on ``due_day`` of the month after."""
    return date(year + (month == 12), month % 12 + 1, due_day)


def submission_overview(
    year: int, month: int, today: date, due_day: int
) -> pd.DataFrame:
    """Every county's submission with ``due`` and ``late`` (not submitted after due)."""
    frame = queries.submissions(year, month)
    due = due_date(year, month, due_day)
    frame["due"] = due
    frame["late"] = [status not in DONE and today > due for status in frame.status]
    return frame
