"""The example package lives in examples/; its tests import it from there."""

import sys
from pathlib import Path

EXAMPLES = str(Path(__file__).resolve().parents[1])
if EXAMPLES not in sys.path:
    sys.path.insert(0, EXAMPLES)
