"""Shell-level component IDs and id builders shared across pages."""

from dash import ALL

URL = "shell-url"
YEAR = "shell-year"
MONTH = "shell-month"
LANG = "shell-lang"
DATA_MODE = "shell-data-mode"
USER_AREA = "shell-user-area"
ERROR_TOAST = "shell-error-toast"
DEFAULT_PERIOD = "shell-default-period"
BRAND = "shell-brand"
SUBTITLE = "shell-subtitle"
FOOTER = "shell-footer"
NAV_TOGGLE = "shell-nav-toggle"
NAV_COLLAPSE = "shell-nav-collapse"
YEAR_LABEL = "shell-year-label"
MONTH_LABEL = "shell-month-label"


NAV_LINK_TYPE = "shell-nav-link"


def nav_link(path: str, label_key: str) -> dict[str, str]:
    """ID of the navbar link to ``path`` (pattern-matching, so one callback serves all)."""
    return {"type": NAV_LINK_TYPE, "index": path, "label": label_key}


def all_nav_links() -> dict:
    return {"type": NAV_LINK_TYPE, "index": ALL, "label": ALL}
