"""Driving port: place an order from a basket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class OrderRejected(Exception):
    """The use case refused the command; the message says why, in words for the caller."""


@dataclass(frozen=True)
class BasketLine:
    sku: str
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class PlaceOrderCommand:
    customer: str
    lines: tuple[BasketLine, ...]


@dataclass(frozen=True)
class PlacedOrder:
    order_id: str
    total_cents: int


class PlaceOrder(Protocol):
    def place_order(self, command: PlaceOrderCommand) -> PlacedOrder:
        """Place the order or raise :class:`OrderRejected`."""
        ...
