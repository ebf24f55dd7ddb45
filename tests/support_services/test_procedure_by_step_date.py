"""Procedure by the date a step runs (issue 15 item 4).

A step taken on or after 1 July 2025 for a case received earlier goes through the bodies that
exist on that day, while the substance (support type, amount) follows the regime of the
reception date. Expected answers are worked out from the texts (DOMAIN.md "Two legal regimes"):
- before 1 July 2025 (Decree 09/2013/NĐ-CP, Circular 35/2013/TT-BLĐTBXH): the commune certifies
  and forwards, the district labour division (Phòng LĐTBXH) appraises, the district chair
  decides;
- from 1 July 2025 districts are gone (Decision 19/2025/QĐ-TTg) and Decree 162/2025/NĐ-CP gives
  the decision to the provincial health department (Sở Y tế), within 9 working days;
- who finishes an application received before that day is not settled by the transitional
  provisions read: by default the bodies that exist on the step's day (the health department),
  or, when the organisation chooses, the commune bodies that inherited the district's tasks.

The case: received (returned) on 10/06/2025, identified on 16/06/2025, poor household; an
application for vocational training received on Friday 20/06/2025, forwarded by the commune
(Xã Thạch Lâm, district Thạch Thành) on Tuesday 24/06/2025, appraised on Friday 27/06/2025.
"""

import datetime
import io
import re
import zipfile

import pytest

from accounts.models import Organisation
from accounts.services import department_profiles_ensure
from support_services.applications import rules, services
from support_services.models import ApplicationStatus, SupportRate
from tests.support_services.applications_fixtures import *  # noqa: F403 (the fixtures)
from tests.support_services.applications_fixtures import D, identify, record, support
from verification.calendar import working_calendar
from victims.choices import Poverty

pytestmark = pytest.mark.django_db

DISTRICT_CHAIR = "Chủ tịch Ủy ban nhân dân huyện Thạch Thành"
HEALTH_DEPARTMENT = "Sở Y tế"
COMMUNE_CHAIR = "Chủ tịch Ủy ban nhân dân xã Thạch Lâm"


def choose(policy: str) -> None:
    organisation = Organisation.current()
    organisation.transitional_procedure = policy
    organisation.save()


@pytest.fixture
def june_2025_case(officer_a, provincial_staff, units, make_case):
    department_profiles_ensure(province=units.province)
    case = make_case(
        officer_a,
        units.district_a,
        full_name="Hà Thị Chuyển",
        received=D(2025, 6, 10),
        residence=units.commune_a1,
    )
    case.victim.poverty_status = Poverty.POOR
    case.victim.save()
    return identify(case, officer=officer_a, staff=provincial_staff, on=D(2025, 6, 16))


@pytest.fixture
def received(officer_a, june_2025_case, units):
    return record(
        officer_a,
        june_2025_case,
        "legacy",
        "vocational",
        received_on=D(2025, 6, 20),
        certifying_unit=units.commune_a1,
    )


@pytest.fixture
def appraised(officer_a, received):
    application = services.application_forward(
        actor=officer_a, application=received, forwarded_on=D(2025, 6, 24)
    )
    return services.application_appraise(
        actor=officer_a, application=application, appraised_on=D(2025, 6, 27)
    )


@pytest.fixture
def rates():
    """Vocational training: 1,000,000 đ under the legacy regime (a 2024 resolution), 3,000,000 đ
    under the current one from 1 July 2025 — the application must get the first."""
    legacy = SupportRate.objects.create(
        support_type=support("legacy", "vocational"),
        amount=1_000_000,
        unit="person",
        valid_from=D(2024, 1, 1),
        legal_basis="Nghị quyết 05/2024/NQ-HĐND",
    )
    current = SupportRate.objects.create(
        support_type=support("current", "vocational"),
        amount=3_000_000,
        unit="person",
        valid_from=D(2025, 7, 1),
        legal_basis="Nghị quyết 12/2025/NQ-HĐND",
    )
    return legacy, current


def approve(actor, application, day, authority=""):
    return services.application_approve(
        actor=actor,
        application=application,
        decision_number="88/QĐ",
        decision_date=day,
        authority=authority,
    )


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml)


# --- The stage of a step, by its day (pure rule, every cell) ---------------------------------


