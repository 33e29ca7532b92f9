"""The comparison matrix: golden cells on the corpus, absence rows, pivots, the compare command.

``tests/golden/matrix_cells.csv`` holds, for every (theme, notice), the task ids of the cell
(empty = the notice is silent). Regenerate it with ``UPDATE_GOLDEN=1 pytest tests/test_matrix.py``
and read the diff before committing it.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.compare import compare, load_notices
from pipeline.compare.matrix import COLUMNS, format_target, format_window, task_key

from .conftest import ROOT

GOLDEN = Path(__file__).parent / "golden" / "matrix_cells.csv"


@pytest.fixture(scope="module")
def notices(corpus_out: Path) -> list[dict[str, Any]]:
    return load_notices(corpus_out / "notices")


@pytest.fixture(scope="module")
def matrix(notices: list[dict[str, Any]]) -> Any:
    return compare(notices)


def _cells(long: pd.DataFrame) -> list[dict[str, str]]:
    cells = (long.groupby(["theme", "region", "notice_id"], sort=False)["task_id"]
             .agg(lambda ids: " ".join(i for i in ids if i)).reset_index())
    return cells.to_dict("records")  # type: ignore[no-any-return]


def test_golden_cells(matrix: Any) -> None:
    cells = _cells(matrix.long)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, ["theme", "region", "notice_id", "task_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(cells)
        GOLDEN.write_text(buf.getvalue(), encoding="utf-8")
    with GOLDEN.open(encoding="utf-8") as fh:
        golden = [dict(row) for row in csv.DictReader(fh)]
    assert cells == golden


def _year(notice: dict[str, Any]) -> str | None:
    found = re.search(r"〔(\d{4})〕", notice["doc"].get("doc_number") or "")
    return found.group(1) if found else None


def test_fire_safety_and_facility_upgrade_in_every_2020_notice(notices: list[dict[str, Any]],
                                                                matrix: Any) -> None:
    plans = [n for n in notices if _year(n) == "2020"
             and n["doc"]["doc_type"] in ("notice", "implementation_plan")]
    assert len(plans) == 4
    for notice in plans:
        column = (matrix.notices.set_index("notice_id").loc[notice["id"], "region"], notice["id"])
        for theme in ("fire_safety", "facility_upgrade"):
            assert matrix.presence.loc[theme, column] >= 1, (theme, notice["id"])


def test_every_row_links_to_a_task_of_that_theme(notices: list[dict[str, Any]], matrix: Any) -> None:
    by_id = {n["id"]: {t["id"]: t for t in n["tasks"]} for n in notices}
    for row in matrix.long.to_dict("records"):
        if row["task_id"]:
            task = by_id[row["notice_id"]][row["task_id"]]
            assert row["theme"] in task["themes"]
            assert row["heading"] == task["heading"]
            dates = sorted(d["date"] for d in task["deadlines"])
            assert row["earliest_deadline"] == (dates[0] if dates else "")
        else:
            tasks = by_id[row["notice_id"]].values()
            assert all(row["theme"] not in t["themes"] for t in tasks)


def test_one_absence_row_per_silent_theme(matrix: Any) -> None:
    long = matrix.long
    pairs = long.groupby(["theme", "notice_id"])["task_id"].agg(list)
    assert len(pairs) == len(matrix.themes) * len(matrix.notices)
    for ids in pairs:
        assert ids == [""] or "" not in ids


def test_columns_regions_and_labels(matrix: Any) -> None:
    assert list(matrix.long.columns[:len(COLUMNS)]) == COLUMNS
    regions = dict(zip(matrix.notices["notice_id"], matrix.notices["region"], strict=True))
    assert regions["zhenjiang-2020-notice"] == "镇江市"
    assert regions["jilin-2020-plan"] == regions["jilin-2019-proposal-reply"] == "吉林省"
    assert set(matrix.long["theme_label"]) >= {"消防安全", "特困供养设施改造提升"}
    header = matrix.to_csv().splitlines()[0].split(",")
    assert header[:len(COLUMNS)] == COLUMNS


def test_pivots_agree_with_the_long_table(matrix: Any) -> None:
    presence = matrix.presence
    assert list(presence.index) == list(matrix.themes["id"])
    assert presence.shape == (len(matrix.themes), len(matrix.notices))
    counts = matrix.long[matrix.long["task_id"] != ""].groupby(["theme", "notice_id"]).size()
    for (theme, notice_id), n in counts.items():
        region = matrix.notices.set_index("notice_id").loc[notice_id, "region"]
        assert presence.loc[theme, (region, notice_id)] == n
        assert len(matrix.tasks.loc[theme, (region, notice_id)].split("; ")) == n
    assert int(presence.values.sum()) == int(counts.sum())
    jilin = ("吉林省", "jilin-2020-plan")
    assert matrix.windows.loc["epidemic_control", jilin] == "3.1: 2020-01–（疫情结束）"
    # the fire-safety task's campaign month (2020年6月1日至30日) is a period inside its window,
    # not a deadline; the facility upgrade's 6月底前 is one
    assert matrix.windows.loc["fire_safety", jilin] == "3.2: 2020-05–2020-12"
    assert matrix.deadlines.loc["fire_safety", jilin] == ""
    assert matrix.deadlines.loc["facility_upgrade", jilin] == "2020-06-30"
    assert "消防救援" in matrix.departments.loc["fire_safety", jilin]


def test_safety_standard_targets(matrix: Any) -> None:
    tv = matrix.target_values
    found = tv[(tv["theme"] == "safety_standard") & (tv["unit"] == "%")]
    assert dict(zip(found["region"], found["value"], strict=True)) == {"吉林省": 60, "山东省": 70,
                                                                       "镇江市": 80}
    assert "≥60%" in matrix.targets.loc["safety_standard", ("吉林省", "jilin-2020-plan")]


def test_output_is_deterministic_and_order_free(notices: list[dict[str, Any]], matrix: Any) -> None:
    again = compare(list(reversed(copy.deepcopy(notices))))
    assert again.to_csv() == matrix.to_csv()


def test_csv_in_pieces_is_the_csv_in_one(notices: list[dict[str, Any]], matrix: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # matrix.csv is written a part of the long table at a time (the header once, then rows),
    # whatever a part's size; a formula-like cell is made inert in every piece. Parts read back
    # are the whole table's slices: the same values, dtypes and row numbers
    import pipeline.compare.spill as long_rows

    whole = matrix.to_csv()
    n = len(matrix.long)
    assert n > 7
    for size in (1, 7, n - 1, n, n + 1):
        monkeypatch.setattr(long_rows, "PART_ROWS", size)
        m = compare(notices)
        parts = list(m.long_parts())
        assert len(parts) == -(-n // size) and "long" not in m.__dict__  # not made whole
        assert "".join(m.csv_parts()) == whole
        pd.testing.assert_frame_equal(pd.concat(parts), matrix.long)
        present = pd.concat(list(m.long_parts(present=True)))
        pd.testing.assert_frame_equal(present, matrix.long[matrix.long["task_id"] != ""])
    assert whole.count("theme,theme_label,region") == 1


def test_failed_notices_are_left_out(notices: list[dict[str, Any]]) -> None:
    broken = copy.deepcopy(notices[0])
    broken.update(id="broken", status="failure")
    assert "broken" not in set(compare([*notices, broken]).long["notice_id"])


def test_empty_input_gives_empty_views() -> None:
    m = compare([])
    assert m.long.empty and list(m.long.columns[:len(COLUMNS)]) == COLUMNS
    assert m.presence.empty
    assert m.to_csv().startswith("theme,theme_label,region")


@pytest.mark.parametrize(("target", "text"), [
    ({"value": 60, "unit": "%", "comparator": ">=", "metric": "养老机构达标"}, "≥60% 养老机构达标"),
    ({"value": 11000, "unit": "张", "comparator": "==", "metric": None}, "11000张"),
    ({"value": 0.5, "unit": "%", "comparator": "<="}, "≤0.5%"),
])
def test_format_target(target: dict[str, Any], text: str) -> None:
    assert format_target(target) == text


@pytest.mark.parametrize(("row", "text"), [
    ({"time_start": "2020-04", "time_end": "2020-12", "open_ended": False}, "2020-04–2020-12"),
    ({"time_start": "2020-01", "time_end": "", "open_ended": True, "end_condition": "疫情结束"},
     "2020-01–（疫情结束）"),
    ({"time_start": "", "time_end": "", "open_ended": None}, ""),
    ({"time_start": "", "time_end": "2020-09", "open_ended": pd.NA}, "–2020-09"),
])
def test_format_window(row: dict[str, Any], text: str) -> None:
    assert format_window(row) == text


def test_task_key_is_natural() -> None:
    assert sorted(["2.10", "2.9", "2.1", "10.1"], key=task_key) == ["2.1", "2.9", "2.10", "10.1"]
    # a part where the numbering started again (A1.…) follows the body, in the same notice
    assert sorted(["A1.2.1", "A1.1.1", "3.1", ""], key=task_key) == ["", "3.1", "A1.1.1", "A1.2.1"]


def test_run_writes_the_matrix_outputs(corpus_out: Path, matrix: Any) -> None:
    for name in ("matrix.csv", "matrix.xlsx", "report.html"):
        assert (corpus_out / name).stat().st_size > 0
    assert (corpus_out / "matrix.csv").read_text(encoding="utf-8") == matrix.to_csv()
    run = json.loads((corpus_out / "run.json").read_text(encoding="utf-8"))
    assert run["errors"] == []


@pytest.mark.parametrize("child", ["writes", "fails", "hangs", "hangs mid-file", "no sheet",
                                   "sheet hangs", "exits"])
def test_the_report_is_written_here_when_its_writer_fails_or_hangs(
        matrix: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str) -> None:
    """The same three files as writing them all in this process, whatever the writer did (made
    the long sheet or not, then wrote its two files or not, or ended before its work came), and
    nothing of the writer's left behind."""
    import functools
    import os
    import time

    import pipeline.export.matrix_files as mf
    import pipeline.export.writer as w
    import pipeline.export.xlsx as xl
    from pipeline.export.writer import Writer

    from .writer_faults import serve_with

    serial = tmp_path / "serial"
    mf.write_matrix(matrix, serial, parallel=False)
    me = os.getpid()
    table = xl._table_sheet
    made_here: list[str] = []

    def tables(name: str, frame: Any) -> Any:
        if os.getpid() == me:
            made_here.append(name)
        return table(name, frame)

    monkeypatch.setattr(xl, "_table_sheet", tables)
    monkeypatch.setattr(mf, "CHILD_GRACE", 1.0)
    monkeypatch.setattr(w, "forkable", lambda: False)  # no other writer forked in its place
    writer = Writer.start(functools.partial(serve_with, child))
    assert writer is not None
    assert writer.ready(60) == (child != "exits")  # a small matrix goes to a ready writer only
    out = tmp_path / "parallel"
    begun = time.monotonic()
    mf.write_matrix(matrix, out, writer=writer)
    assert not writer.process.is_alive()
    assert writer.given == (child != "exits")
    # the long sheet is the writer's unless it failed to make it (or never had the work)
    assert ("long" in made_here) == (child in ("no sheet", "sheet hangs", "exits"))
    assert time.monotonic() - begun < 120
    for name in ("matrix.csv", "report.html", "matrix.xlsx"):
        assert (out / name).read_bytes() == (serial / name).read_bytes(), name
    assert not list(out.glob(".*.tmp"))
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in serial.iterdir())


