"""Layer 6: the command line. Each command is a thin wrapper over one public function."""

from __future__ import annotations

from .main import build_parser, main

__all__ = ["build_parser", "main"]
