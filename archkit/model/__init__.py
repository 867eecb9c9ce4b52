"""The typed architecture model (pydantic v2): C4 elements, views, styles, arc42 content."""

from archkit.model.arc42 import (
    Arc42,
    Concept,
    Constraint,
    Decision,
    DecisionLink,
    GlossaryTerm,
    QualityGoal,
    QualityScenario,
    Requirement,
    Risk,
    Stakeholder,
    StrategyEntry,
    TechnicalDebt,
)
from archkit.model.base import ArchModel
from archkit.model.deployment import (
    ContainerInstance,
    DeploymentNode,
    InfrastructureNode,
    SoftwareSystemInstance,
)
from archkit.model.elements import Component, Container, CustomElement, Element, Group, Person, SoftwareSystem
from archkit.model.model import Model, ModelIndex
from archkit.model.relationships import Relationship
from archkit.model.rules import ForbidRule, IndependentRule, LayersRule, OnlyViaRule, Rule, RuleSet
from archkit.model.styles import ElementStyle, RelationshipStyle, Styles
from archkit.model.views import (
    ComponentView,
    ContainerView,
    DeploymentView,
    DynamicStep,
    DynamicView,
    FilteredView,
    LayoutHint,
    ParallelSteps,
    SystemContextView,
    SystemLandscapeView,
    View,
)
from archkit.model.viewset import ViewSet
from archkit.model.workspace import Workspace, default_views

__all__ = [
    "Arc42",
    "ArchModel",
    "Component",
    "ComponentView",
    "Concept",
    "Constraint",
    "Container",
    "ContainerInstance",
    "ContainerView",
    "CustomElement",
    "Decision",
    "DecisionLink",
    "DeploymentNode",
    "DeploymentView",
    "DynamicStep",
    "DynamicView",
    "Element",
    "ElementStyle",
    "FilteredView",
    "ForbidRule",
    "GlossaryTerm",
    "Group",
    "IndependentRule",
    "InfrastructureNode",
    "LayersRule",
    "LayoutHint",
    "Model",
    "ModelIndex",
    "OnlyViaRule",
    "ParallelSteps",
    "Person",
    "QualityGoal",
    "QualityScenario",
    "Relationship",
    "RelationshipStyle",
    "Requirement",
    "Risk",
    "Rule",
    "RuleSet",
    "SoftwareSystem",
    "SoftwareSystemInstance",
    "Stakeholder",
    "StrategyEntry",
    "Styles",
    "SystemContextView",
    "SystemLandscapeView",
    "TechnicalDebt",
    "View",
    "ViewSet",
    "Workspace",
    "default_views",
]
