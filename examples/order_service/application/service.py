"""Ordering application service: one use case per method, one save and one publish per call."""

from __future__ import annotations

from order_service.domain.order import Order, OrderError, OrderLine
from order_service.ports.cancel_order import CancelRefused, UnknownOrder
from order_service.ports.event_publisher import EventPublisher
from order_service.ports.order_repository import OrderRepository
from order_service.ports.place_order import OrderRejected, PlacedOrder, PlaceOrderCommand


class OrderingService:
    """Implements :class:`PlaceOrder` and :class:`CancelOrder`."""

    def __init__(self, repository: OrderRepository, publisher: EventPublisher) -> None:
        self.repository = repository
        self.publisher = publisher

    def place_order(self, command: PlaceOrderCommand) -> PlacedOrder:
        lines = [OrderLine(line.sku, line.quantity, line.unit_price_cents) for line in command.lines]
        try:
            order = Order.place(self.repository.next_id(), command.customer, lines)
        except OrderError as exc:
            raise OrderRejected(str(exc)) from None
        events = order.pull_events()  # taken before the save: a stored order holds no pending events
        self.repository.add(order)
        self.publisher.publish(events)
        return PlacedOrder(order.order_id, order.total_cents)

    def cancel_order(self, order_id: str) -> None:
        order = self.repository.get(order_id)
        if order is None:
            raise UnknownOrder(f"no order {order_id}")
        try:
            order.cancel()
        except OrderError as exc:
            raise CancelRefused(str(exc)) from None
        events = order.pull_events()
        self.repository.save(order)
        self.publisher.publish(events)