@pytest.mark.parametrize(
    ("step", "day", "policy", "level", "days"),
    [
        ("commune_forward", D(2025, 6, 30), "step_date", "commune", 3),
        ("commune_forward", D(2025, 7, 1), "step_date", "commune", 3),
        ("district_appraisal", D(2025, 6, 30), "step_date", "district", 5),
        ("district_appraisal", D(2025, 7, 1), "step_date", "department", 5),
        ("district_appraisal", D(2025, 7, 1), "successors", "commune", 5),
        ("decision", D(2025, 6, 30), "step_date", "district", 3),
        ("decision", D(2025, 6, 30), "successors", "district", 3),
        ("decision", D(2025, 7, 1), "step_date", "department", 3),
        ("decision", D(2025, 7, 1), "successors", "commune", 3),
    ],
)
def test_each_legacy_step_is_taken_by_the_body_of_its_day(step, day, policy, level, days):
    stage = rules.stage_on(services.deadlines_for("legacy"), step, day, policy)

    assert (stage.body_level, stage.days) == (level, days)
    assert stage.covers(day)


def test_the_current_procedure_is_decided_by_the_department_within_9_working_days():
    stage = rules.stage_on(services.deadlines_for("current"), "decision", D(2025, 7, 1))

    assert (stage.body_level, stage.days, stage.is_open_question) == ("department", 9, False)
    assert "162/2025/NĐ-CP" in stage.legal_basis


def test_a_stage_from_1_july_2025_says_the_transition_is_an_open_question():
    stage = rules.stage_on(services.deadlines_for("legacy"), "decision", D(2025, 7, 5))

    assert stage.is_open_question
    assert "quy định chuyển tiếp chưa rõ" in stage.legal_basis


def test_a_pending_decision_due_after_1_july_names_who_takes_it_from_that_day():
    steps = rules.schedule(
        D(2025, 6, 20),
        services.deadlines_for("legacy"),
        {"commune_forward": D(2025, 6, 24), "district_appraisal": D(2025, 6, 27)},
        working_calendar(),
    )

    decision = steps[-1]
    # Friday 27/06 + 3 working days: Mon 30/06, Tue 01/07, Wed 02/07.
    assert (decision.start, decision.due) == (D(2025, 6, 27), D(2025, 7, 2))
    assert decision.stage.body_level == "district"
    assert decision.later_stage.body_level == "department"
    assert decision.later_stage.valid_from == D(2025, 7, 1)
    assert rules.stage_change_day(steps) == D(2025, 7, 1)


# --- The case: received 10/06/2025, application 20/06/2025, decision 05/07/2025 -------


def test_a_decision_of_5_july_2025_is_taken_by_the_health_department_with_the_legacy_amount(
    provincial_staff, appraised, rates, client_a
):
    approved = approve(provincial_staff, appraised, D(2025, 7, 5))

    assert approved.status == ApplicationStatus.APPROVED
    assert approved.deciding_authority == HEALTH_DEPARTMENT
    # The substance stays that of the reception date: the legacy support type and its rate.
    assert approved.support_record.support_type == support("legacy", "vocational")
    text = docx_text(
        client_a.get(f"/support/applications/{approved.pk}/documents/decision/").content
    )
    assert "SỞ Y TẾ" in text
    assert "ỦY BAN NHÂN DÂN TỈNH THANH HÓA" in text
    assert "Số tiền hỗ trợ: 1.000.000 đồng." in text
    assert (
        "Mức áp dụng: 1.000.000 đồng/người, áp dụng từ ngày 01/01/2024 "
        "(Nghị quyết 05/2024/NQ-HĐND)." in text
    )
    assert "3.000.000" not in text
    assert (
        "Xét kết quả thẩm định ngày 27/06/2025 của Phòng Lao động - Thương binh và Xã hội "
        "huyện Thạch Thành" in text
    )
    assert "Thạch Thành, ngày" not in text  # signed where the department signs: Thanh Hóa


def test_the_same_decision_on_30_june_2025_is_the_district_chairs(
    provincial_staff, appraised, client_a
):
    approved = approve(provincial_staff, appraised, D(2025, 6, 30))

    assert approved.deciding_authority == DISTRICT_CHAIR
    text = docx_text(
        client_a.get(f"/support/applications/{approved.pk}/documents/decision/").content
    )
    assert "ỦY BAN NHÂN DÂN HUYỆN THẠCH THÀNH" in text
    assert "SỞ Y TẾ" not in text


def test_when_the_organisation_chooses_the_successors_the_commune_chair_decides(
    provincial_staff, appraised
):
    choose("successors")

    approved = approve(provincial_staff, appraised, D(2025, 7, 5))

    assert approved.deciding_authority == COMMUNE_CHAIR


