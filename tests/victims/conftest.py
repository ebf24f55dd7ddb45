"""Registry state for the victims tests, built through our own services."""

import datetime
import itertools

import pytest

from accounts.models import Organisation, ServedProvince
from victims import choices, services
from victims.models import Case, ExploitationForm, Reception, Victim

_serials = itertools.count(1)


def cccd_for(*, sex: str, birth_year: int, birth_province: str = "038") -> str:
    """A valid 12-digit CCCD for this sex and birth year, unique within a test run."""
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if sex == choices.Sex.FEMALE else 0)
    return f"{birth_province}{digit}{birth_year % 100:02d}{next(_serials):06d}"


@pytest.fixture
def thanh_hoa_served(units):
    ServedProvince.objects.create(
        organisation=Organisation.current(), province=units.province, case_code_prefix="TH"
    )
    return units.province


@pytest.fixture
def make_case(thanh_hoa_served):
    """make_case(actor, unit, full_name=..., received=date, ...) -> Case, via case_create."""

    def build(
        actor,
        unit,
        *,
        full_name="Nguyễn Thị Hoa",
        sex=choices.Sex.FEMALE,
        birth_year=2000,
        date_of_birth=None,
        residence=None,
        received=datetime.date(2024, 5, 10),
        destination="CN",
        forms=("sexual",),
        id_number=None,
        victim=None,
    ):
        if victim is None:
            victim = Victim(
                full_name=full_name,
                sex=sex,
                birth_year=birth_year,
                date_of_birth=date_of_birth,
                id_type=choices.IdType.CCCD,
                id_number=id_number
                if id_number is not None
                else cccd_for(sex=sex, birth_year=birth_year),
                permanent_unit=residence or unit,
            )
        case = Case(managing_unit=unit, destination_country=destination)
        reception = Reception(
            received_on=received,
            channel=choices.ReturnChannel.HANDED_OVER,
            agency_type=choices.ReceivingAgencyType.BORDER_GUARD,
        )
        return services.case_create(
            actor=actor,
            victim=victim,
            case=case,
            reception=reception,
            exploitation_forms=ExploitationForm.objects.filter(code__in=forms),
        )

    return build


# --- The import's job, run here as its Celery tasks would run it ---------------------------------
# (tests/victims/test_import_jobs.py runs them on a real worker; the other import tests call the
# tasks' services synchronously, so that they need no committed data.)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_checked(client, content: bytes, name: str = "ds.xlsx"):
    """Upload `content` as the import screen does, run the check task's work; returns the job
    (None when the upload was refused) and the job page (or the refused form)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from victims.importing import jobs
    from victims.models import ImportJob

    before = ImportJob.objects.order_by("pk").last()
    response = client.post(
        "/victims/import/", {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )
    job = ImportJob.objects.order_by("pk").last()
    if job is None or job == before:
        return None, response
    jobs.import_job_check(job_id=job.pk)
    return job, client.get(f"/victims/import/{job.pk}/")


def import_saved(client, job):
    """Confirm `job` as its page does, run the save task's work; returns the job page."""
    from victims.importing import jobs

    client.post(f"/victims/import/{job.pk}/confirm/")
    jobs.import_job_save(job_id=job.pk)
    return client.get(f"/victims/import/{job.pk}/")
