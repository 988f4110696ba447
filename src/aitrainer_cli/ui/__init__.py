"""Everything that touches the terminal: rendering, prompts, countdowns."""
