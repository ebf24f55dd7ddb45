"""The legal regime is chosen by date: the current one from 1 July 2025."""

import datetime

from locations.regimes import LegalRegime, regime_on


def test_30_june_2025_falls_under_the_legacy_regime():
    assert regime_on(datetime.date(2025, 6, 30)) == LegalRegime.LEGACY


def test_1_july_2025_falls_under_the_current_regime():
    assert regime_on(datetime.date(2025, 7, 1)) == LegalRegime.CURRENT


def test_a_2024_date_falls_under_the_legacy_regime():
    assert regime_on(datetime.date(2024, 3, 15)) == LegalRegime.LEGACY
