"""Garbled-text repair: rules that propose edits, and the bookkeeping that logs every edit.

``edits`` applies edits and maps spans back to the raw text; ``lexicon`` scores text; the rule
modules (``layout``, ``junk``, ``punctuation``, ``confusion``, ``unreadable``) each propose edits;
``pipeline.stages.repair`` runs them in passes.
"""
