"""`startnow review`: one ISO week of start delays and focus, on screen or printed."""

from __future__ import annotations

import argparse
import sys
from datetime import tzinfo
from typing import TYPE_CHECKING

from startnow.errors import UsageError

if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser
    from startnow.domain.review import IsoWeek, Review

FORMATS = ("text", "markdown", "json")


def register(command: CommandParser) -> None:
    review = command(
        "review",
        "the weekly review: start delays, blockers, nudges, focus, still waiting",
        "examples:\n  startnow review                        the review screen (last full week)\n"
        "  startnow review --week 2026-W47 --format text\n"
        "  startnow review --format markdown >> journal.md\n"
        "  startnow review --format json | jq .median_delay_minutes\n\n"
        "Default week: the last full ISO week (Monday to Sunday, local time), or this\n"
        "week so far when only this week has anything recorded. JSON keys: see README.",
    )
    review.add_argument("--week", metavar="YYYY-Www", help="the ISO week, e.g. 2026-W47")
    review.add_argument(
        "--format", choices=FORMATS,
        help="print instead of opening the screen (text when output is not a terminal)",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from startnow.clock import local_zone, system_clock
    from startnow.commands.common import open_services
    from startnow.domain.input_error import InputError
    from startnow.domain.review import check_reviewable, parse_week

    week = None
    tz = local_zone()
    if args.week is not None:
        try:
            week = check_reviewable(parse_week(args.week), system_clock(), tz)
        except InputError as exc:
            raise UsageError(f"--week: {exc}") from None
    # The screen needs a terminal at both ends (keys in, screen out); else text.
    fmt = args.format or (None if sys.stdout.isatty() and sys.stdin.isatty() else "text")
    if fmt is not None:
        review = read_quickly(args, week, tz)
        if review is not None:
            print(render(review, fmt), end="")
            return 0
    services = open_services(args, reading=True)
    try:
        week = week or services.reviews.default_week(tz)
        if fmt is None:
            from startnow.app import StartnowApp

            app = StartnowApp(services, review_week=week)
            app.run()
            return app.return_code or 0
        review = services.reviews.week(week, tz)
    finally:
        services.close()
    print(render(review, fmt), end="")
    return 0


def read_quickly(args: argparse.Namespace, week: IsoWeek | None, tz: tzinfo) -> Review | None:
    """The printed review over the store's fast reads (no ORM), when the store
    exists at the current schema; None sends the caller the full way."""
    from startnow.commands.common import db_path, require_store
    from startnow.services.review import printed_review

    path, is_default = db_path(args)
    require_store(path, is_default)
    return printed_review(path, week, tz)


def render(review: Review, fmt: str) -> str:
    from startnow.formats import review_format

    if fmt == "json":
        import json

        return json.dumps(review_format.review_json(review), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return review_format.review_markdown(review)
    return review_format.review_text(review)
