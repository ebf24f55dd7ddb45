"""The import graph points one way (DESIGN.md "Layout"): import-linter checks the contracts in
pyproject.toml ([tool.importlinter]) — the victims chain as layers, prevention beside it, locations
at the bottom, nothing importing reports, and the project shell importing apps only in urls,
settings, celery and seed_demo. Function-level imports count like the others.

The second test breaks a copy of the code in a few ways and checks that the contracts see it, so
that a contract made too loose (or dropped) fails here rather than passing in silence."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """lint-imports run in `project`, which it puts first on the import path; no cache is
    written into the tree."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_graph_keeps_every_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(_config()['contracts'])} kept, 0 broken." in result.stdout


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("graph")
    shutil.copy(ROOT / "pyproject.toml", copy)
    for package in _config()["root_packages"]:
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return copy


# A module of an app, an import it must never make (inside a function: lazy imports count too),
# and the contract that says so.
FORBIDDEN_IMPORTS = [
    ("locations/models.py", "from accounts.models import User", "locations, at the bottom"),
    ("accounts/models.py", "from core import workflow", "The victims chain"),
    ("victims/services.py", "from verification import services", "The victims chain"),
    ("prevention/rules.py", "from victims import rules", "prevention stands beside"),
    ("verification/services.py", "from prevention import rules", "Only reports"),
    ("support_services/models.py", "from reports import indicators", "Nothing imports reports"),
    ("operations/views.py", "from trafficking_cases.celery import app", "No app imports the"),
    ("trafficking_cases/wsgi.py", "from accounts import access", "The shell imports apps only"),
]


@pytest.mark.parametrize(("module", "statement", "contract"), FORBIDDEN_IMPORTS)
def test_a_forbidden_import_breaks_its_contract(project_copy, module, statement, contract):
    path = project_copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n\ndef _lazy():\n    {statement}\n", encoding="utf-8")
    try:
        result = lint_imports(project_copy)
    finally:
        path.write_text(original, encoding="utf-8")

    assert result.returncode == 1, result.stdout + result.stderr
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
