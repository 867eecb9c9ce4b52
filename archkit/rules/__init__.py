"""Architecture rules evaluated on dependencies: the model's relationships (``archkit check``)
and the imports of the code mapped to the model (``archkit conform``)."""

from archkit.rules.evaluate import PROBLEM, Selection, Violation, breaks, violations

__all__ = ["PROBLEM", "Selection", "Violation", "breaks", "violations"]
