"""The benchmark's own machinery (bench/, `make bench`): the synthetic province obeys the models,
is found as the app finds people, feeds the report; results.md is rendered right. Speed goals
live in the benchmark, never here."""

import datetime
import json

import pytest
from django.urls import reverse

from bench import dataset, report_bench, run
from prevention.models import PreventionActivity
from support_services.models import (
    CaseClosure,
    FollowUp,
    Referral,
    SupportApplication,
    SupportRecord,
)
from tests.factories import CommuneFactory, DistrictFactory, LegacyCommuneFactory, ProvinceFactory
from verification.models import VerificationDossier
from victims.models import Case, Consent, Reception, Victim

SIZE = 50


@pytest.fixture
def tiny(units, settings, tmp_path):
    """The dataset on the test's small Thanh Hóa (the `units` fixture, plus the district officer's
    legacy district and a commune of another province) rather than the 4,000 real units."""
    settings.MEDIA_ROOT = tmp_path / "media"
    district = DistrictFactory(
        code=dataset.DISTRICT_CODE, name="Thành phố Thanh Hóa", parent=units.province
    )
    LegacyCommuneFactory(code="14755", name="Phường Đông Thọ", parent=district)
    CommuneFactory(
        code="00004", name="Phường Ba Đình", parent=ProvinceFactory(code="01", name="Hà Nội")
    )
    return dataset.build(SIZE, log=lambda *args: None)


def test_tiny_province_has_every_record_kind_in_both_regimes(tiny):
    counts = tiny["counts"]
    assert counts["people"] == SIZE == Victim.objects.count()
    assert counts["cases"] == SIZE * 3 // 2 == Case.objects.count()
    assert counts["supports"] == SIZE * 10 == SupportRecord.objects.count()
    receptions = Reception.objects.all()
    assert receptions.filter(received_on__lt=dataset.REFORM).exists()
    assert receptions.filter(received_on__gte=dataset.REFORM).exists()
    assert Case.objects.filter(managing_unit__is_legacy=True).exists()
    assert Case.objects.filter(managing_unit__is_legacy=False).exists()
    for model in (VerificationDossier, Consent, FollowUp, CaseClosure, PreventionActivity):
        assert model.objects.exists(), model


def test_sampled_rows_pass_full_clean(tiny):
    models = (
        Victim,
        Case,
        Reception,
        VerificationDossier,
        SupportRecord,
        SupportApplication,
        Referral,
        FollowUp,
        CaseClosure,
        Consent,
        PreventionActivity,
    )
    for model in models:
        rows = list(model.objects.order_by("pk")[:8])
        for row in rows:
            row.full_clean()
    assert any(
        "ễ" in name or "ị" in name for name in Victim.objects.values_list("full_name", flat=True)
    )


def test_id_numbers_are_encrypted_and_found_by_exact_search(tiny):
    case = Case.objects.exclude(victim__id_number_hash="").select_related("victim").first()
    number = case.victim.id_number
    assert len(number) == 12 and number.isdigit()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM victims_victim WHERE id = %s", [case.victim_id])
        assert cursor.fetchone()[0].startswith("gAAAAA")  # a Fernet token, not the number
    client = run._client_for("bench_tinh")
    response = client.post(reverse("victims:case-list"), {"q": number}, follow=True)
    assert response.status_code == 200
    assert case.code in response.content.decode()


def test_built_dataset_is_reused_and_another_size_is_refused(tiny):
    again = dataset.build(SIZE, log=lambda *args: None)
    assert again["reused"] and Victim.objects.count() == SIZE
    with pytest.raises(SystemExit):
        dataset.build(SIZE + 10, log=lambda *args: None)


def test_the_annual_report_runs_on_the_dataset(tiny):
    result = report_bench.measure(datetime.date.today().year - 1, repeat=1)
    assert result["status"] == "done"
    assert result["statements"] > 0 and result["task_s"] > 0


RESULTS = {
    "date": "2026-12-06 03:00 UTC",
    "machine": {"cpu": "Test CPU", "cores": 2, "ram_gb": 24.0, "python": "3.11", "os": "Linux"},
    "load_average": {"min": 1.0, "mean": 2.0, "max": 3.5},
    "load_average_samples": 10,
    "sizes": {
        size: {
            "postgresql": "PostgreSQL 15.19",
            "dataset": {"seconds": 2.0, "counts": {"people": int(size), "cases": 1, "supports": 2}},
            "pages": {
                name: {"ms": ms * factor, "queries": 19, "status": 200}
                for name, ms in [
                    ("list", 100),
                    ("age<16", 100),
                    ("ngoại tỉnh", 100),
                    ("search nguyen thi", 100),
                    ("search ID number", 100),
                    ("page 500", 100),
                    ("last page", 100),
                    ("dashboard province", 100),
                    ("dashboard district", 100),
                    ("case page", 100),
                ]
            },
            "load": {
                "workers": 4,
                "connections": 16,
                "pages": {
                    name: {"requests": 10, "rps": rps, "p50_ms": 500, "p95_ms": 900, "statuses": {}}
                    for name, rps in [("trivial page", 20.0), ("case page", 10.0), ("list", 4.0)]
                },
            },
            "import": {"rows": 200, "seconds": 1.0, "rows_per_s": rps_import, "method": "m"},
            "report": {
                "year": 2025,
                "statements": 46,
                "bare_s": 1.0,
                "task_s": 1.5,
                "ratio": 1.5,
                "python_peak_mb": 3,
                "rss_peak_mb": 150,
            },
        }
        for size, factor, rps_import in [("1000", 1.0, 40), ("100000", 1.2, 600)]
    },
}
# One page over its goal: the district dashboard takes 2 x the small size's time.
RESULTS["sizes"]["100000"]["pages"]["dashboard district"]["ms"] = 200


def test_results_table_states_figures_goals_and_verdicts():
    table = run.render_table(json.loads(json.dumps(RESULTS)))
    lines = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()}
    assert lines["victim list, provincial staff"].endswith(
        "| 100 ms | 120 ms | ≤ 1.3 × the 1k time | 1.20×: met |"
    )
    assert "120 / 200 ms" in lines["dashboard, province / district"]
    assert lines["dashboard, province / district"].endswith("1.20× / 2.00×: not met |")
    assert "50%: met" in lines["case page under gunicorn, 16 connections"]
    assert "20%: not met" in lines["victim list under gunicorn, 16 connections"]
    assert lines["Excel import"].endswith("| 40 rows/s | 600 rows/s | ≥ 500 rows/s | met |")
    assert "1.50 ×, 150 MB" in lines["annual report vs its bare SQL"]
    assert "load average during the run 1.0–3.5 (mean 2.0)" in table
    assert "2 cores (Test CPU), 24 GB RAM, PostgreSQL 15.19" in table


def test_readme_table_is_replaced_between_the_markers_only():
    readme = f"intro\n{run.START}\nold table\n{run.END}\nrest\n"
    replaced = run.replace_readme_table(readme, "| new |\n")
    assert replaced == f"intro\n{run.START}\n| new |\n{run.END}\nrest\n"
    assert "# Benchmark results" in run.render_results(json.loads(json.dumps(RESULTS)))
