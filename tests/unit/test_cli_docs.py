"""docs/cli.md is generated from the argparse help, and every command's help is complete.

If test_docs_cli_md_is_generated fails after a change to the CLI, regenerate the page:
``python -m statdeadline --markdown > docs/cli.md``.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline.cli.main import _parsers, build_parser, cli_reference_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
PARSERS = list(_parsers(build_parser()))


def test_docs_cli_md_is_generated() -> None:
    """docs/cli.md is exactly what the generator writes, so it cannot drift from --help."""
    assert DOCS.read_text("utf-8") == cli_reference_markdown()


def test_markdown_option(capsys: pytest.CaptureFixture[str]) -> None:
    """The hidden --markdown option prints the page and is not listed in --help."""
    assert run(["--markdown"], capsys) == (0, cli_reference_markdown(), "")
    assert "--markdown" not in build_parser().format_help()


def test_help_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The help wraps at a fixed width, whatever COLUMNS says."""
    monkeypatch.setenv("COLUMNS", "40")
    narrow = cli_reference_markdown()
    monkeypatch.setenv("COLUMNS", "200")
    assert cli_reference_markdown() == narrow


def test_every_command_is_documented() -> None:
    """The page has a section for each command: due, case, cases, rules (list, show, validate,
    diagram), calendar (add, between, holidays), audit, serve, token (create, list, revoke) and recompute."""
    assert [p.prog for p in PARSERS] == [
        "statdeadline",
        "statdeadline due",
        "statdeadline case",
        "statdeadline cases",
        "statdeadline rules",
        "statdeadline rules list",
        "statdeadline rules show",
        "statdeadline rules validate",
        "statdeadline rules diagram",
        "statdeadline calendar",
        "statdeadline calendar add",
        "statdeadline calendar between",
        "statdeadline calendar holidays",
        "statdeadline audit",
        "statdeadline serve",
        "statdeadline token",
        "statdeadline token create",
        "statdeadline token list",
        "statdeadline token revoke",
        "statdeadline recompute",
    ]


@pytest.mark.parametrize("parser", PARSERS, ids=[p.prog for p in PARSERS])
def test_help_has_a_description_and_an_example(
    parser: argparse.ArgumentParser, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command's --help: a description, and an example in the epilog; each
    subcommand also has a one-line summary in its parent's list."""
    argv = parser.prog.split()[1:]
    status, out, err = run([*argv, "--help"], capsys)
    assert (status, err) == (0, "")
    assert parser.description and parser.description.split()[0] in out
    assert parser.epilog and (
        "\nexample: statdeadline" in out or "\nexamples:\n  statdeadline" in out
    )


def examples() -> list[tuple[str, str]]:
    found = []
    for parser in PARSERS:
        lines = (parser.epilog or "").splitlines()
        for line in lines:
            text = line.strip().removeprefix("example: ")
            if text.startswith("statdeadline "):
                found.append((parser.prog, text))
    return found


@pytest.mark.parametrize(("prog", "example"), examples())
def test_examples_parse(prog: str, example: str) -> None:
    """Every example in the help is a command line the parser accepts (output
    redirections dropped) and runs the command it documents."""
    words = shlex.split(example.split(" > ")[0])
    args = build_parser().parse_args(words[1:])
    assert callable(args.func)
    assert " ".join(words).startswith(prog)
