"""Shared pytest configuration: hypothesis profiles (`HYPOTHESIS_PROFILE=fuzz` for make fuzz).

`make test` runs the suite in parallel (pytest-xdist, ``-n auto --dist loadfile``): each test file runs whole in
one worker process, next to other files in the others. So a test writes only below its ``tmp_path`` (or a
``tmp_path_factory`` folder), never into the checkout; a server listens on port 0; a build several tests of a
file read is a ``scope="module"`` fixture (made once, as the file runs in one worker); and nothing depends on
another file's tests having run first. A single file still runs as before: ``pytest tests/test_x.py``."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
