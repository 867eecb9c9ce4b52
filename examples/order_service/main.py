"""Composition root (concept K3): wires adapters to ports; the tests wire the same way."""

from __future__ import annotations

from collections.abc import Sequence

from order_service.adapters.memory import InMemoryOrderRepository
from order_service.adapters.rest import RestController
from order_service.application.service import OrderingService
from order_service.domain.order import OrderCancelled, OrderPlaced


class RecordingPublisher:
    """Keeps published events in a list: the demo's stand-in for the message-bus adapter."""

    def __init__(self) -> None:
        self.published: list[OrderPlaced | OrderCancelled] = []

    def publish(self, events: Sequence[OrderPlaced | OrderCancelled]) -> None:
        self.published.extend(events)


def wire() -> tuple[OrderingService, RestController, RecordingPublisher]:
    """The service with an in-memory repository, its REST controller and the event recorder."""
    publisher = RecordingPublisher()
    service = OrderingService(InMemoryOrderRepository(), publisher)
    return service, RestController(service, service), publisher
