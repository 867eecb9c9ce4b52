"""The example Order Service: the rules in the domain, the use cases through the ports, the
adapters through their technology (WSGI, argparse, a dict) — no database, framework or broker."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from order_service.adapters.cli import run
from order_service.adapters.memory import InMemoryOrderRepository, repository
from order_service.domain.order import MAX_LINES, Order, OrderCancelled, OrderError, OrderLine, OrderPlaced
from order_service.domain.pricing import line_total, order_total
from order_service.main import wire
from order_service.ports.cancel_order import CancelRefused, UnknownOrder
from order_service.ports.place_order import BasketLine, OrderRejected, PlaceOrderCommand


def test_volume_discount_applies_from_ten_units_and_rounds_half_up() -> None:
    assert line_total(9, 1000) == 9000
    assert line_total(10, 1000) == 9500
    assert line_total(10, 333) == 3164  # 3330 - 166.5 = 3163.5 -> 3164
    assert order_total([(1, 250), (10, 100)]) == 250 + 950


def test_an_order_enforces_its_invariants_and_records_events() -> None:
    with pytest.raises(OrderError, match="at least one line"):
        Order.place("o-1", "ann", [])
    with pytest.raises(OrderError, match=f"at most {MAX_LINES} lines"):
        Order.place("o-1", "ann", [OrderLine("sku", 1, 1)] * (MAX_LINES + 1))
    order = Order.place("o-1", "ann", [OrderLine("book", 2, 1500)])
    assert order.pull_events() == [OrderPlaced("o-1", 3000)]
    order.ship()
    with pytest.raises(OrderError, match="has shipped"):
        order.cancel()
    assert order.pull_events() == []


def test_the_repository_keeps_copies_until_saved() -> None:
    repo = InMemoryOrderRepository()
    order = Order.place(repo.next_id(), "ann", [OrderLine("book", 1, 100)])
    repo.add(order)
    order.cancel()
    stored = repo.get("o-1")
    assert stored is not None and stored.status == "placed"
    repo.save(order)
    again = repo.get("o-1")
    assert again is not None and again.status == "cancelled"
    with pytest.raises(KeyError):
        repository().save(order)


def test_use_cases_save_and_publish_through_the_driven_ports() -> None:
    service, _, publisher = wire()
    placed = service.place_order(PlaceOrderCommand("ann", (BasketLine("pen", 10, 200),)))
    assert placed.total_cents == 1900
    service.cancel_order(placed.order_id)
    service.cancel_order(placed.order_id)  # cancelling twice changes nothing and publishes nothing
    assert publisher.published == [OrderPlaced(placed.order_id, 1900), OrderCancelled(placed.order_id)]
    with pytest.raises(OrderRejected, match="at least one line"):
        service.place_order(PlaceOrderCommand("ann", ()))
    with pytest.raises(UnknownOrder):
        service.cancel_order("o-404")


def test_a_shipped_order_cannot_be_cancelled_through_the_port() -> None:
    service, _, _ = wire()
    placed = service.place_order(PlaceOrderCommand("ann", (BasketLine("pen", 1, 200),)))
    order = service.repository.get(placed.order_id)
    assert order is not None
    order.ship()
    service.repository.save(order)
    with pytest.raises(CancelRefused, match="has shipped"):
        service.cancel_order(placed.order_id)


def call(app: Any, method: str, path: str, body: object = None) -> tuple[str, Any]:
    data = b"" if body is None else json.dumps(body).encode()
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(data)),
               "wsgi.input": io.BytesIO(data)}
    seen: list[str] = []
    chunks = app(environ, lambda status, headers: seen.append(status))
    raw = b"".join(chunks)
    return seen[0], json.loads(raw) if raw else None


def test_the_rest_controller_maps_http_to_the_use_cases() -> None:
    _, app, _ = wire()
    basket = {"customer": "ann", "lines": [{"sku": "pen", "quantity": 2, "unit_price_cents": 150}]}
    assert call(app, "POST", "/orders", basket) == ("201 Created", {"order_id": "o-1", "total_cents": 300})
    assert call(app, "POST", "/orders/o-1/cancel") == ("204 No Content", None)
    assert call(app, "POST", "/orders/o-9/cancel")[0] == "404 Not Found"
    assert call(app, "POST", "/orders", {"customer": "ann", "lines": []})[0] == "422 Unprocessable Content"
    assert call(app, "POST", "/orders", {"lines": "x"})[0] == "400 Bad Request"
    assert call(app, "GET", "/nowhere")[0] == "404 Not Found"


def test_the_admin_cli_cancels_in_bulk_and_reports_failures() -> None:
    service, _, _ = wire()
    first = service.place_order(PlaceOrderCommand("ann", (BasketLine("pen", 1, 200),))).order_id
    out = io.StringIO()
    assert run(service, ["cancel", first, "o-404"], out) == 1
    assert out.getvalue() == f"cancelled {first}\nnot cancelled o-404: no order o-404\n"
    assert run(service, ["cancel", first], io.StringIO()) == 0
