"""What the apps built on victims add to a case (victims.registry): each app registers its own
case-page sections, timeline sources and personal fields, in an explicit order, so that victims
imports none of them and the case page does not depend on the order of INSTALLED_APPS."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from victims import registry

ROOT = Path(__file__).resolve().parents[2]
LATER_APPS = ("verification", "support_services", "reports", "prevention")


@pytest.fixture
def empty_registry(monkeypatch):
    """A registry of its own for the test: what the apps registered stays as it was."""
    monkeypatch.setattr(registry, "_case_sections", {})
    monkeypatch.setattr(registry, "_timeline_sources", {})
    monkeypatch.setattr(registry, "_personal_fields", {})


def test_the_sections_and_timeline_sources_come_in_the_order_the_apps_registered():
    order = ["dossier", "supports", "followups", "applications", "referrals"]

    assert [section.name for section in registry.case_sections()] == order
    assert [source.name for source in registry.timeline_sources()] == order


@pytest.mark.django_db
def test_the_case_page_shows_the_sections_as_tabs_in_that_order(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a)

    page = client_a.get(f"/victims/cases/{case.pk}/").content.decode()

    names = ["overview", "dossier", "supports", "followups", "applications", "referrals"]
    positions = [page.index(f'data-testid="tab-{name}"') for name in [*names, "timeline"]]
    assert positions == sorted(positions)


def test_the_personal_fields_of_every_app_are_registered_once_in_order():
    labels = [fields.label for fields in registry.personal_fields()]

    assert labels[:6] == [
        "victims.Victim",
        "victims.Consent",
        "victims.Case",
        "victims.Reception",
        "victims.ImportedRow",
        "victims.OutgoingDocument",
    ]
    assert {label.split(".")[0] for label in labels[6:]} == {"verification", "support_services"}
    assert "support_services.SupportExtension" in labels
    assert "support_services.ClosureEvent" in labels  # a rejection's reason may name people
    assert len(labels) == len(set(labels)) == 21


def test_the_order_is_the_one_stated_not_the_order_of_registration(empty_registry):
    registry.register_case_section("later", lambda request, case: "B", order=20)
    registry.register_case_section("earlier", lambda request, case: "A", order=10)

    assert [section.name for section in registry.case_sections()] == ["earlier", "later"]


def test_registering_a_name_again_replaces_it(empty_registry):
    registry.register_timeline_source("dossier", lambda case: [], order=100)
    registry.register_timeline_source("dossier", lambda case: [], order=100)

    assert [source.name for source in registry.timeline_sources()] == ["dossier"]


def test_two_sections_may_not_share_an_order(empty_registry):
    registry.register_case_section("dossier", lambda request, case: "", order=100)

    with pytest.raises(ImproperlyConfigured):
        registry.register_case_section("supports", lambda request, case: "", order=100)


def test_victims_imports_none_of_the_apps_built_on_it():
    imported = []
    for path in (ROOT / "victims").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported += [(path.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append((path.name, node.module))

    assert [(name, module) for name, module in imported if module.split(".")[0] in LATER_APPS] == []
    assert ("anonymise.py", "victims.registry") in imported


def test_a_model_s_workflow_events_come_right_after_it_with_their_note_redacted():
    by_label = {fields.label: fields for fields in registry.personal_fields()}
    dossier = by_label["verification.VerificationDossier"]
    events = by_label["verification.DossierEvent"]

    assert events.order == dossier.order + 1
    assert events.to_victim == "dossier__case__victim"
    assert (events.redact, events.kept) == (("note",), ("from_status", "to_status"))


def test_events_with_no_foreign_key_to_their_model_are_refused(empty_registry):
    from victims.models import Case, Victim

    with pytest.raises(ImproperlyConfigured):
        registry.register_personal_fields(Case, to_victim="victim", order=30, events=Victim)
