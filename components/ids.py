"""Shell-level component IDs shared across pages."""

URL = "shell-url"
YEAR = "shell-year"
MONTH = "shell-month"
# The month selector's counts of a month being reported that the page does not show
# (filled after the page by pages/_shell.py, so the page layout is kept across approvals).
MONTH_MENU = "shell-month-menu"
LANG = "shell-lang"
DATA_MODE = "shell-data-mode"
USER_AREA = "shell-user-area"
ERROR_TOAST = "shell-error-toast"
NAV_TOGGLE = "shell-nav-toggle"
NAV_COLLAPSE = "shell-nav-collapse"


def query(section: str) -> str:
    """The store of a page's resolved URL query, read by that page's callbacks (one
    per page, so that no callback is wired to another page's parts)."""
    return f"{section}-query"


def title(section: str) -> str:
    """A hidden sink whose callback sets the browser tab's title."""
    return f"{section}-title"


# The scope bar (regions above the counties): a search that finds any region, and
# where choosing one takes the reader.
REGION_SEARCH = "shell-region-search"
REGION_GO = "shell-region-go"

# The county page's chosen county (a store), read by its what-if card too.
COUNTY_CODE = "county-code"

# Check boxes (their value is true or false: the edge's type check must know them).
SUP_RULE_ALERT = "sup-rule-alert"
DLV_FORCE = "dlv-force"
