"""`python -m bench`: names checked before anything runs, options given to the one named benchmark."""

from __future__ import annotations

import types
from typing import Any

import pytest

import bench.__main__ as dispatcher


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every benchmark replaced by a stand-in that records its call: one that takes options
    (``scans_real``) and one that takes none (``compare``)."""
    calls: list[tuple[str, Any]] = []

    def with_options(argv: list[str] | None = None) -> None:
        calls.append(("scans_real", argv))

    def without_options() -> None:
        calls.append(("compare", None))

    fakes = {"scans_real": types.SimpleNamespace(main=with_options),
             "compare": types.SimpleNamespace(main=without_options)}
    monkeypatch.setattr(dispatcher, "_load", fakes.__getitem__)
    return calls


def test_options_go_to_the_named_benchmark(ran: list[tuple[str, Any]]) -> None:
    assert dispatcher.main(["scans_real", "--sets", "kai-q50,gbsn-q55"]) == 0
    assert ran == [("scans_real", ["--sets", "kai-q50,gbsn-q55"])]


def test_names_without_options_run_in_order(ran: list[tuple[str, Any]]) -> None:
    assert dispatcher.main(["compare", "scans_real"]) == 0
    assert ran == [("compare", None), ("scans_real", None)]


@pytest.mark.parametrize("argv, said", [
    (["scans_real", "nosuch"], "no benchmark nosuch"),
    (["../x"], "no benchmark ../x"),
    (["__main__"], "no benchmark __main__"),
    (["compare", "scans_real", "--sets", "x"], "options go to one named benchmark"),
    (["--sets", "x"], "options go to one named benchmark"),
    (["compare", "--fast"], "compare takes no options"),
])
def test_a_usage_error_runs_nothing(argv: list[str], said: str, ran: list[tuple[str, Any]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert dispatcher.main(argv) == 2
    assert ran == []
    assert said in capsys.readouterr().err


def test_every_default_benchmark_is_known() -> None:
    assert all(dispatcher._known(name) for name in dispatcher.BENCHES)
