"""Start the real Ralph LRS (its ASGI app, ``ralph.api:app``) for the tests, on 127.0.0.1.

``ralph runserver`` always runs uvicorn's auto-reloader (watching the working directory, binding
``0.0.0.0`` unless told), and Ralph 5.1's file-system LRS backend writes each POST with the
``index`` operation, which refuses to touch its one statements file once it exists: every POST
after the first fails with 500. This launcher runs the same app and backend with the one change
that makes the backend usable as an LRS: writes append to the file (``append``). Configuration
comes from the ``RALPH_*`` environment variables, as for ``ralph runserver -b fs``.

Usage: python ralph_server.py PORT
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run Ralph on 127.0.0.1:PORT until stopped."""
    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")


if __name__ == "__main__":
    main()