def test_a_process_with_other_threads_writes_in_parallel_too(matrix: Any, tmp_path: Path) -> None:
    # the writer is spawned, not forked: a lock another thread holds cannot be inherited, so a
    # notebook's or a server's process (other threads running) has its report written alongside
    import threading

    import pipeline.export.matrix_files as mf
    from pipeline.export.writer import Writer

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        writer = Writer.start()
        assert writer is not None and writer.ready(60)
        mf.write_matrix(matrix, tmp_path / "threaded", writer=writer)
        assert writer.given and writer.process.exitcode == 0
    finally:
        release.set()
        other.join()
    mf.write_matrix(matrix, tmp_path / "serial", parallel=False)
    for name in ("matrix.csv", "report.html", "matrix.xlsx"):
        assert (tmp_path / "threaded" / name).read_bytes() == \
            (tmp_path / "serial" / name).read_bytes(), name


CLI = [sys.executable, "-m", "pipeline", "compare"]


def test_compare_command(corpus_out: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in (corpus_out / "notices").glob("*.json"))
    result = subprocess.run([*CLI, *files, "--out", str(tmp_path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "5 notices" in result.stderr
    assert (tmp_path / "matrix.csv").read_text(encoding="utf-8") == \
        (corpus_out / "matrix.csv").read_text(encoding="utf-8")
    assert (tmp_path / "report.html").is_file() and (tmp_path / "matrix.xlsx").is_file()


def test_compare_command_retags_and_reports_failures(corpus_out: Path, tmp_path: Path) -> None:
    notices = load_notices(corpus_out / "notices")
    for n in notices:
        for t in n["tasks"]:
            t["themes"] = []
    notices[0]["status"] = "failure"
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notices), encoding="utf-8")
    result = subprocess.run([*CLI, str(jsonl), "--out", str(tmp_path / "o"), "--retag"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1, result.stderr
    assert notices[0]["id"] in result.stderr
    long = pd.read_csv(tmp_path / "o" / "matrix.csv", dtype=str, keep_default_na=False)
    assert "fire_safety" in set(long["theme"])  # retagged with the packaged taxonomy
    assert notices[0]["id"] not in set(long["notice_id"])


def test_compare_command_without_notices_is_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([*CLI, str(tmp_path), "--out", str(tmp_path / "o")],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 2
    assert "no notice JSON" in result.stderr


def test_region_falls_back_to_manifest_hints_then_unknown() -> None:
    from pipeline.compare.matrix import region_of

    assert region_of({"doc": {"region": {"province": "江苏省", "city": "镇江市"}}})[0] == "镇江市"
    assert region_of({"doc": {"region": {}}, "source": {"province": "吉林省"}})[0] == "吉林省"
    assert region_of({"doc": {}})[0] == "未知地区"


def test_a_failing_matrix_export_is_recorded_not_raised(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.export.matrix_files
    from pipeline.api import run_corpus
    from pipeline.config import load_config

    from .conftest import CORPORA

    def broken(*_: Any, **__: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pipeline.export.matrix_files, "write_matrix", broken)
    report = run_corpus([CORPORA / "shandong-2020-notice.txt"],
                        load_config(None, {"run": {"executor": "serial"}}), tmp_path)
    assert report.counts["success"] == 1
    assert [e["code"] for e in report.errors] == ["E602"]
    assert not report.ok
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert run["errors"][0]["message"] == "disk full"


def test_department_roles_count_each_task_once(matrix: Any, notices: list[dict[str, Any]]) -> None:
    roles = matrix.department_roles
    shandong = roles[roles["notice_id"] == "shandong-2020-notice"].set_index("kind")
    # shandong-2020 labels every task （责任部门：…）: its bodies are responsible, never unlabelled
    assert shandong.loc["民政", "responsible"] >= 1 and shandong["unlabelled"].sum() == 0
    tasks = {n["id"]: n["tasks"] for n in notices}
    for row in roles.to_dict("records"):
        named = sum(1 for t in tasks[row["notice_id"]] for d in t["departments"] if d["kind"] == row["kind"])
        assert row["tasks"] == named == row["lead"] + row["support"] + row["responsible"] + row["unlabelled"]
    view = matrix.department_view
    assert view.index[0] == "民政"
    assert view.loc["民政", ("山东省", "shandong-2020-notice")].startswith("负责")


def test_timeline_holds_every_deadline_by_date(matrix: Any, notices: list[dict[str, Any]]) -> None:
    timeline = matrix.timeline
    expected = sum(len(t["deadlines"]) for n in notices for t in n["tasks"]) + sum(
        len(n["doc_deadlines"]) for n in notices)
    assert len(timeline) == expected
    assert list(timeline["date"]) == sorted(timeline["date"])
    assert timeline["phrase"].str.len().min() > 0


@pytest.mark.parametrize("grouping", ["auto", "measures", "taxonomy"])
def test_a_run_keeps_of_each_notice_what_gives_the_same_matrix(
        notices: list[dict[str, Any]], grouping: str) -> None:
    # a run keeps only record(notice) of each notice until its comparison: every table of the
    # matrix is the same from those as from the whole notices
    from pipeline.compare import record

    whole, kept = compare(notices, grouping=grouping), compare([record(n) for n in notices],
                                                              grouping=grouping)
    for name in ("long", "target_values", "notices", "themes", "department_roles", "timeline",
                 "department_view", *kept.views()):
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(whole, name))
    assert kept.task_texts == whole.task_texts
    kept_json = json.dumps([record(n) for n in notices])
    for unread in ('"heading_span":', '"phrase_span":', '"parents":', '"issuers":'):
        assert unread not in kept_json  # what no table reads


@pytest.mark.parametrize(("value", "shape", "kept"), [
    ({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": True}}, {"b": {"c": 2}}),
    ({"a": [{"x": 1, "span": [0, 2]}, {"x": 2}]}, {"a": [{"x": True}]}, {"a": [{"x": 1}, {"x": 2}]}),
    ({"a": None, "b": "text"}, {"a": {"x": True}, "b": [{"x": True}]}, {"a": None, "b": "text"}),
    ({"tasks": []}, {"tasks": [{"id": True}], "id": True}, {"tasks": []}),
])
def test_record_projection(value: dict[str, Any], shape: dict[str, Any], kept: dict[str, Any]) -> None:
    from pipeline.compare.records import _project

    assert _project(value, shape) == kept


def test_packed_records_are_read_afresh_and_give_the_same_matrix(notices: list[dict[str, Any]]) -> None:
    # a run hands the comparison its records packed: each iteration unpacks them anew, so the
    # comparison can read the batch twice without holding it as objects, and changes to what one
    # iteration gave do not reach the next
    from pipeline.compare.records import Packed, pack, record, unpack

    records = [record(n) for n in notices]
    assert all(unpack(pack(r)) == r for r in records)
    packed = Packed(pack(r) for r in records)
    first = list(packed)
    first[0]["tasks"].clear()
    assert list(packed) == records and len(packed) == len(records)
    before = copy.deepcopy(records)
    for grouping in ("auto", "measures"):
        kept, whole = compare(packed, grouping=grouping), compare(records, grouping=grouping)
        for name in ("long", "target_values", "notices", "themes", "department_roles", "timeline",
                     *kept.views()):
            pd.testing.assert_frame_equal(getattr(kept, name), getattr(whole, name))
        assert kept.task_texts == whole.task_texts
    assert records == before  # the notices given are never changed
    packed.clear()
    assert len(packed) == 0 and compare(packed).long.empty


def test_notices_naming_no_department_still_get_every_file(notices: list[dict[str, Any]],
                                                          tmp_path: Path) -> None:
    # the roles sheet has no row then (found when two notices without departments made the
    # workbook fail); the other sheets are as they are
    from openpyxl import load_workbook

    from pipeline.export.matrix_files import write_matrix

    bare = copy.deepcopy(notices)
    for notice in bare:
        for task in notice["tasks"]:
            task["departments"] = []
    m = compare(bare)
    assert m.department_view.shape[0] == 0
    write_matrix(m, tmp_path, parallel=False)
    book = load_workbook(tmp_path / "matrix.xlsx")
    assert book["roles"].max_row == 2 and book["presence"].max_row == len(m.presence) + 2
    assert (tmp_path / "report.html").is_file() and (tmp_path / "matrix.csv").is_file()


def test_a_workbook_that_fails_leaves_nothing_being_written(matrix: Any, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # the writer is waited for before the error goes up: the run that records it never
    # has a file still being written under --out (before, the child went on after it returned)
    import pipeline.export.matrix_files as mf
    from pipeline.export.writer import Writer

    def broken(*_: Any) -> None:
        raise ValueError("the workbook failed")

    serial = tmp_path / "serial"
    mf.write_matrix(matrix, serial, parallel=False)
    monkeypatch.setattr(mf, "write_workbook", broken)
    out = tmp_path / "out"
    writer = Writer.start()
    assert writer is not None and writer.ready(60)
    with pytest.raises(ValueError):
        mf.write_matrix(matrix, out, writer=writer)
    assert writer.given and not writer.process.is_alive()
    assert not list(out.glob(".*.tmp"))
    for name in ("matrix.csv", "report.html"):
        assert (out / name).read_bytes() == (serial / name).read_bytes(), name


def test_a_view_made_for_one_use_is_not_kept(notices: list[dict[str, Any]]) -> None:
    # the workbook makes each pivot for its sheet and lets it go (Matrix.view); one made already
    # (a notebook's, the report's) is the one given
    from pipeline.compare import VIEWS

    fresh, cached = compare(notices), compare(notices)
    for name in VIEWS:
        made = fresh.view(name)
        assert name not in fresh.__dict__
        pd.testing.assert_frame_equal(made, getattr(cached, name))
        assert cached.view(name) is getattr(cached, name)


def test_the_report_is_written_a_row_at_a_time_and_keeps_no_pivot(
        notices: list[dict[str, Any]]) -> None:
    # a wide batch's heatmap, roles and timeline are yielded row by row (no part holds a whole
    # table), and the report's pivots are made for it and let go: the page is the same
    from pipeline.export.html import report_parts

    fresh, cached = compare(notices), compare(notices)
    cached.views()
    parts = list(report_parts(fresh))
    assert "".join(parts) == "".join(report_parts(cached))
    assert "presence" not in fresh.__dict__ and "tasks" not in fresh.__dict__
    rows = sum(len(fresh.themes) + len(frame) for frame in (fresh.timeline,))
    assert len(parts) > rows  # every heatmap and timeline row its own part
    heatmap = next(k for k, part in enumerate(parts) if '<table id="presence">' in part)
    body = next(k for k in range(heatmap, len(parts)) if parts[k].endswith("<tbody>"))
    assert parts[body + 1].startswith("<tr data-theme=")


def test_wide_rows_of_the_report_are_written_a_block_of_cells_at_a_time(
        notices: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    # a heatmap row and its header rows, a theme section's header and field rows and the roles
    # table's header and rows are yielded a block of ``CELL_BLOCK`` notices at a time: a block of
    # one notice gives the same page, in more parts, none of which holds two notices' cells of a
    # row
    from pipeline.export import html

    m = compare(notices)
    whole = list(html.report_parts(m))
    monkeypatch.setattr(html, "CELL_BLOCK", 1)
    blocked = list(html.report_parts(m))
    assert "".join(blocked) == "".join(whole) and len(blocked) > len(whole)
    cells = [part for part in blocked if part.startswith(('<td class="cell', "<td data-region"))]
    assert cells and all(part.count("<td ") == 1 for part in cells)
    heads = [part for part in blocked if part.startswith(("<th data-region", "<th colspan"))]
    assert heads and all(part.count("<th ") == 1 for part in heads)
    roles = whole[next(k for k, part in enumerate(whole) if 'id="roles"' in part):]
    assert any(part.startswith("<td data-region") for part in roles)  # the roles' cells, apart


@pytest.mark.parametrize("chars", [1, 200])
def test_a_theme_sections_cells_are_written_once_they_hold_spool_chars(
        notices: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        chars: int) -> None:
    # a section's cells are written to its spool when they hold SPOOL_CHARS characters, however
    # few notices that is: the same page, and no more than one notice's cells past the bound held
    from pipeline.export import html

    m = compare(notices)
    whole = "".join(html.report_parts(m, scratch=tmp_path))
    held: list[int] = []
    flush = html._Spool._flush

    def counted(self: Any) -> None:
        held.append(sum(len(c) for stream in self._open for c in stream))
        flush(self)

    monkeypatch.setattr(html, "SPOOL_CHARS", chars)
    monkeypatch.setattr(html._Spool, "_flush", counted)
    assert "".join(html.report_parts(m, scratch=tmp_path)) == whole
    widest = max(held)
    assert held and widest > 0
    one = max(sum(len(c) for c in cells) for cells in _section_cells(m))
    assert widest < chars + one


def test_a_spool_counts_its_characters_again_after_each_write(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # the bound is on the cells not yet written: after a write the count starts again, so ten
    # cells of 35 characters under a bound of 100 are four blocks (3 + 3 + 3 + 1), not a write
    # per cell once the first bound is passed
    from pipeline.export import html

    monkeypatch.setattr(html, "SPOOL_CHARS", 100)
    spool = html._Spool(tmp_path, 1)
    cells = [f"<td>{k:02d}{'x' * 24}</td>" for k in range(10)]
    assert {len(c) for c in cells} == {35}
    for cell in cells:
        spool.add([cell])
    blocks = list(spool.read(0))
    assert [len(b) // 35 for b in blocks] == [3, 3, 3, 1]
    assert "".join(blocks) == "".join(cells)


def _section_cells(m: Any) -> Iterator[list[str]]:
    """Every notice's cells of each theme section (the spool's ``add``), as the report makes them."""
    from pipeline.export import html

    added: list[list[str]] = []

    class Recording(html._Spool):
        def add(self, cells: Any) -> None:
            cells = list(cells)
            added.append(cells)
            super().add(cells)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html, "_Spool", Recording)
        list(html._theme_sections(m))
    return iter(added)


def test_a_presence_cell_outside_the_notices_is_an_error(notices: list[dict[str, Any]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # the presence table places each cell by its column as it comes: a cell past the last
    # notice is refused, not dropped
    from pipeline.compare import Matrix
    from pipeline.export import html

    m = compare(notices)
    stream = Matrix.pivots_stream

    def past_the_end(self: Any, names: Any, rows: Any = None) -> Any:
        for theme, cells in stream(self, names, rows):
            yield theme, iter([*cells, (len(self.notice_rows), [1, "x"])])

    monkeypatch.setattr(Matrix, "pivots_stream", past_the_end)
    with pytest.raises(ValueError, match="presence cell at column"):
        list(html.report_parts(m))


def test_a_notice_id_twice_in_two_regions_keeps_its_roles_apart(
        notices: list[dict[str, Any]]) -> None:
    # an id given twice, once per region, is two columns: the roles table made a kind at a time
    # places each notice's cells in its own column, as the department view does, and the report
    # is the same whether that view was made first or not
    import copy

    from pipeline.export import html

    again = copy.deepcopy(notices[0])
    again["doc"]["region"] = {"province": "浙江省", "city": None}
    batch = [*notices, again]
    m = compare(batch)
    assert len(m.notice_rows) == len(batch)
    assert [row for _, row, _ in m.role_rows_shown()] == m.department_rows().to_numpy().tolist()
    fresh = "".join(html.report_parts(compare(batch)))
    viewed = compare(batch)
    viewed.department_view  # noqa: B018  (made and kept)
    assert "".join(html.report_parts(viewed)) == fresh


def test_the_workbook_keeps_no_pivot_on_the_matrix(notices: list[dict[str, Any]]) -> None:
    # every pivot, the presence one the theme sheets read their silent cells from included, is
    # made for the workbook and let go; the workbook is the same as from a matrix that keeps them
    from pipeline.compare import VIEWS
    from pipeline.export.xlsx import workbook_bytes

    fresh, cached = compare(notices), compare(notices)
    cached.views()
    assert workbook_bytes(fresh) == workbook_bytes(cached)
    assert not set(VIEWS) & set(fresh.__dict__)


@pytest.mark.parametrize("grouping", ["auto", "measures"])
def test_a_run_segments_each_aligned_task_once(notices: list[dict[str, Any]], grouping: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # the words segmented as a notice finishes (compare.prepare) are kept with its packed record:
    # the comparison after the last document segments nothing again, whatever the cache kept,
    # and gives the matrix the notices give
    from pipeline.compare import align as align_module
    from pipeline.compare import prepare
    from pipeline.compare.records import Packed, pack, record

    records = [record(n) for n in notices]
    for rec in records:
        prepare(rec, grouping)
    # every task is aligned with the taxonomy off; the corpus's are all themed otherwise
    assert any("words" in t for rec in records for t in rec["tasks"]) == (grouping == "measures")
    packed = Packed(pack(rec) for rec in records)
    whole = compare(notices, grouping=grouping)
    align_module._content_words.cache_clear()

    def segmented_again(text: str) -> list[str]:
        raise AssertionError(f"segmented again: {text[:20]}")

    monkeypatch.setattr(align_module, "segment", segmented_again)
    kept = compare(packed, grouping=grouping)
    for name in ("long", "themes", *kept.views()):
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(whole, name))


def test_pivots_show_the_rows_that_fit_their_cells(notices: list[dict[str, Any]]) -> None:
    """A pivot bounded to some cells keeps every taxonomy theme, then the measures in their
    order while rows x notices fit (one row at least); its rows are the unbounded pivot's."""
    themed, measured = compare(notices), compare(notices, grouping="measures")
    columns = len(themed.notices)
    fixed = int((themed.themes["field"] != "discovered").sum())
    assert themed.shown(None) == len(themed.themes)
    assert themed.shown(1) == fixed  # the taxonomy's rows whatever the bound
    assert (measured.themes["field"] == "discovered").all() and len(measured.themes) > 3
    assert measured.shown(1) == 1
    assert measured.shown(3 * columns) == 3 == measured.shown(4 * columns - 1)
    assert measured.shown(10**9) == len(measured.themes)
    assert measured.shown(2, columns=1) == 2
    for name in ("presence", "tasks", "targets"):
        full = getattr(measured, name)
        fresh = compare(notices, grouping="measures").view(name, 3)
        pd.testing.assert_frame_equal(fresh, full.iloc[:3])
        pd.testing.assert_frame_equal(measured.view(name, 3), full.iloc[:3])


def test_the_report_bounds_its_presence_table_and_says_so(notices: list[dict[str, Any]]) -> None:
    from pipeline.export.html import render_report

    m = compare(notices, grouping="measures")
    whole, bounded = render_report(m), render_report(m, cells=2 * len(m.notices))
    table = re.compile(r'<table id="presence">.*?</table>', re.S)
    assert len(re.findall(r"<tr data-theme=", table.search(whole).group())) == len(m.themes)
    assert len(re.findall(r"<tr data-theme=", table.search(bounded).group())) == 2
    assert "前 2 行" in bounded and f"全部 {len(m.themes)} 行" in bounded and "前 2 行" not in whole
    # every row still has its section below
    assert bounded.count('<section class="theme"') == whole.count('<section class="theme"') == len(m.themes)


def test_the_comparison_bounds_leave_the_notices_hash_alone() -> None:
    """The notices are stamped with the configuration's hash, and remade under another: the
    bounds of the comparison's views change no notice, so they are not in it."""
    from pipeline.config import load_config

    base = load_config(None).sha256()
    assert load_config(None, {"export": {"pivot_cells": 5, "report_cells": 7}}).sha256() == base
    assert load_config(None, {"themes": {"search_budget": 0}}).sha256() == base  # the search's
    assert load_config(None, {"export": {"validate_schema": False}}).sha256() != base
    assert load_config(None, {"themes": {"grouping": "measures"}}).sha256() != base


@pytest.mark.parametrize("budget", [None, 0, 50])
def test_the_search_budget_reaches_the_measures_search(
        monkeypatch: pytest.MonkeyPatch, notices: list[dict[str, Any]], budget: int | None) -> None:
    """``compare``'s search budget (``[themes] search_budget``) is the one the measures' search
    is given, however many searches the batch needs (its copies' and its distinct rows')."""
    from pipeline.compare import align

    seen: list[int | None] = []
    real = align._search

    def search(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("budget"))
        return real(*args, **kwargs)

    monkeypatch.setattr(align, "_search", search)
    compare(notices, grouping="measures", search_budget=budget)
    assert seen and set(seen) == {budget}


def test_the_roles_tables_show_the_kinds_that_fit_leading_ones_first(
        notices: list[dict[str, Any]]) -> None:
    import io

    from openpyxl import load_workbook

    from pipeline.export.html import render_report
    from pipeline.export.xlsx import workbook_bytes

    m = compare(notices)
    kinds = list(m.department_view.index)
    assert len(kinds) > 2 and m.shown_kinds(None) == len(kinds)
    columns = len(m.notices)
    assert m.shown_kinds(2 * columns) == 2 and m.shown_kinds(1) == 1
    page = render_report(m, cells=2 * columns)
    table = re.search(r'<table id="roles">.*?</table>', page, re.S).group()  # type: ignore[union-attr]
    assert re.findall(r"<tr><th>(.*?)</th>", table)[1:] == kinds[:2]  # after the header
    assert f"前 2 类部门（共 {len(kinds)} 类）" in page
    book = load_workbook(io.BytesIO(workbook_bytes(m, cells=2 * columns)))
    assert [row[0] for row in book["roles"].iter_rows(min_row=3, values_only=True)] == kinds[:2]
    notes = [row[1] for row in book["legend"].iter_rows(values_only=True) if row[0] == "!"]
    assert any("shows the 2 department kinds" in note for note in notes)


@pytest.mark.parametrize("block", [1, 2, 1000])
def test_theme_sections_spooled_under_a_folder_are_the_page_made_in_memory(
        notices: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        block: int) -> None:
    # a theme section's cells are made once, a notice at a time, and spooled (export.html._Spool)
    # to a file under the folder, unlinked at once, or to memory: the same page either way, at
    # any block size, and the notices of a section in their column order
    from pipeline.export import html

    m = compare(notices)
    whole = html.render_report(m)
    monkeypatch.setattr(html, "CELL_BLOCK", block)
    assert html.render_report(m, scratch=tmp_path) == whole == html.render_report(m)
    assert list(tmp_path.iterdir()) == []
    section = whole[whole.index('<section class="theme"'):]
    section = section[:section.index("</section>")]
    heads = re.findall(r'<th data-region="([^"]*)">', section)
    regions = list(m.notices["region"])
    assert heads and [regions.index(h) for h in heads] == sorted(regions.index(h) for h in heads)


def test_theme_sections_refuse_a_long_table_out_of_notice_order(
        notices: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    # the sections read each notice's rows as one run; a table whose rows of a theme come back
    # to a notice already passed is an error, not a section with that notice twice
    from pipeline.export import html

    m = compare(notices)
    real = html._by_theme

    def returning(m: Any) -> Any:  # each theme's first row again after its last
        for theme, rows in real(m):
            taken = list(rows)
            yield theme, iter(taken + taken[:1])

    monkeypatch.setattr(html, "_by_theme", returning)
    with pytest.raises(ValueError, match="not in notice order"):
        html.render_report(m)


def test_silent_regions_are_named_in_the_order_of_their_first_silent_notice() -> None:
    """Read region by region up to its first silent notice: the regions, in the order, that the
    silent notices read one by one give."""
    import random

    from pipeline.export.html import _silent_regions

    rng = random.Random(4)
    for _ in range(300):
        regions = [rng.choice("甲乙丙丁戊") for _ in range(rng.randint(1, 30))]
        present = bytearray(rng.random() < 0.6 for _ in regions)
        by_region: dict[str, list[int]] = {}
        for k, region in enumerate(regions):
            by_region.setdefault(region, []).append(k)
        expected = list(dict.fromkeys(r for k, r in enumerate(regions) if not present[k]))
        assert _silent_regions(by_region, present) == expected


@pytest.mark.parametrize("in_file", [False, True])
def test_task_texts_hold_what_a_dict_of_them_holds(notices: list[dict[str, Any]], in_file: bool,
                                                   tmp_path: Path) -> None:
    # the matrix keeps each notice's texts as one compressed block, in memory or in a scratch
    # file under --out: it reads back as the dict of every task's heading, text and number, in
    # the same order, lookups and misses included; the file is never seen in the folder
    import pickle

    from pipeline.compare.texts import TaskTexts

    texts, plain = TaskTexts(tmp_path if in_file else None), {}
    for n in notices:
        texts.add(n["id"], n["tasks"])
        plain.update(((n["id"], t["id"]), {"heading": t.get("heading", ""), "text": t.get("text", ""),
                                           "number": t.get("number", "")}) for t in n["tasks"])
    assert len(texts) == len(plain) > 30
    assert list(texts.items()) == list(plain.items()) and list(texts) == list(plain)
    assert texts == plain and dict(texts) == plain
    some = next(iter(plain))
    assert texts[some] == plain[some] and texts.heading(*some) == plain[some]["heading"]
    assert texts.heading("no-such-notice", "1") == texts.heading(some[0], "no-such-task") == ""
    with pytest.raises(KeyError):
        texts[(some[0], "no-such-task")]
    assert texts.get((some[0], "no-such-task")) is None
    assert texts.of(some[0]) == [(tid, v) for (nid, tid), v in plain.items() if nid == some[0]]
    assert texts.of("no-such-notice") == []
    # a notice given again: its tasks' values replaced, new ones added, none counted twice
    odd = {"id": some[1], "heading": "新", "text": "\x00 嵌入的控制字符 \n", "number": ""}
    texts.add(some[0], [odd, {"id": "X.9", "heading": "", "text": "", "number": "九"}])
    assert texts[some] == {"heading": "新", "text": "\x00 嵌入的控制字符 \n", "number": ""}
    assert texts[(some[0], "X.9")]["number"] == "九" and len(texts) == len(plain) + 1
    texts.add("empty", [])
    assert ("empty", "1") not in texts and len(texts) == len(plain) + 1
    assert pickle.loads(pickle.dumps(texts)) == texts
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("in_file", [False, True])
def test_task_texts_numbered_by_the_matrix_columns_hold_the_same(
        notices: list[dict[str, Any]], in_file: bool, tmp_path: Path) -> None:
    # the texts drop their own notice numbers for the matrix's column mapping (shared, not
    # copied): the same lookups and misses, iteration in column order, a column without tasks
    # holding nothing, a notice outside the columns refused, pickled with the mapping
    import pickle

    from pipeline.compare.texts import TaskTexts

    texts = TaskTexts(tmp_path if in_file else None)
    for n in notices:
        texts.add(n["id"], n["tasks"])
    before = dict(texts.items())
    ids = [n["id"] for n in notices]
    columns = {nid: k for k, nid in enumerate(["no-tasks", *reversed(ids)])}
    assert not texts.number_by({nid: k for k, nid in enumerate(ids[1:])})  # one left out
    assert texts.number_by(columns) and texts._number is columns
    assert not texts.number_by(columns)  # once
    assert dict(texts.items()) == before and len(texts) == len(before)
    assert [nid for nid, _ in texts] == [nid for nid, _ in sorted(before, key=lambda k: columns[k[0]])]
    assert texts.of("no-tasks") == [] and texts.heading("no-tasks", "1") == ""
    assert ("no-tasks", "1") not in texts and texts.of("no-such-notice") == []
    some = next(iter(before))
    assert texts[some] == before[some] and texts.of(some[0]) == [
        (tid, v) for (nid, tid), v in before.items() if nid == some[0]]
    texts.add("no-tasks", [{"id": "1", "heading": "补", "text": "", "number": "一"}])
    assert texts[("no-tasks", "1")]["heading"] == "补" and len(texts) == len(before) + 1
    texts.add(some[0], [{"id": "X.9", "heading": "", "text": "", "number": ""}])
    assert len(texts) == len(before) + 2 and texts[some] == before[some]
    with pytest.raises(ValueError, match="outside them"):
        texts.add("new", [{"id": "1"}])
    again = pickle.loads(pickle.dumps(texts))
    assert again == texts and list(again) == list(texts) and again.of("no-tasks") == texts.of("no-tasks")
    assert list(tmp_path.iterdir()) == []


def test_a_run_keeps_its_task_texts_and_long_table_in_files_it_leaves_nowhere(
        notices: list[dict[str, Any]], tmp_path: Path) -> None:
    from pipeline.export.html import render_report
    from pipeline.export.matrix_files import write_matrix
    from pipeline.export.writer import Writer

    in_memory, in_file = compare(notices), compare(notices, scratch=tmp_path)
    assert in_file.task_texts == in_memory.task_texts
    assert in_file.task_texts._number is in_file.column_of  # one notice-column mapping
    assert in_memory.task_texts._spill is None and in_file.task_texts._spill.in_file
    assert not in_memory.rows._spill.in_file and in_file.rows._spill.in_file  # the long table
    assert in_file.to_csv() == in_memory.to_csv()
    assert render_report(in_file) == render_report(in_memory)
    writer = Writer.start()
    assert writer is not None and writer.ready(60)
    write_matrix(in_file, tmp_path / "out", writer=writer)  # the report written by the writer,
    assert writer.given and writer.process.exitcode == 0  # the scratch files passed, not copied
    # the writers read the long table, the timeline and the targets without keeping them whole
    assert not {"long", "timeline", "target_values"} & set(in_file.__dict__)
    again = pickle.loads(pickle.dumps(in_file))  # its files' bytes travel with it
    assert again.to_csv() == in_memory.to_csv() and not again.rows._spill.in_file
    for name in ("long", "timeline", "target_values"):
        pd.testing.assert_frame_equal(getattr(in_file, name), getattr(in_memory, name))
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8") == render_report(in_memory)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["matrix.csv", "matrix.xlsx", "out",
                                                           "report.html"]


def test_a_run_keeps_its_records_in_its_scratch_file_not_in_memory(notices: list[dict[str, Any]],
                                                                    tmp_path: Path) -> None:
    # the gatherer writes each finished notice's packed record beside its notices.jsonl line and
    # keeps only where it is: the comparison reads them back from the file, twice if it likes,
    # and gets the matrix it gets from the notices themselves; closed, nothing is left
    from pipeline.batch import ItemResult
    from pipeline.compare import prepare, record
    from pipeline.compare.records import pack
    from pipeline.export.files import dumps
    from pipeline.gather import Gathered

    # taken in as they finish, last input first: kept and given back in input order
    gathered = Gathered(tmp_path, len(notices) + 1)  # the last place: an input left no notice
    for place, n in reversed(list(enumerate(notices))):
        line = dumps(n, indent=None).encode("utf-8") + b"\n"
        gathered.add(ItemResult(n["id"], "x", n["status"], line=line, record=pack(record(n))), place)
    first = notices[0]
    gathered.add(ItemResult(first["id"], "x", "success", line=b"{}\n", record=pack({})), 0)
    assert min(gathered._light[0][:-1]) >= 0 and gathered._light[0][-1] == -1  # places only
    packed = gathered.records()
    assert len(gathered._light[0]) == 0 and len(packed) == len(notices)  # forgotten
    expected = []
    for n in notices:
        rec = record(n)
        prepare(rec)
        expected.append(rec)
    assert list(packed) == expected and list(packed) == expected  # read afresh each time
    kept, whole = compare(packed), compare(notices)
    pd.testing.assert_frame_equal(kept.long, whole.long)
    gathered.jsonl(tmp_path / "notices.jsonl")
    assert [json.loads(x)["id"] for x in (tmp_path / "notices.jsonl").read_text("utf-8").splitlines()] == [
        n["id"] for n in notices]
    gathered.close()
    assert [p.name for p in tmp_path.iterdir()] == ["notices.jsonl"]


def test_the_tables_hold_a_repeated_value_once(notices: list[dict[str, Any]]) -> None:
    # each packed record unpacks into strings of its own: the tables keep one object for every
    # equal task id, date, department kind, region and role count key, however many notices
    # repeat it (a 20,000-notice batch's tables: 271 -> 199 MB traced)
    from pipeline.compare.records import Packed, pack, record

    copies = []
    for k in range(3):
        for n in notices:
            rec = record(n)
            rec["id"] = f"{n['id']}-{k}"
            copies.append(pack(rec))
    m = compare(Packed(copies))
    for frame, columns in ((m.long, ["theme", "region", "task_id", "time_start", "earliest_deadline",
                                     "departments"]),
                           (m.timeline, ["date", "task_id", "raw"]), (m.department_roles, ["kind"]),
                           (m.target_values, ["unit", "task_id"])):
        for column in columns:
            values = [v for v in frame[column] if isinstance(v, str)]
            assert len({id(v) for v in values}) == len(set(values)), column
    # headings are not interned as they are gathered (each copy's is its own object); a part of
    # the long table is written with one object for each equal string (spill.not_interned), so
    # within a part they too are held once
    from pipeline.compare.spill import PART_ROWS

    assert len(m.long) <= PART_ROWS
    headings = [v for v in m.long["heading"] if v]
    assert len({id(v) for v in headings}) == len(set(headings)) < len(headings)


@pytest.mark.parametrize("in_file,chunk", [(False, 1 << 16), (True, 1 << 16), (True, 3)])
def test_the_long_tables_row_order_is_theme_notice_then_natural_task_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_file: bool, chunk: int) -> None:
    # rows are ordered as the tuple (theme rank, notice column, task_key) orders them, ties
    # (task ids of equal keys: 01 and 1) kept in the order added; a theme outside the order is
    # dropped; absence rows for the themes a notice does not address (one no notice addresses
    # included), except those exempted. Each row's theme and task id are kept in the spill once
    # sealed (copied ``chunk`` rows at a time), read back a notice at a time (``themes_of``)
    import random

    from pipeline.compare import long as long_module
    from pipeline.compare.long import ABSENT, LongRows
    from pipeline.compare.matrix import LONG_COLUMNS

    monkeypatch.setattr(long_module, "_KEPT_CHUNK", chunk)

    rng = random.Random(5)
    ids = ["1", "01", "2", "2.10", "2.9", "10", "A1.2", "A1.10", "附件", "3.1.2", "3.1"]
    order, exempt = ["a", "b", "nobody", "m001"], {"m001"}
    rank = {t: k for k, t in enumerate(order)}
    for trial in range(40):
        notices = [f"n{k}" for k in range(rng.randint(1, 6))]
        column_rank = {n: k for k, n in enumerate(sorted(notices, key=lambda _: rng.random()))}
        table, expected = LongRows(LONG_COLUMNS, tmp_path if in_file else None), []
        themes_of: dict[str, dict[str, list[int]]] = {}
        for n in notices:
            tasks = []
            for k in range(rng.randint(0, 8)):
                part = (rng.choice(ids), f"h{trial}.{n}.{k}", *ABSENT[2:])
                themes = rng.sample(["a", "b", "m001", "x"], rng.randint(0, 3))
                tasks.append((part, themes))
                expected.extend((t, t.upper(), "r", n, *part) for t in themes if t in rank)
                themes_of.setdefault(n, {}).setdefault(part[0], []).extend(
                    rank[t] for t in themes if t in rank)
            table.add(n, "r", tasks)
            addressed = {t for _, themes in tasks for t in themes}
            expected.extend((t, t.upper(), "r", n, *ABSENT) for t in order
                            if t not in addressed and t not in exempt)
        table.seal(order, {t: t.upper() for t in order}, exempt, column_rank)
        assert not table._theme and not table._id and table._spill.in_file is in_file
        # the lookups of adding and sealing let go: the table reads numbers from now on
        assert not (table._labels or table._themes or table._ids)
        expected.sort(key=lambda r: (rank[r[0]], column_rank[r[3]], task_key(r[4])))
        got = [tuple(r) for r in table.frame().astype(object).itertuples(index=False)]
        assert [tuple(None if v is pd.NA else v for v in r) for r in got] == expected
        assert table.themes() == list(dict.fromkeys(r[0] for r in expected))
        for n in notices:  # a notice's tasks' themes, from the rows kept after the seal
            assert table.themes_of(n) == {task: [order[r] for r in sorted(ranks)]
                                          for task, ranks in themes_of.get(n, {}).items() if ranks}
        assert table.themes_of("unknown") == {}


def test_the_roles_tables_make_only_the_kinds_they_show(notices: list[dict[str, Any]]) -> None:
    # the writers ask for the first kinds only: the same rows as the whole view's, made without
    # making (or keeping) the whole view; once it is made, it is what they get
    m = compare(notices)
    assert m.kind_order == list(compare(notices).department_view.index)
    for kinds in (None, 1, 2, len(m.kind_order), len(m.kind_order) + 5):
        pd.testing.assert_frame_equal(m.department_rows(kinds),
                                      compare(notices).department_view.iloc[:kinds])
    for kinds in (None, 1, len(m.kind_order) + 5):  # the writers' rows: the same, one at a time
        whole = m.department_rows(kinds)
        rows = list(m.role_rows_shown(kinds))
        assert [r[0] for r in rows] == list(whole.index)
        assert [r[1] for r in rows] == whole.to_numpy().tolist()
        assert [r[2] for r in rows] == (whole.to_numpy() == "").tolist()
    assert not {"department_view", "department_roles"} & set(m.__dict__)  # neither made
    # each summary is one string however many cells show it (a batch repeats a few hundred)
    said = [value for _, cells in m.role_cells_shown(None) for _, value in cells]
    assert len({id(v) for v in said}) == len(set(said)) < len(said)
    # the kinds in the order of their summed lead, then summed tasks, ties by name: pandas'
    # group-and-sort of the whole table, without the table
    by_pandas = (m.department_roles.groupby("kind")[["lead", "tasks"]].sum()
                 .sort_values(["lead", "tasks"], ascending=False, kind="stable").index.tolist())
    assert m.kind_order == by_pandas and len(by_pandas) > 3
    view = m.department_view
    assert m.department_rows(None) is view and m.department_rows(2).equals(view.iloc[:2])


def test_kind_order_breaks_ties_by_name_as_pandas_does() -> None:
    from pipeline.compare.views import DEPT_COLUMNS, kind_order, roles_frame

    rows = [("r", "n1", "财政", 1, 0, 0, 0, 1), ("r", "n1", "民政", 1, 0, 0, 0, 1),
            ("r", "n2", "卫健", 1, 0, 0, 0, 1), ("r", "n2", "其他:某办", 0, 1, 0, 0, 1),
            ("r", "n3", "教育", 0, 1, 0, 0, 1), ("r", "n3", "财政", 0, 0, 1, 0, 1)]
    frame = roles_frame(rows)
    assert list(frame.columns) == DEPT_COLUMNS
    by_pandas = (frame.groupby("kind")[["lead", "tasks"]].sum()
                 .sort_values(["lead", "tasks"], ascending=False, kind="stable").index.tolist())
    assert kind_order(rows) == by_pandas == ["财政", "卫健", "民政", "其他:某办", "教育"]


@pytest.mark.parametrize("name", ["presence", "tasks", "windows", "deadlines", "departments",
                                  "targets"])
def test_pivot_rows_and_cells_are_the_pivots(matrix: Any, name: str) -> None:
    # the writers make each pivot a row at a time from the long table: the same cells as the
    # pivot made whole, the silent ones those of the notices without a task on the row
    view, presence = matrix.view(name), matrix.view("presence")
    rows = list(matrix.pivot_rows(name))
    assert [r[0] for r in rows] == list(view.index)
    assert [r[1] for r in rows] == view.to_numpy().tolist()
    assert [r[2] for r in rows] == (presence.to_numpy() == 0).tolist()
    for (theme, row, silent), (same, cells) in zip(rows, matrix.pivot_cells(name), strict=True):
        assert same == theme and cells == [(j, v) for j, v in enumerate(row) if not silent[j]]
    for shown in (1, 3):
        assert list(matrix.pivot_rows(name, shown)) == rows[:shown]


def test_pivots_read_together_are_each_pivot_read_alone(matrix: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # the report's presence table reads its two pivots from one pass over the long table: the
    # rows of each as read alone, the table read once; pivots made from other values refused
    rows = list(matrix.pivots_rows(("presence", "tasks")))
    alone = zip(matrix.pivot_rows("presence"), matrix.pivot_rows("tasks"), strict=True)
    assert rows == [(p[0], [p[1:], t[1:]]) for p, t in alone]
    assert list(matrix.pivots_rows(("tasks", "presence"), 2)) == [
        (theme, pair[::-1]) for theme, pair in rows[:2]]
    reads = []
    parts = type(matrix).long_parts
    monkeypatch.setattr(type(matrix), "long_parts",
                        lambda self, present=False, columns=None:
                        reads.append(1) or parts(self, present, columns))
    assert list(matrix.pivots_rows(("presence", "tasks"))) == rows and len(reads) == 1
    with pytest.raises(ValueError, match="not made from the same values"):
        list(matrix.pivots_cells(("presence", "deadlines")))


def test_pivots_streamed_are_the_pivots_cells(matrix: Any) -> None:
    # the report's presence table takes a row's cells as they come, in column order: the same
    # cells as ``pivots_cells`` gives, a theme whose cells were not read passed over, and the
    # first rows only when asked
    together = list(matrix.pivots_cells(("presence", "tasks")))
    streamed = [(theme, list(cells)) for theme, cells in matrix.pivots_stream(("presence", "tasks"))]
    assert [theme for theme, _ in streamed] == [theme for theme, _ in together]
    for (theme, cells), (_, (presence, tasks)) in zip(streamed, together, strict=True):
        assert [(k, p, t) for k, (p, t) in cells] == [
            (k, p, t) for (k, p), (j, t) in zip(presence, tasks, strict=True) if k == j], theme
        assert [k for k, _ in cells] == [k for k, _ in presence]
    skipped = [theme for theme, _ in matrix.pivots_stream(("presence", "tasks"))]  # none read
    assert skipped == [theme for theme, _ in together]
    assert [(t, list(c)) for t, c in matrix.pivots_stream(("presence", "tasks"), 2)] == streamed[:2]
    with pytest.raises(ValueError, match="not made from the same values"):
        next(matrix.pivots_stream(("presence", "deadlines")))


def test_theme_streams_are_theme_runs_a_notice_at_a_time(matrix: Any) -> None:
    # each theme's notices in the table's order, each with its non-empty values: theme_runs'
    # dict and set, without holding them; only the themes asked for, once each
    from pipeline.compare.matrix import CELLS, theme_runs, theme_streams

    cell = CELLS["windows"]
    themes = matrix.theme_ids[::2]
    runs = list(theme_runs(matrix.long_parts(True), cell, themes))
    streams = [(theme, list(notices))
               for theme, notices in theme_streams(matrix.long_parts(True), cell, themes)]
    assert [theme for theme, _ in streams] == [theme for theme, _, _ in runs]
    for (_, notices), (_, values, addressed) in zip(streams, runs, strict=True):
        assert {n for n, _ in notices} == addressed and len(notices) == len(addressed)
        assert {n: v for n, v in notices if v} == values
    assert list(theme_streams(matrix.long_parts(True), cell, [])) == []


def test_pivots_stream_refuses_a_table_out_of_notice_order(matrix: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # a row's cells placed by their column as they come: a table whose notices are not in
    # column order is an error, not a row of misplaced cells
    import pipeline.compare.matrix as m

    streams = m.theme_streams

    def reversed_notices(long: Any, cell: Any, themes: Any) -> Any:
        for theme, notices in streams(long, cell, themes):
            yield theme, iter(list(notices)[::-1])

    monkeypatch.setattr(m, "theme_streams", reversed_notices)
    with pytest.raises(ValueError, match="not in notice order"):
        for _, cells in matrix.pivots_stream(("presence", "tasks")):
            list(cells)


def test_notice_columns_as_strings_are_the_columns(matrix: Any) -> None:
    notices = matrix.notice_columns("notice_id", "region")
    assert notices.strings("notice_id") == notices.notice_id
    assert notices.strings("region") == notices.region
    with pytest.raises(AttributeError):
        notices.strings("title")


@pytest.mark.parametrize("count", [0, 1, 4095, 4096, 4097, 10_000])
def test_strings_made_from_items_as_they_come(count: int) -> None:
    # joined a few thousand at a time as they come: the same strings, whatever the count
    from pipeline.compare.strings import Strings

    items = [f"区{k}" * (k % 3) for k in range(count)]
    kept = Strings(iter(items))
    assert len(kept) == count and list(kept) == items and kept == items
    assert kept[count // 2:count // 2 + 3] == items[count // 2:count // 2 + 3]


@pytest.mark.parametrize("in_file", [False, True])
def test_measure_of_gives_each_notice_its_tasks_measures(in_file: bool, tmp_path: Path) -> None:
    """The measures of the aligned tasks, kept a notice at a time as one string (in memory, or
    in a scratch file): each notice's task ids -> measure ids (a task listed twice: its last,
    as a dict would keep it; a task id holding the separator too), none for a notice without
    aligned tasks."""
    from pipeline.compare.records import MeasureOf

    pairs = [("a", "2.1", "m001"), ("b", "1", "m001"), ("a", "2.2", "m002"),
             ("b", "x\x00y", "m002"), ("a", "2.1", "m003")]
    where = MeasureOf(pairs, tmp_path if in_file else None)
    assert where._kept._spill.in_file == in_file
    expected: dict[str, dict[str, str]] = {}
    for notice_id, task_id, measure in pairs:
        expected.setdefault(notice_id, {})[task_id] = measure
    assert where.tasks_of("a") == expected["a"] and where.tasks_of("b") == expected["b"]
    assert where.tasks_of("c") == {} and len(where) == 2


@pytest.mark.parametrize("kept", [0, 300, 1 << 20])
def test_task_texts_headings_read_across_notices_over_and_over(
        notices: list[dict[str, Any]], kept: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a heatmap asks for one task's heading of each notice in turn, row after row: the notices
    # kept (none, some, all, by ``KEPT_BYTES``) answer as those read again do, a notice given
    # again answers anew, and nothing kept goes into a pickle
    import pickle

    import pipeline.compare.texts as texts_module

    monkeypatch.setattr(texts_module, "KEPT_BYTES", kept)
    texts = texts_module.TaskTexts(tmp_path)
    for n in notices:
        texts.add(n["id"], n["tasks"])
    for _ in range(3):
        for n in notices:
            for t in n["tasks"]:
                assert texts.heading(n["id"], t["id"]) == t.get("heading", "")
    assert texts._kept_bytes <= kept and (kept < 1 << 20 or len(texts._kept) == len(notices))
    first = notices[0]
    texts.add(first["id"], [{"id": first["tasks"][0]["id"], "heading": "改", "text": "", "number": ""}])
    assert texts.heading(notices[1]["id"], notices[1]["tasks"][0]["id"]) == notices[1]["tasks"][0].get("heading", "")
    assert texts.heading(first["id"], first["tasks"][0]["id"]) == "改"
    assert pickle.loads(pickle.dumps(texts))._kept == {}


@pytest.mark.parametrize("part_rows", [1, 3, 7, 5000])
def test_the_notices_table_is_the_rows_sorted_as_pandas_sorts_them(
        monkeypatch: pytest.MonkeyPatch, part_rows: int, tmp_path: Path) -> None:
    # the notices by province, city and id, equal keys in the order added (pandas' stable
    # sort of the rows as a DataFrame, which the table once was), read back a part at a time
    import random

    from pipeline.compare import spill
    from pipeline.compare.matrix import NOTICE_COLUMNS
    from pipeline.compare.spill import OrderedRows

    monkeypatch.setattr(spill, "PART_ROWS", part_rows)
    rng = random.Random(part_rows)
    for trial in range(20):
        rows = [(rng.choice(["n1", "n2", "n10", "b", "甲", "乙"]), rng.choice(["吉林省", "山东省"]),
                 rng.choice(["", "吉林省", "山东省", "江苏省"]), rng.choice(["", "长春市", "镇江市"]),
                 f"title {k}", "", "", "", "success", rng.randint(0, 9))
                for k in range(rng.randint(0, 17))]
        table = OrderedRows(NOTICE_COLUMNS, tmp_path if trial % 2 else None)
        table.extend(rows, [(r[2], r[3], r[0]) for r in rows])
        parts = table.seal()
        expected = pd.DataFrame(rows, columns=NOTICE_COLUMNS).sort_values(
            ["province", "city", "notice_id"], kind="stable", ignore_index=True)
        if rows:
            pd.testing.assert_frame_equal(parts.whole(), expected)
        assert list(parts.values("notice_id")) == list(expected["notice_id"])
        assert len(parts) == len(rows)


@pytest.mark.parametrize("part_rows", [1, 3, 7, 5000])
def test_notice_columns_give_what_lists_of_the_columns_give(
        monkeypatch: pytest.MonkeyPatch, part_rows: int) -> None:
    # whole columns, a row, a span of rows and blocks of rows, across the table's parts
    from pipeline.compare import NoticeColumns, spill

    monkeypatch.setattr(spill, "PART_ROWS", part_rows)
    rows = [(f"n{k}", f"r{k % 3}", f"t{k}", k) for k in range(20)]
    parts = spill.Parts(spill.Spill(None), ["notice_id", "region", "title", "tasks"])
    parts.write(rows)
    columns = NoticeColumns(parts, ("region", "notice_id"))
    expected = [(r[1], r[0]) for r in rows]
    assert len(columns) == 20
    assert columns.region == [r[1] for r in rows] and columns.notice_id == [r[0] for r in rows]
    assert [tuple(columns.row(k)) for k in (19, 0, 7, 8, 3)] == [expected[k] for k in (19, 0, 7, 8, 3)]
    for span in (slice(0, 20), slice(2, 17), slice(5, 6), slice(18, 40), slice(9, 9)):
        assert [tuple(r) for r in columns.rows(span)] == expected[span]
    assert [[tuple(r) for r in b] for b in columns.blocks(6)] == [expected[k:k + 6]
                                                                  for k in range(0, 20, 6)]
    assert columns.row(4).region == "r1"
    with pytest.raises(AttributeError):
        columns.title  # noqa: B018  (a column not asked for)
    with pytest.raises(IndexError):
        columns.row(20)
    with pytest.raises(ValueError):
        columns.rows(slice(0, 20, 2))


def test_a_matrix_frames_its_notices_only_when_asked(notices: list[dict[str, Any]],
                                                     tmp_path: Path) -> None:
    # the files are written from the notices' rows; the DataFrame is the notebook's
    from pipeline.export.matrix_files import write_matrix

    m = compare(notices, scratch=tmp_path)
    write_matrix(m, tmp_path / "out", parallel=False)
    assert "notices" not in m.__dict__
    assert list(m.notices["notice_id"]) == list(m.notice_rows.values("notice_id"))
    assert list(m.notices.columns) == list(m.notice_rows.columns)


def test_the_gatherer_lets_the_words_cache_go_once_every_notice_is_in(
        notices: list[dict[str, Any]], tmp_path: Path) -> None:
    # the words of each notice's tasks are segmented as it comes in (through a bounded cache of
    # texts, about 10 MB full); once the comparison takes the records they carry their words,
    # so the cache is let go rather than held through the comparison
    from pipeline.batch import ItemResult
    from pipeline.compare import record
    from pipeline.compare.align import _content_words
    from pipeline.compare.records import pack
    from pipeline.export.files import dumps
    from pipeline.gather import Gathered

    _content_words.cache_clear()
    gathered = Gathered(tmp_path, len(notices), "measures")
    for place, n in enumerate(notices):
        line = dumps(n, indent=None).encode("utf-8") + b"\n"
        gathered.add(ItemResult(n["id"], "x", n["status"], line=line, record=pack(record(n))), place)
    assert _content_words.cache_info().currsize > 0
    packed = gathered.records()
    assert _content_words.cache_info().currsize == 0
    assert all(t.get("words") for rec in packed for t in rec["tasks"])  # read from the records
    gathered.close()


@pytest.mark.parametrize("items", [[], ["养老"], ["养老", "", "数据安全", "5G", "𠀀字", "平台"]])
def test_strings_held_as_one_read_back_as_given(items: list[str]) -> None:
    """``strings.Strings``: each string back by its index (negative from the end) and slices as
    a list, an empty string and one outside the Basic Multilingual Plane included."""
    from pipeline.compare.strings import Strings

    kept = Strings(iter(items))
    assert len(kept) == len(items) and list(kept) == items
    assert kept[1:-1] == items[1:-1] and kept[::2] == items[::2]
    if items:
        assert kept[-1] == items[-1] and kept[0] == items[0]
    with pytest.raises(IndexError):
        kept[len(items)]
    with pytest.raises(IndexError):
        kept[-len(items) - 1]


def test_strings_equal_the_sequences_of_their_strings() -> None:
    from pipeline.compare.strings import Strings

    kept = Strings(["养老", "平台"])
    given = ["养老", "平台"]
    assert kept == given and given == kept  # the list's side asks the Strings too
    assert kept == Strings(["养老", "平台"])
    assert kept != ["养老平台"] and kept != Strings(["养", "老平台"]) and kept != "养老平台"


@pytest.mark.parametrize("ids", [
    [], ["b"], ["b", "a", "c"], ["b", "a", "b", "c", "a"],  # a notice id twice: its last column
    ["省-甲", "省-乙", "", "𠀀", "a\x00b"]])
@pytest.mark.parametrize("collide", [False, True])
def test_an_id_index_is_the_dict_of_each_id_to_its_last_place(
        ids: list[str], collide: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """``strings.IdIndex`` gives what ``{n: k for k, n in enumerate(ids)}`` gives (its items in
    the order of the places), whatever the ids' hashes (``collide``: every one the same), and
    the same once pickled."""
    import pickle

    from pipeline.compare import strings

    if collide:
        monkeypatch.setattr(strings, "_hash", lambda key: 7)
    expected = {n: k for k, n in enumerate(ids)}
    index = strings.IdIndex(iter(ids))
    for made in (index, pickle.loads(pickle.dumps(index))):
        assert len(made) == len(expected) and dict(made) == expected
        assert sorted(made.items(), key=lambda kv: kv[1]) == list(made.items())
        assert all(made[n] == k and n in made for n, k in expected.items())
        assert "无此" not in made and 3 not in made and made.get("无此") is None
        with pytest.raises(KeyError):
            made["无此"]
    with pytest.raises(TypeError):
        strings.IdIndex([*ids, 3])  # type: ignore[list-item]


@pytest.mark.parametrize("in_file", [False, True])
def test_marshalled_items_come_back_equal(in_file: bool, tmp_path: Path) -> None:
    """``indexed.Marshalled``: the values kept (strings, tuples of them, None) read back equal, by
    index and in order, from memory or from a scratch file named by its prefix."""
    from pipeline.indexed import Marshalled

    items = [("a", "1\x002", None), "养老", ("b", ("x",), (("标题", "正文"),)), ""]
    kept: Marshalled[Any] = Marshalled(tmp_path if in_file else None, ".test-kept.")
    assert [kept.append(item) for item in items] == list(range(len(items)))
    assert list(kept) == items and kept[-1] == "" and kept._spill.in_file == in_file
