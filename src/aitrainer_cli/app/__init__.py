"""Use cases: take, resume and finish an attempt, spaced review, the home menu.

Each is handed an ``Environment`` built once at the entry point; it loads the banks once, owns the
progress store, and leaves asking and rendering to ``ui``.
"""
