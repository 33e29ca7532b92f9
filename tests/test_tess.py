"""Where the engine finds its models: asked of the tesseract library in process, never of a
command started for it, with the configured folder first and the usual places after."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.stages import tess


def _uncached(lang: str, configured: str | None = None) -> str:
    return tess.tessdata.__wrapped__(lang, configured)  # type: ignore[attr-defined]


def test_models_are_found_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_command(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a command was started: {args}")

    monkeypatch.setattr(subprocess, "run", no_command)
    monkeypatch.setattr(subprocess, "Popen", no_command)
    folder = Path(_uncached("chi_sim"))
    assert (folder / "chi_sim.traineddata").is_file()
    assert folder == Path(tess._import().get_languages()[0])


def test_the_library_folder_agrees_with_the_command() -> None:
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                            check=True).stdout.split("\n", 1)[0]
    assert Path(tess._library_dir() or "") == Path(listed.split('"')[1])


def test_a_library_folder_without_the_models_falls_back(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setattr(tess, "_library_dir", lambda: str(tmp_path))
    assert Path(_uncached("chi_sim")) in {Path(d) for d in tess.TESSDATA_DIRS}


@pytest.mark.parametrize("lang", ["chi_sim+xyz", "xyz"])
def test_a_language_without_models_is_E202(lang: str) -> None:
    with pytest.raises(PipelineError) as caught:
        _uncached(lang)
    assert caught.value.code == "E202"


def test_a_configured_folder_is_the_only_place_looked(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as caught:
        _uncached("chi_sim", str(tmp_path))
    assert caught.value.code == "E202" and str(tmp_path) in str(caught.value)
