"""The Order Service of models/hexagonal.py, as a small runnable package: ports and adapters.

``domain`` (the order aggregate and the pricing policy) and ``ports`` (use cases and needs) form
the hexagon; ``application`` implements the driving ports with the domain; ``adapters`` hold a
dependency-free WSGI REST controller, an argparse admin CLI and an in-memory repository;
``main`` wires them together. ``archkit conform models/hexagonal.py`` holds the imports to the model.
"""
