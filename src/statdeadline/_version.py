"""The library version, read from the installed package metadata (pyproject.toml).

It is read on first use of ``__version__``, not when the package is imported:
:mod:`importlib.metadata` costs about 40 ms to import, a third of the package's cold start.
Read it as an attribute (``from statdeadline import _version; _version.__version__``, or
``statdeadline.__version__``); ``from ._version import __version__`` at the top of a module
reads it when that module is imported.
"""

from __future__ import annotations

import functools

__all__ = ["__version__"]  # noqa: F822  # provided by the module __getattr__ below


@functools.cache
def _read() -> str:
    """The installed distribution's version, read once."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("statdeadline")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree not installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _read()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
