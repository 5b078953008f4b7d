"""User-facing errors: one clear line, never a traceback."""


class StartnowError(Exception):
    """A problem the user can act on. `str()` is the whole message, one line."""

    exit_code = 1


class UsageError(StartnowError):
    """Bad input on the command line (a malformed quick add, a bad --week)."""

    exit_code = 2


# What each kind of column must hold, for the message about one that does not.
_EXPECTED = {
    "instant": "a time in years 1 to 9999 (whole seconds since 1970)",
    "int": "a whole number",
    "text": "text",
    "tags": "words",
    "bool": "0 or 1",
}
_ROW_NAMES = {"chunk": "step", "focus_session": "focus session", "nudge_swap": "nudge swap"}


class UnreadableValue(StartnowError):
    """A stored value no reader can use (a year-10000 instant, text where a
    number belongs), written by something other than startnow. Says which
    row and column, so the person can mend it or restore a backup.

    `table` and `row_id` are None when the reader could not tell (a value met
    inside the ORM): the store's boundary then looks the row up."""

    def __init__(
        self, table: str | None, row_id: object, column: str | None, kind: str, value: object
    ) -> None:
        self.table, self.row_id, self.column, self.kind, self.value = (
            table, row_id, column, kind, value,
        )  # fmt: skip
        shown = repr(value)  # repr escapes every control and bidi character
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        expected = _EXPECTED.get(kind, "a value of its kind")
        if table is None:
            what = f": {shown}, not {expected}" if kind else ""
            super().__init__(f"the store holds a value startnow cannot read{what}")
        else:
            row = f"{_ROW_NAMES.get(table, table)} {row_id}"
            super().__init__(f"{row} in the store: its {column} is {shown}, not {expected}")

    @property
    def located(self) -> bool:
        return self.table is not None
