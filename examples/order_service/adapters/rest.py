"""Driving adapter: a dependency-free WSGI REST controller; maps HTTP to use-case calls, no rules.

``POST /orders`` with ``{"customer": ..., "lines": [{"sku", "quantity", "unit_price_cents"}]}``
answers 201 ``{"order_id", "total_cents"}``; ``POST /orders/<id>/cancel`` answers 204.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from order_service.ports.cancel_order import CancelOrder, CancelRefused, UnknownOrder
from order_service.ports.place_order import BasketLine, OrderRejected, PlaceOrder, PlaceOrderCommand

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
MAX_BODY = 64 * 1024


class RestController:
    def __init__(self, place: PlaceOrder, cancel: CancelOrder) -> None:
        self.place = place
        self.cancel = cancel

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        parts = [p for p in path.split("/") if p]
        if method == "POST" and parts == ["orders"]:
            status, body = self._place(environ)
        elif method == "POST" and len(parts) == 3 and parts[0] == "orders" and parts[2] == "cancel":
            status, body = self._cancel(parts[1])
        else:
            status, body = "404 Not Found", {"error": f"no route for {method} {path}"}
        data = b"" if body is None else json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def _place(self, environ: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_BODY:
                return "413 Content Too Large", {"error": f"the body is over {MAX_BODY} bytes"}
            raw = json.loads(environ["wsgi.input"].read(length) or b"null")
            command = PlaceOrderCommand(str(raw["customer"]), tuple(
                BasketLine(str(line["sku"]), int(line["quantity"]), int(line["unit_price_cents"]))
                for line in raw["lines"]))
        except (ValueError, KeyError, TypeError) as exc:
            return "400 Bad Request", {"error": f"malformed order: {exc!r}"}
        try:
            placed = self.place.place_order(command)
        except OrderRejected as exc:
            return "422 Unprocessable Content", {"error": str(exc)}
        return "201 Created", {"order_id": placed.order_id, "total_cents": placed.total_cents}

    def _cancel(self, order_id: str) -> tuple[str, dict[str, Any] | None]:
        try:
            self.cancel.cancel_order(order_id)
        except UnknownOrder:
            return "404 Not Found", {"error": f"no order {order_id}"}
        except CancelRefused as exc:
            return "409 Conflict", {"error": str(exc)}
        return "204 No Content", None
