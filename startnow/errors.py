"""User-facing errors: one clear line, never a traceback."""


class StartnowError(Exception):
    """A problem the user can act on. `str()` is the whole message, one line."""

    exit_code = 1


class UsageError(StartnowError):
    """Bad input on the command line (a malformed quick add, a bad --week)."""

    exit_code = 2
