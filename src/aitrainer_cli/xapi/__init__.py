"""xAPI 1.0.3 statements of attempts (core: pure values, no I/O), for a learning record store."""
