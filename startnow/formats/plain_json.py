"""`json.dumps(value, ensure_ascii=False)` for the plain values a command prints
(dicts with text keys, lists, text, whole numbers, booleans, None), without
importing the json package.

`startnow show --json` must cost what a quick add costs; the json package
(with the `re` its decoder needs) costs more than the read. The strings go
through the same C escaper the json package uses, so the bytes are the same
(tests/test_closing.py compares them over generated values).
"""

from __future__ import annotations

try:
    from _json import encode_basestring as _quoted
except ImportError:  # another Python without the C accelerator: the json package's own
    from json.encoder import py_encode_basestring as _quoted


def dumps(value: object) -> str:
    """The JSON text of `value`; a float or any other type is a TypeError
    (nothing printed here has one, and guessing its form could differ)."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: object, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_quoted(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, dict):
        out.append("{")
        for n, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"a JSON key must be text, not {key!r}")
            out.append(", " if n else "")
            out.append(_quoted(key))
            out.append(": ")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for n, item in enumerate(value):
            out.append(", " if n else "")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"not a plain JSON value: {value!r}")
