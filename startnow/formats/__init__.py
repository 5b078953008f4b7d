"""File formats: what goes in and out of startnow as bytes (imports, CSV, the review's
JSON, text and Markdown, the calendar). Pure like the domain, whose rules they
serialise; kept apart so the domain holds only the rules."""
