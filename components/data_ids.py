"""Component IDs of the 数据报送 page (data entry, review, history)."""

ACCESS = "data-access"
STATUS = "data-status"
REVIEW = "data-review"
REVIEW_REGION = "data-review-region"
REASON = "data-reason"
APPROVE = "data-approve"
RETURN = "data-return"
REVIEW_MESSAGE = "data-review-message"
REMIND = "data-remind"
REMIND_ALL = "data-remind-all"
TEMPLATE = "data-template"
UPLOAD = "data-upload"
UPLOAD_COLUMN = "data-upload-column"  # hidden for anonymous readers
PREVIEW = "data-preview"
CONFIRM = "data-confirm"
IMPORT_MESSAGE = "data-import-message"
ENTRY_TITLE = "data-entry-title"
GRID = "data-grid"
SAVE = "data-save"
SUBMIT = "data-submit"
SAVE_MESSAGE = "data-save-message"
HISTORY = "data-history"
HISTORY_INDICATOR = "data-history-indicator"
CHANGED = "data-changed"  # bumped by every write, so the panels re-read
CORRECTION_REASON = "data-correction-reason"
WITHDRAW_OK = "data-withdraw-ok"
NOTICES = "data-notices"
RETURN_ITEM = "data-return-item"  # one indicator's return reason (pattern-matching)


def return_item(code) -> dict:
    """The id of one indicator's return reason on the review panel (``code``: an
    indicator's code, or ``dash.ALL``)."""
    return {"type": RETURN_ITEM, "code": code}


ALL_INDICATORS = "__all__"

# 情况说明 (explanations) on the 数据报送 page
EXPLAIN = "data-explain"
EXPLAIN_SAVE = "data-explain-save"
EXPLAIN_MESSAGE = "data-explain-message"
EXPLAIN_TEXT = "data-explain-text"
EXPLAIN_MEASURES = "data-explain-measures"


def explain_text(code) -> dict:
    """One indicator's explanation text (``code``: its code, or ``dash.ALL``)."""
    return {"type": EXPLAIN_TEXT, "code": code}


def explain_measures(code) -> dict:
    """One indicator's measures taken (``code``: its code, or ``dash.ALL``)."""
    return {"type": EXPLAIN_MEASURES, "code": code}


# Suggestions at the upload preview: read a wording as suggested for this file, or
# save it as an alias for everyone (the office)
READ_AS = "data-read-as"  # store: {"filename": …, "pairs": [[field, wording, code]]}
SUGGESTIONS = "data-suggestions"  # store: the preview's suggestions, by index
ALIAS_MESSAGE = "data-alias-message"
ACCEPT = "data-accept-suggestion"
SAVE_ALIAS = "data-save-alias"


def accept(index) -> dict:
    """The button reading the file's ``index``-th suggestion as suggested."""
    return {"type": ACCEPT, "index": index}


def save_alias(index) -> dict:
    """The office's button saving the ``index``-th suggestion as an alias."""
    return {"type": SAVE_ALIAS, "index": index}
