from pathlib import Path

import pytest
from django.conf import settings

from locations.loaders import load_current_units

LEGACY_CSV = Path(settings.BASE_DIR) / "locations" / "data" / "legacy_units_38_thanh_hoa.csv"


@pytest.fixture
def current_units(db):
    """The real current list from vietnam-provinces (34 provinces, 3,321 communes)."""
    return load_current_units()


@pytest.fixture
def legacy_csv() -> Path:
    return LEGACY_CSV


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
