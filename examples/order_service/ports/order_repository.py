"""Driven port: where orders are kept."""

from __future__ import annotations

from typing import Protocol

from order_service.domain.order import Order


class OrderRepository(Protocol):
    def next_id(self) -> str: ...

    def get(self, order_id: str) -> Order | None: ...

    def add(self, order: Order) -> None: ...

    def save(self, order: Order) -> None: ...
