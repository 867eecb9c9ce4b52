"""Package discovery that pyproject.toml alone cannot express.

Every ``archkit*`` package is found as usual; the top-level ``templates/`` folder
(the arc42 Jinja2 templates, fixed there by the product brief) is shipped inside
the wheel as the package ``archkit._templates`` and read with importlib.resources.
Everything else about the build lives in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["archkit", "archkit.*"]), "archkit._templates"],
    package_dir={"archkit._templates": "templates"},
)
