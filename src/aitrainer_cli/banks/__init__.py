"""Question banks: the v1 file format, its loader and validation, schema export, discovery."""
