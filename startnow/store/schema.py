"""Schema identity, kept free of SQLAlchemy so the quick-add path can check it cheaply.

The tables themselves are defined once, in `models.py`; this module only says
which version of them a database file holds (SQLite's `user_version`) and that
the file is startnow's (`application_id`).
"""

SCHEMA_VERSION = 1
APPLICATION_ID = 0x53544E57  # "STNW"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
