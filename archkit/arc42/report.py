"""The completeness report: what the arc42 set still lacks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archkit.arc42.outline import title_of
from archkit.model import ContainerInstance, SoftwareSystemInstance, Workspace


@dataclass(frozen=True)
class Completeness:
    """Empty (sub-)sections, elements without a description, quality goals without a scenario,
    and views whose diagram was not rendered."""

    model: str
    empty_sections: tuple[str, ...]
    elements_without_description: tuple[str, ...]
    goals_without_scenario: tuple[str, ...]
    missing_diagrams: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.empty_sections or self.elements_without_description or self.goals_without_scenario
                    or self.missing_diagrams)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "complete": self.complete,
            "empty_sections": [{"number": n, "title": title_of(n)} for n in self.empty_sections],
            "elements_without_description": list(self.elements_without_description),
            "quality_goals_without_scenario": list(self.goals_without_scenario),
            "missing_diagrams": list(self.missing_diagrams),
        }

    def lines(self) -> list[str]:
        """The report as text, one line per finding."""
        out = [f"empty section {n} {title_of(n)}: it shows the template's guidance" for n in self.empty_sections]
        out += [f"{e}: element has no description" for e in self.elements_without_description]
        out += [f"{g}: quality goal has no quality scenario" for g in self.goals_without_scenario]
        out += [f"{k}: view has no rendered diagram" for k in self.missing_diagrams]
        return out

    def summary(self) -> str:
        if self.complete:
            return f"{self.model}: arc42 set complete"
        return (f"{self.model}: {len(self.empty_sections)} empty sections, "
                f"{len(self.elements_without_description)} elements without description, "
                f"{len(self.goals_without_scenario)} quality goals without scenario, "
                f"{len(self.missing_diagrams)} diagrams not rendered")


def _order(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def completeness(ws: Workspace, model: str, empty: list[str], missing_diagrams: list[str]) -> Completeness:
    lacking = sorted({e.id for e, _parent in ws.model.walk()
                      if not e.description.strip() and not isinstance(e, ContainerInstance | SoftwareSystemInstance)})
    covered = {s.goal for s in ws.arc42.quality_scenarios}
    goals = sorted(g.id for g in ws.arc42.quality_goals if g.id not in covered)
    return Completeness(model, tuple(sorted(set(empty), key=_order)), tuple(lacking), tuple(goals),
                        tuple(sorted(missing_diagrams)))
