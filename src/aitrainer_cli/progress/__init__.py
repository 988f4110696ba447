"""Progress: the SQLite store of attempts and answers (``store``), its schema (``migrations``)
and file handling (``db``, ``files``); statistics (``stats``), spaced review (``review``), past
attempts re-graded (``history``) and exports (``export``). Core layer: returns values, never
prints."""
