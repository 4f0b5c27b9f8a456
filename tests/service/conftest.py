"""Fixtures of the service tests: a real server per test module and backend (SQLite
always; PostgreSQL when ``STATDEADLINE_TEST_POSTGRES`` names one, else skipped saying
why)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.service.server import NO_POSTGRES, POSTGRES, Server, running


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A started ``statdeadline serve`` over a database of its own."""
    if request.param == "postgresql" and not POSTGRES:
        pytest.skip(NO_POSTGRES)
    folder = tmp_path_factory.mktemp(f"service-{request.param}")
    with running(request.param, folder, "--max-body", "65536") as srv:
        yield srv
