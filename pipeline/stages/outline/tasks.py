"""Which units are tasks (docs/task-rules.md) and how a task is written.

1. The deepest units of the parts named as tasks (主要任务, 重点任务 …); groups above them stay in
   the outline and in each task's ``parents``.
2. Where a notice labels responsibility per unit, the deepest units that carry their own label.
3. With no part named as tasks, the deepest units of the substantive parts (role "other"); in a
   regulation, the articles of its substantive chapters.
4.–5. Never units of safeguard, goal, framing or requirement parts.
The body's tasks come first; attachments give tasks only when the body gives none (a cover
letter that transmits its plan as an attachment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Parent, Task
from .roles import EXCLUDED, min_labelled_units

if TYPE_CHECKING:
    from . import FoundPart, Unit


def _deepest(unit: Unit, labelled: bool) -> list[Unit]:
    if unit.role in EXCLUDED:
        return []
    if not unit.children:
        return [unit]
    if labelled and _group_label(unit):
        return [unit]  # the group carries the label; its sub-points are not separate tasks
    out: list[Unit] = []
    for child in unit.children:
        out.extend(_deepest(child, labelled))
    return out


def _group_label(unit: Unit) -> bool:
    """A group whose label is its own: stated before its sub-points, or after the last of them
    when none of the others has one (the label lines close the group, not its last point)."""
    with_label = [c for c in unit.children if any(d.labelled for d in c.walk())]
    if unit.labelled:
        return not with_label
    return len(unit.children) > 1 and with_label == [unit.children[-1]] and not any(
        d.labelled for d in unit.children[-1].walk() if d is not unit.children[-1])


def _part_tasks(units: list[Unit]) -> list[Unit]:
    everything = [u for top in units for u in top.walk()]
    labelled = sum(u.labelled for u in everything) >= min_labelled_units()
    named = [u for u in everything if u.role == "tasks" and (u.parent is None or u.parent.role != "tasks")]
    sources = named or [u for u in units if u.role == "other"]
    out: list[Unit] = []
    for unit in sources:
        out.extend(_deepest(unit, labelled))
    return out


def select(found: list[FoundPart]) -> list[Unit]:
    """The task units of a notice, in document order."""
    if not found:
        return []
    body = _part_tasks(found[0].units)
    if body:
        return body
    out: list[Unit] = []
    for fp in found[1:]:
        out.extend(_part_tasks(fp.units))
    return out


def to_task(unit: Unit, text: str) -> Task:
    parents = []
    up = unit.parent
    while up is not None:
        parents.append(Parent(number=up.node.marker.label, heading=up.heading))
        up = up.parent
    return Task(id=unit.id, number=unit.node.marker.label, heading=unit.heading,
                heading_span=unit.heading_span, text=text[unit.start:unit.end],
                span=(unit.start, unit.end), level=unit.level, parents=parents[::-1])