def test_an_appraisal_on_3_july_2025_is_the_health_departments(
    officer_a, provincial_staff, received, client_a
):
    forwarded = services.application_forward(
        actor=officer_a, application=received, forwarded_on=D(2025, 6, 24)
    )
    appraised = services.application_appraise(
        actor=officer_a, application=forwarded, appraised_on=D(2025, 7, 3)
    )
    approved = approve(provincial_staff, appraised, D(2025, 7, 7))

    assert services.appraisal_body(approved) == HEALTH_DEPARTMENT
    text = docx_text(
        client_a.get(f"/support/applications/{approved.pk}/documents/decision/").content
    )
    assert "Xét kết quả thẩm định ngày 03/07/2025 của Sở Y tế" in text


def test_a_typed_authority_is_kept_as_typed(provincial_staff, appraised):
    approved = approve(
        provincial_staff, appraised, D(2025, 7, 5), "Giám đốc Sở Y tế tỉnh Thanh Hóa"
    )

    assert approved.deciding_authority == "Giám đốc Sở Y tế tỉnh Thanh Hóa"


def test_an_application_of_2024_decided_in_2024_is_untouched_by_the_change(
    provincial_staff, appraised_application
):
    approved = approve(provincial_staff, appraised_application, D(2024, 6, 18))

    assert approved.deciding_authority == DISTRICT_CHAIR
    steps = services.application_schedule(approved)
    assert [step.stage.body_level for step in steps] == ["commune", "district", "district"]
    assert rules.stage_change_day(steps) is None


# --- On screen ----------------------------------------------------------------------------------


def case_page(client, case, tab="overview") -> str:
    response = client.get(f"/victims/cases/{case.pk}/?tab={tab}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_says_which_rule_applied_and_why(client_a, provincial_staff, appraised):
    approve(provincial_staff, appraised, D(2025, 7, 5))

    page = case_page(client_a, appraised.case, "applications")

    assert "Vụ việc tiếp nhận ngày 10/06/2025" in page
    assert "Các bước thực hiện từ ngày 01/07/2025" in page
    assert "Bước thực hiện từ 01/07/2025 do cơ quan có thẩm quyền tại ngày đó" in page  # setting
    assert "Phòng Lao động - Thương binh và Xã hội huyện Thạch Thành" in page  # the appraisal
    assert HEALTH_DEPARTMENT in page  # the decision


def test_a_pending_decision_shows_who_takes_it_from_1_july(client_a, appraised):
    page = case_page(client_a, appraised.case, "applications")

    assert DISTRICT_CHAIR in page
    assert "Nếu thực hiện từ 01/07/2025: Sở Y tế" in page


def test_the_case_page_of_a_2024_application_decided_in_2024_has_no_note(
    client_a, provincial_staff, appraised_application
):
    approve(provincial_staff, appraised_application, D(2024, 6, 18))

    page = case_page(client_a, appraised_application.case)

    assert 'data-testid="application-procedure-note"' not in page


def test_an_officer_of_another_district_sees_neither_the_page_nor_the_decision(
    client_b, provincial_staff, appraised
):
    approved = approve(provincial_staff, appraised, D(2025, 7, 5))

    assert client_b.get(f"/victims/cases/{approved.case.pk}/").status_code == 404
    response = client_b.get(f"/support/applications/{approved.pk}/documents/decision/")
    assert response.status_code == 404


def test_the_organisation_setting_defaults_to_the_bodies_of_the_step_date():
    assert Organisation.current().transitional_procedure == "step_date"


def test_a_rate_of_the_current_regime_is_not_used_for_a_legacy_application(rates, appraised):
    legacy, _current = rates
    day = datetime.date(2025, 7, 5)

    assert SupportRate.in_force(appraised.support_type, day) == legacy


def test_the_support_decided_shows_the_rate_of_its_regime_and_the_rates_basis(
    client_a, provincial_staff, appraised, rates
):
    approve(provincial_staff, appraised, D(2025, 7, 5))

    page = case_page(client_a, appraised.case, "supports")

    assert "Mức 1.000.000 ₫/người — căn cứ: Nghị quyết 05/2024/NQ-HĐND" in page
    assert "Nghị quyết 12/2025/NQ-HĐND" not in page


def test_the_case_page_names_the_source_of_each_form_of_exploitation(client_a, appraised):
    page = case_page(client_a, appraised.case)

    assert 'title="Nguồn: Điều 5 khoản 1 Nghị định 62/2012/NĐ-CP"' in page
