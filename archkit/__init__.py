"""archkit: architecture as code — one typed C4 + arc42 model; diagrams, docs and exports.

The public API is what this module exports; everything else may change.
Names are imported lazily so that ``archkit --version`` starts fast.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from archkit import lazy

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # model
    "Arc42": "archkit.model",
    "Component": "archkit.model",
    "ComponentView": "archkit.model",
    "Concept": "archkit.model",
    "Constraint": "archkit.model",
    "Container": "archkit.model",
    "ContainerInstance": "archkit.model",
    "ContainerView": "archkit.model",
    "CustomElement": "archkit.model",
    "CustomView": "archkit.model",
    "Decision": "archkit.model",
    "DecisionLink": "archkit.model",
    "DeploymentNode": "archkit.model",
    "DeploymentView": "archkit.model",
    "DynamicStep": "archkit.model",
    "DynamicView": "archkit.model",
    "Element": "archkit.model",
    "ElementStyle": "archkit.model",
    "FilteredView": "archkit.model",
    "ImageView": "archkit.model",
    "ForbidRule": "archkit.model",
    "GlossaryTerm": "archkit.model",
    "Group": "archkit.model",
    "IndependentRule": "archkit.model",
    "InfrastructureNode": "archkit.model",
    "LayersRule": "archkit.model",
    "LayoutHint": "archkit.model",
    "Model": "archkit.model",
    "OnlyViaRule": "archkit.model",
    "ParallelSteps": "archkit.model",
    "Person": "archkit.model",
    "QualityGoal": "archkit.model",
    "QualityScenario": "archkit.model",
    "Relationship": "archkit.model",
    "RelationshipStyle": "archkit.model",
    "Requirement": "archkit.model",
    "Risk": "archkit.model",
    "Rule": "archkit.model",
    "RuleSet": "archkit.model",
    "SoftwareSystem": "archkit.model",
    "SoftwareSystemInstance": "archkit.model",
    "Stakeholder": "archkit.model",
    "StrategyEntry": "archkit.model",
    "Styles": "archkit.model",
    "SystemContextView": "archkit.model",
    "SystemLandscapeView": "archkit.model",
    "TechnicalDebt": "archkit.model",
    "ViewSet": "archkit.model",
    "Workspace": "archkit.model",
    # errors
    "ArchkitError": "archkit.errors",
    "GraphvizNotFoundError": "archkit.errors",
    "ImportFormatError": "archkit.errors",
    "LoadError": "archkit.errors",
    "ModelError": "archkit.errors",
    "OutputError": "archkit.errors",
    "RenderError": "archkit.errors",
    "TemplateError": "archkit.errors",
    # pipeline
    "Artifact": "archkit.output",
    "ComputedView": "archkit.views",
    "Diagram": "archkit.export",
    "Finding": "archkit.check",
    "ImportResult": "archkit.importers",
    "Quality": "archkit.render.quality",
    "RenderedViews": "archkit.render",
    "WorkspaceDiff": "archkit.diff",
    "check": "archkit.check",
    "compute_view": "archkit.views",
    "conform": "archkit.conform",
    "diff_workspaces": "archkit.diff",
    "export_artifacts": "archkit.export",
    "export_text": "archkit.export",
    "generate_docs": "archkit.arc42",
    "import_structurizr": "archkit.importers",
    "load": "archkit.load",
    "load_decisions": "archkit.load",
    "render_dot": "archkit.render",
    "render_views": "archkit.render",
    "render_workspace": "archkit.render",
    "write_artifacts": "archkit.output",
    "write_docs": "archkit.arc42",
}

__all__ = sorted([*_EXPORTS, "__version__"])


__getattr__ = lazy.exports(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return __all__


class _PublicAPI(types.ModuleType):
    """The package's module type: ``archkit.load`` and ``archkit.check`` stay the public functions.

    Importing the submodules ``archkit/load.py`` or ``archkit/check/`` would otherwise rebind the
    package attributes of the same name to those modules, so that ``from archkit import load``
    returned a module. Submodules stay importable with ``from archkit.load import ...``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == value.__name__:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _PublicAPI


if TYPE_CHECKING:  # explicit `X as X`: mypy --strict sees these names as re-exported
    from archkit.arc42 import generate_docs as generate_docs, write_docs as write_docs
    from archkit.check import Finding as Finding, check as check
    from archkit.conform import conform as conform
    from archkit.diff import WorkspaceDiff as WorkspaceDiff, diff_workspaces as diff_workspaces
    from archkit.errors import (
        ArchkitError as ArchkitError,
        GraphvizNotFoundError as GraphvizNotFoundError,
        ImportFormatError as ImportFormatError,
        LoadError as LoadError,
        ModelError as ModelError,
        OutputError as OutputError,
        RenderError as RenderError,
        TemplateError as TemplateError,
    )
    from archkit.export import Diagram as Diagram, export_artifacts as export_artifacts, export_text as export_text
    from archkit.importers import ImportResult as ImportResult, import_structurizr as import_structurizr
    from archkit.load import load as load, load_decisions as load_decisions
    from archkit.model import (
        Arc42 as Arc42,
        Component as Component,
        ComponentView as ComponentView,
        Concept as Concept,
        Constraint as Constraint,
        Container as Container,
        ContainerInstance as ContainerInstance,
        ContainerView as ContainerView,
        CustomElement as CustomElement,
        CustomView as CustomView,
        Decision as Decision,
        DecisionLink as DecisionLink,
        DeploymentNode as DeploymentNode,
        DeploymentView as DeploymentView,
        DynamicStep as DynamicStep,
        DynamicView as DynamicView,
        Element as Element,
        ElementStyle as ElementStyle,
        FilteredView as FilteredView,
        ForbidRule as ForbidRule,
        GlossaryTerm as GlossaryTerm,
        Group as Group,
        ImageView as ImageView,
        IndependentRule as IndependentRule,
        InfrastructureNode as InfrastructureNode,
        LayersRule as LayersRule,
        Model as Model,
        OnlyViaRule as OnlyViaRule,
        ParallelSteps as ParallelSteps,
        Person as Person,
        QualityGoal as QualityGoal,
        QualityScenario as QualityScenario,
        Relationship as Relationship,
        RelationshipStyle as RelationshipStyle,
        Requirement as Requirement,
        Risk as Risk,
        Rule as Rule,
        RuleSet as RuleSet,
        SoftwareSystem as SoftwareSystem,
        SoftwareSystemInstance as SoftwareSystemInstance,
        Stakeholder as Stakeholder,
        StrategyEntry as StrategyEntry,
        Styles as Styles,
        SystemContextView as SystemContextView,
        SystemLandscapeView as SystemLandscapeView,
        TechnicalDebt as TechnicalDebt,
        ViewSet as ViewSet,
        Workspace as Workspace,
    )
    from archkit.output import Artifact as Artifact, write_artifacts as write_artifacts
    from archkit.render import (
        RenderedViews as RenderedViews,
        render_dot as render_dot,
        render_views as render_views,
        render_workspace as render_workspace,
    )
    from archkit.render.quality import Quality as Quality
    from archkit.views import ComputedView as ComputedView, compute_view as compute_view
