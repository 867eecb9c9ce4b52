"""Deployment elements: nested deployment nodes per environment, and what runs on them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, ClassVar

from pydantic import Field, WithJsonSchema, field_validator

from archkit.ids import child_id, instance_id as derive_instance_id
from archkit.model.base import new_list, tag_list
from archkit.model.elements import Container, Element, SoftwareSystem

_COUNT_OR_RANGE = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}


class InfrastructureNode(Element):
    """Infrastructure that is not a deployed container: a load balancer, DNS, a firewall."""

    kind: ClassVar[str] = "Infrastructure Node"
    technology: str = ""


class SoftwareSystemInstance(Element):
    """An instance of a software system deployed on a node; its name is the system's."""

    kind: ClassVar[str] = "Software System Instance"
    name: str = ""
    software_system: str = Field(description="Id of the deployed software system.")
    instance_id: int = 1
    deployment_groups: list[str] = Field(
        default_factory=new_list,
        description="Deployment groups (names) this instance is in, with those of its nodes; see DeploymentNode.",
    )


class ContainerInstance(Element):
    """An instance of a container deployed on a node; its name is the container's."""

    kind: ClassVar[str] = "Container Instance"
    name: str = ""
    container: str = Field(description="Id of the deployed container.")
    instance_id: int = 1
    deployment_groups: list[str] = Field(
        default_factory=new_list,
        description="Deployment groups (names) this instance is in, with those of its nodes; see DeploymentNode.",
    )


class DeploymentNode(Element):
    """A node (server, cluster, cloud region, ...) in one deployment environment."""

    kind: ClassVar[str] = "Deployment Node"
    technology: str = ""
    environment: str = "Default"
    instances: Annotated[str, WithJsonSchema(_COUNT_OR_RANGE)] = Field(
        default="1", description="How many: 1, 3 (a number) or '1..N', '4..12' (a range).")
    deployment_groups: list[str] = Field(
        default_factory=new_list,
        description="Deployment groups (names) of everything deployed on this node: instances replicate "
        "relationships only with instances that share a group (Structurizr's deployment groups).",
    )
    children: list[DeploymentNode] = Field(default_factory=new_list)
    infrastructure_nodes: list[InfrastructureNode] = Field(default_factory=new_list)
    software_system_instances: list[SoftwareSystemInstance] = Field(default_factory=new_list)
    container_instances: list[ContainerInstance] = Field(default_factory=new_list)

    @field_validator("instances", mode="before")
    @classmethod
    def _instances_text(cls, value: object) -> object:
        """A whole number (YAML ``instances: 3``, Structurizr's ``"instances": 1``) is kept as its text."""
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                raise ValueError(f"instances {value} is negative — use a count such as 1 or 3, "
                                 "or a range such as '1..N'")
            return str(value)
        return value

    def deployment_node(
        self,
        name: str,
        description: str = "",
        technology: str = "",
        *,
        id: str | None = None,
        instances: int | str = 1,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        deployment_groups: Iterable[str] = (),
    ) -> DeploymentNode:
        """Create a nested node in the same environment."""
        model = self._owner()
        node = DeploymentNode(
            id=id or child_id(self.id, name),
            name=name,
            description=description,
            technology=technology,
            environment=self.environment,
            instances=str(instances),
            tags=tag_list(tags),
            properties=dict(properties or {}),
            url=url,
            icon=icon,
            deployment_groups=list(deployment_groups),
        )
        model.register(node)
        self.children.append(node)
        return node

    def infrastructure_node(
        self,
        name: str,
        description: str = "",
        technology: str = "",
        *,
        id: str | None = None,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
    ) -> InfrastructureNode:
        """Create an infrastructure node (load balancer, firewall, DNS, ...) on this node."""
        model = self._owner()
        infra = InfrastructureNode(
            id=id or child_id(self.id, name),
            name=name,
            description=description,
            technology=technology,
            tags=tag_list(tags),
            properties=dict(properties or {}),
            url=url,
            icon=icon,
        )
        model.register(infra)
        self.infrastructure_nodes.append(infra)
        return infra

    def container_instance(
        self,
        container: Container | str,
        *,
        id: str | None = None,
        instance_id: int = 1,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        deployment_groups: Iterable[str] = (),
    ) -> ContainerInstance:
        """Deploy an instance of ``container`` on this node; ``deployment_groups`` limit the relationships
        replicated onto it to instances of the same groups (e.g. one region)."""
        model = self._owner()
        target = container if isinstance(container, str) else container.id
        inst = ContainerInstance(
            id=id or derive_instance_id(self.id, target, model._ids, instance_id),
            container=target,
            instance_id=instance_id,
            tags=tag_list(tags),
            properties=dict(properties or {}),
            deployment_groups=list(deployment_groups),
        )
        model.register(inst)
        self.container_instances.append(inst)
        return inst

    def software_system_instance(
        self,
        software_system: SoftwareSystem | str,
        *,
        id: str | None = None,
        instance_id: int = 1,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        deployment_groups: Iterable[str] = (),
    ) -> SoftwareSystemInstance:
        """Deploy an instance of ``software_system`` on this node."""
        model = self._owner()
        target = software_system if isinstance(software_system, str) else software_system.id
        inst = SoftwareSystemInstance(
            id=id or derive_instance_id(self.id, target, model._ids, instance_id),
            software_system=target,
            instance_id=instance_id,
            tags=tag_list(tags),
            properties=dict(properties or {}),
            deployment_groups=list(deployment_groups),
        )
        model.register(inst)
        self.software_system_instances.append(inst)
        return inst
