"""Rules for breaking a task down: how small a first step is, and reading a
step typed as 'title ~5m'."""

from __future__ import annotations

FIRST_STEP_MINUTES = 5  # a start too small to refuse
BREAKDOWN_OFFER_MINUTES = 25  # bigger than this and unsplit: offer to break it down


def should_offer_breakdown(estimate: int | None, has_chunks: bool) -> bool:
    """The blocker question offers 'b break it down first' for a big, unsplit task."""
    return not has_chunks and estimate is not None and estimate > BREAKDOWN_OFFER_MINUTES


def parse_step_text(text: str) -> tuple[str, int | None]:
    """'call the bank ~10m' -> ('call the bank', 10). Raises ValueError, one line."""
    from startnow.domain.quickadd import QuickAddError, parse_quick_add_chunk

    try:
        chunk = parse_quick_add_chunk(text)
    except QuickAddError as exc:
        raise ValueError(str(exc)) from None
    return chunk.title, chunk.estimate
