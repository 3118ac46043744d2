"""From news to facts: candidate lifecycle events extracted from article text, offline."""
