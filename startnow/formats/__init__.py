"""Output formats for other programs (calendars, ...): pure functions over exported data."""
