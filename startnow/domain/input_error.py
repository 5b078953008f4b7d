"""The error every parser of user input raises: one line, naming the token."""

from __future__ import annotations


class InputError(ValueError):
    """One clear, user-facing line; `token` is the offending piece of input."""

    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.token = token

    def __str__(self) -> str:
        return self.message
