"""aitrainer: practice the qualification screenings given to AI evaluators."""

__version__ = "0.1.0"
