"""The Workspace: one C4 model, its views and styles, and its arc42 content."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field, model_validator

from archkit.model.arc42 import Arc42
from archkit.model.base import ArchModel
from archkit.model.model import Model
from archkit.model.styles import Styles
from archkit.model.views import (
    ComponentView,
    ContainerView,
    DeploymentView,
    SystemContextView,
    SystemLandscapeView,
    View,
    default_key,
)
from archkit.model.viewset import ViewSet


class Workspace(ArchModel):
    """Everything archkit knows about one architecture.

    >>> ws = Workspace(name="Shop")
    >>> customer = ws.model.person("Customer")
    >>> shop = ws.model.software_system("Shop")
    >>> _ = customer.uses(shop, "Buys things")
    """

    name: str
    description: str = ""
    model: Model = Field(default_factory=Model)
    views: ViewSet = Field(default_factory=ViewSet)
    styles: Styles = Field(default_factory=Styles)
    arc42: Arc42 = Field(default_factory=Arc42)
    properties: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _keys(self) -> Workspace:
        seen: set[str] = set()
        for view in self.views:
            view.key = view.key or default_key(view)
            if view.key in seen:
                raise ValueError(f"view '{view.key}': duplicate view key — give one of the views another key")
            seen.add(view.key)
        return self

    def effective_views(self) -> list[View]:
        """The authored views, or sensible defaults when the workspace defines none."""
        return list(self.views) if len(self.views) else default_views(self)

    def to_data(self) -> dict[str, Any]:
        """Plain, JSON-ready data without default values; :meth:`from_data` reads it back."""
        data = self.model_dump(mode="json", exclude_defaults=True, by_alias=True)
        if len(self.views):
            # the discriminator is a default too, but the reader needs it
            data["views"] = [{"type": v.type, **d} for v, d in zip(self.views, data["views"], strict=True)]
        return data

    def to_json(self) -> str:
        """Serialise to the JSON form that :func:`archkit.load` reads back (sorted keys, stable)."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_data(cls, data: Any) -> Workspace:
        """Validate plain data (from YAML or JSON); raises pydantic's ValidationError."""
        return cls.model_validate(data)


def default_views(ws: Workspace) -> list[View]:
    """A landscape (when there are several systems), then per internal system a context and a
    container view, a component view per container with components, and a deployment view per
    environment."""
    views: list[View] = []
    systems = sorted(ws.model.software_systems, key=lambda s: s.id)
    if len(systems) > 1:
        views.append(SystemLandscapeView(title="System Landscape"))
    for system in systems:
        if system.location == "external":
            continue
        views.append(SystemContextView(software_system=system.id, title=f"{system.name} — System Context"))
        if system.containers:
            views.append(ContainerView(software_system=system.id, title=f"{system.name} — Containers"))
        for container in sorted(system.containers, key=lambda c: c.id):
            if container.components:
                views.append(ComponentView(container=container.id, title=f"{container.name} — Components"))
    environments = sorted({n.environment for n in ws.model.deployment_nodes})
    views.extend(DeploymentView(environment=env, title=f"Deployment — {env}") for env in environments)
    for view in views:
        view.key = default_key(view)
    return views
