"""Layer 6, beside the command line: the deadline service, an HTTP/JSON API over the
library for case systems not written in Python (``statdeadline serve``; docs/service.md).

``store`` keeps cases in SQLite or PostgreSQL, ``tokens`` the API tokens, ``cases`` what
each endpoint does with them and the library, ``workqueue`` the queue across cases,
``schemas`` the JSON Schemas and the OpenAPI document, ``app`` the HTTP layer (Starlette,
from the ``service`` extra; nothing else here imports it). Importing this package imports
none of them.
"""
