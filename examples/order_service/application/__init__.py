"""The application service: implements the driving ports with the domain and the driven ports."""

from order_service.application.service import OrderingService

__all__ = ["OrderingService"]
