"""Progress: the SQLite store of attempts and answers (``store``), its schema (``migrations``)
and file handling (``db``). Core layer: returns values, never prints."""
