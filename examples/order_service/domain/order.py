"""The order aggregate: its lines, its invariants and the domain events it records."""

from __future__ import annotations

from dataclasses import dataclass, field

from order_service.domain.pricing import order_total

MAX_LINES = 50


class OrderError(Exception):
    """An ordering rule refused the change."""


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class OrderPlaced:
    order_id: str
    total_cents: int


@dataclass(frozen=True)
class OrderCancelled:
    order_id: str


@dataclass
class Order:
    """An order; :meth:`place` and :meth:`cancel` enforce the rules and record events."""

    order_id: str
    customer: str
    lines: list[OrderLine]
    status: str = "placed"
    events: list[OrderPlaced | OrderCancelled] = field(default_factory=list)

    @classmethod
    def place(cls, order_id: str, customer: str, lines: list[OrderLine]) -> Order:
        if not lines:
            raise OrderError("an order needs at least one line")
        if len(lines) > MAX_LINES:
            raise OrderError(f"an order has at most {MAX_LINES} lines, not {len(lines)}")
        if any(line.quantity < 1 or line.unit_price_cents < 0 for line in lines):
            raise OrderError("every line needs a positive quantity and a price of zero or more")
        order = cls(order_id, customer, list(lines))
        order.events.append(OrderPlaced(order_id, order.total_cents))
        return order

    @property
    def total_cents(self) -> int:
        return order_total([(line.quantity, line.unit_price_cents) for line in self.lines])

    def cancel(self) -> None:
        if self.status == "shipped":
            raise OrderError(f"order {self.order_id} has shipped and can no longer be cancelled")
        if self.status == "cancelled":
            return
        self.status = "cancelled"
        self.events.append(OrderCancelled(self.order_id))

    def ship(self) -> None:
        if self.status != "placed":
            raise OrderError(f"order {self.order_id} is {self.status} and cannot ship")
        self.status = "shipped"

    def pull_events(self) -> list[OrderPlaced | OrderCancelled]:
        """The events recorded since the last call, oldest first."""
        events, self.events = self.events, []
        return events
