"""The public API is `from archkit import ...`; `__all__` is complete, sorted and importable."""

from __future__ import annotations

import importlib
import pkgutil

import archkit
import archkit.errors


def test_all_is_sorted_and_every_name_imports() -> None:
    assert archkit.__all__ == sorted(archkit.__all__)
    for name in archkit.__all__:
        assert getattr(archkit, name) is not None


def test_every_error_and_model_class_is_public() -> None:
    import archkit.model

    errors = {n for n, v in vars(archkit.errors).items() if isinstance(v, type) and issubclass(v, Exception)}
    public_model = set(archkit.model.__all__) - {"ArchModel", "ModelIndex", "View", "default_views"}
    assert errors <= set(archkit.__all__)
    assert public_model <= set(archkit.__all__)


def test_all_modules_import() -> None:
    for info in pkgutil.walk_packages(archkit.__path__, "archkit."):
        importlib.import_module(info.name)


def test_load_and_check_stay_functions_after_their_modules_are_imported() -> None:
    importlib.import_module("archkit.check.rules")  # imports the archkit.check package
    importlib.import_module("archkit.load")
    from archkit import check, load

    assert callable(load) and load.__module__ == "archkit.load"
    assert callable(check) and check.__module__ == "archkit.check.rules"
