"""policy-pipeline: Chinese policy notices in, structured and comparable data out.

Public API: ``run_notice``, ``run_corpus``, ``Notice``, ``Config``, ``load_config``, ``to_spacy``. Imports are
lazy so that ``policy-pipeline --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Config", "Notice", "RunReport", "load_config", "run_corpus", "run_notice", "to_spacy"]

if TYPE_CHECKING:
    from .api import RunReport, run_corpus, run_notice
    from .config import Config, load_config
    from .export.spacy_doc import to_spacy
    from .model import Notice


def __getattr__(name: str) -> Any:
    if name in {"run_notice", "run_corpus", "RunReport"}:
        from . import api

        return getattr(api, name)
    if name in {"Config", "load_config"}:
        from . import config

        return getattr(config, name)
    if name == "to_spacy":
        from .export.spacy_doc import to_spacy

        return to_spacy
    if name == "Notice":
        from .model import Notice

        return Notice
    raise AttributeError(name)
