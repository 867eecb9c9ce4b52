"""Pricing policy: line totals, the volume discount and rounding (to whole cents, half up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

VOLUME_THRESHOLD = 10
"""Units of one product from which the volume discount applies."""
VOLUME_DISCOUNT = Decimal("0.05")


def line_total(quantity: int, unit_price_cents: int) -> int:
    """The price of one order line in cents, with 5 % off from 10 units on."""
    gross = Decimal(quantity * unit_price_cents)
    if quantity >= VOLUME_THRESHOLD:
        gross -= gross * VOLUME_DISCOUNT
    return int(gross.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def order_total(lines: list[tuple[int, int]]) -> int:
    """The sum of the line totals of ``(quantity, unit_price_cents)`` pairs, in cents."""
    return sum(line_total(quantity, price) for quantity, price in lines)
