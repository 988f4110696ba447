"""Progress: the SQLite store of attempts and answers (``store``, its values in ``records``), its
schema (``migrations``) and file handling (``db``, ``files``, the write-ahead log beside the file
in ``wal``); every row read back is decoded and checked in ``rows``; graded answers read back
(``graded_answers``), statistics (``stats``), spaced review: the FSRS cards (``fsrs_cards``) and
the questions due (``review``); what to drill next (``drills``), past attempts re-graded
(``history``) and exports (``export``). Core layer: returns values, never prints."""
