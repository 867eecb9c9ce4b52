"""Driven adapter: the order repository as a dict, for tests and the demo."""

from __future__ import annotations

import copy
import itertools

from order_service.domain.order import Order
from order_service.ports.order_repository import OrderRepository


class InMemoryOrderRepository:
    """Keeps copies, so that a change is only seen after :meth:`save`, as with a database."""

    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}
        self._ids = itertools.count(1)

    def next_id(self) -> str:
        return f"o-{next(self._ids)}"

    def get(self, order_id: str) -> Order | None:
        order = self._orders.get(order_id)
        return copy.deepcopy(order) if order is not None else None

    def add(self, order: Order) -> None:
        if order.order_id in self._orders:
            raise KeyError(f"order {order.order_id} exists")
        self._orders[order.order_id] = copy.deepcopy(order)

    def save(self, order: Order) -> None:
        if order.order_id not in self._orders:
            raise KeyError(f"order {order.order_id} was never added")
        self._orders[order.order_id] = copy.deepcopy(order)


def repository() -> OrderRepository:
    """A new, empty repository, typed as the port it implements."""
    return InMemoryOrderRepository()
