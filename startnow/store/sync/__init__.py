"""Sync's store code: the mirror (apsw and SQLite's session extension), the
changeset files in the sync folder, and the live store's side (its rows by
uid, and the merged rows written back). Imported only by `startnow sync`."""
