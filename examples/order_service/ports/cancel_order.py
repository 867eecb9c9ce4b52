"""Driving port: cancel an order that has not shipped."""

from __future__ import annotations

from typing import Protocol


class UnknownOrder(Exception):
    """No order has this id."""


class CancelRefused(Exception):
    """The order can no longer be cancelled; the message says why."""


class CancelOrder(Protocol):
    def cancel_order(self, order_id: str) -> None:
        """Cancel the order, or raise :class:`UnknownOrder` or :class:`CancelRefused`."""
        ...
