"""Driven port: announce what happened to orders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from order_service.domain.order import OrderCancelled, OrderPlaced


class EventPublisher(Protocol):
    def publish(self, events: Sequence[OrderPlaced | OrderCancelled]) -> None: ...
