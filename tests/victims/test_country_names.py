"""Country names as the forms and lists show them: one name, one country, in both languages.

django-countries' Vietnamese catalogue gives Iceland and Ireland both "Ai-len", Austria and Jersey
both "Áo", Niger and Nigeria both "Nigeria": an officer picking the country of exploitation could
not tell them apart."""

from collections import defaultdict

import pytest
from django.utils import translation
from django_countries import countries


def _names_with_codes(language):
    with translation.override(language):
        names = defaultdict(list)
        for code, name in countries:
            names[str(name)].append(code)
        return names


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_two_countries_share_a_name(language):
    shared = {name: codes for name, codes in _names_with_codes(language).items() if len(codes) > 1}
    assert shared == {}


@pytest.mark.parametrize(
    ("code", "vietnamese", "english"),
    [
        ("IE", "Ai-len", "Ireland"),
        ("IS", "Ai-xơ-len", "Iceland"),
        ("AT", "Áo", "Austria"),
        ("JE", "Jersey", "Jersey"),
        ("NG", "Nigeria", "Nigeria"),
        ("NE", "Niger", "Niger"),
    ],
)
def test_the_corrected_names(code, vietnamese, english):
    with translation.override("vi"):
        assert str(countries.name(code)) == vietnamese
    with translation.override("en"):
        assert str(countries.name(code)) == english
