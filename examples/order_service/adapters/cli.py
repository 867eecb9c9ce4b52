"""Driving adapter: the admin command line; bulk cancellation, one use-case call per order."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TextIO

from order_service.ports.cancel_order import CancelOrder, CancelRefused, UnknownOrder


def run(cancel: CancelOrder, argv: Sequence[str], out: TextIO) -> int:
    """``cancel ORDER_ID...``: cancel each order; exit 1 when one could not be cancelled."""
    parser = argparse.ArgumentParser(prog="orders-admin")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("cancel", help="cancel orders that have not shipped").add_argument("order_ids", nargs="+")
    args = parser.parse_args(list(argv))
    failed = 0
    for order_id in args.order_ids:
        try:
            cancel.cancel_order(order_id)
            out.write(f"cancelled {order_id}\n")
        except (UnknownOrder, CancelRefused) as exc:
            failed += 1
            out.write(f"not cancelled {order_id}: {exc}\n")
    return 1 if failed else 0
