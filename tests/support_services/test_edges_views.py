"""The law's edges through the services and the screens (issue 15 items 5, 6, 10, 11): a child
accompanying a victim, the legacy legal-aid means test, a one-off support across the two regimes,
the 120-day extension — refusals next to their field with what was typed kept, and the area."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from support_services.models import SupportExtension, SupportRecord, SupportType
from support_services.supports import services
from support_services.supports.services import SupportError
from victims import services as victim_services
from victims.choices import CaseStatus, PersonCategory

pytestmark = pytest.mark.django_db
D = datetime.date


def support(code, regime="legacy"):
    return SupportType.objects.get(regime=regime, code=code)


def identified(case):
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


@pytest.fixture
def legacy_case(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Lò Thị Mai")
    case.victim.poverty_status = "poor"
    case.victim.save()
    return identified(case)


@pytest.fixture
def child_case(officer_a, units, make_case, legacy_case):
    child = make_case(
        officer_a,
        units.district_a,
        received=D(2024, 5, 10),
        full_name="Lò Văn Tũn",
        sex="male",
        birth_year=2018,
    )
    child.person_category = PersonCategory.ACCOMPANYING_CHILD
    child.accompanies = legacy_case
    child.save()
    return child


@pytest.fixture
def current_case(officer_a, units, make_case, legacy_case):
    """The same person, trafficked again and received under the current regime."""
    case = make_case(officer_a, units.district_a, victim=legacy_case.victim, received=D(2025, 8, 1))
    return identified(case)


# --- Item 5: a child accompanying a victim ---------------------------------------------------


def test_a_child_accompanying_a_victim_receives_legacy_essential_needs(officer_a, child_case):
    record = services.support_propose(
        actor=officer_a,
        case=child_case,
        support_type=support("essential_needs"),
        quantity=10,
        on_date=D(2024, 5, 12),
    )

    assert record.case == child_case and record.quantity == 10


def test_a_child_accompanying_a_victim_is_refused_legacy_vocational_training(officer_a, child_case):
    with pytest.raises(SupportError, match="Điều 23 Nghị định 09/2013/NĐ-CP"):
        services.support_propose(
            actor=officer_a,
            case=child_case,
            support_type=support("vocational"),
            on_date=D(2024, 5, 12),
        )
    assert not SupportRecord.objects.filter(case=child_case).exists()


def test_a_case_that_is_not_a_childs_cannot_accompany_another(legacy_case, child_case):
    child_case.person_category = PersonCategory.VICTIM

    with pytest.raises(IntegrityError), transaction.atomic():
        child_case.save()


def test_the_case_pages_link_the_child_and_the_victim_both_ways(client_a, legacy_case, child_case):
    victim_page = client_a.get(reverse("victims:case-detail", args=[legacy_case.pk])).content
    child_page = client_a.get(reverse("victims:case-detail", args=[child_case.pk])).content

    assert 'data-testid="accompanying-children"' in victim_page.decode()
    assert child_case.code in victim_page.decode()
    assert 'data-testid="accompanies"' in child_page.decode()
    assert legacy_case.code in child_page.decode()


# --- Item 6: legacy legal aid needs financial difficulty until 30/06/2025 --------------------


def test_legacy_legal_aid_without_means_is_refused_next_to_the_field_with_what_was_typed(
    client_a, legacy_case
):
    legacy_case.victim.poverty_status = "neither"
    legacy_case.victim.save()

    response = client_a.post(
        reverse("support_services:support-propose", args=[legacy_case.pk]),
        {
            "support_type": support("legal_aid").pk,
            "proposed_on": "20/05/2024",
            "quantity": "2",
            "note": "đòi bồi thường",
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["support_type"])
    assert "hộ nghèo, hộ cận nghèo hoặc đang hưởng trợ cấp xã hội hằng tháng" in errors
    assert "Điều 3 Nghị định 144/2017/NĐ-CP" in errors
    page = response.content.decode()
    assert 'value="20/05/2024"' in page and "đòi bồi thường" in page and 'value="2"' in page
    assert not legacy_case.supports.exists()


def test_legacy_legal_aid_for_a_person_on_a_monthly_social_allowance_is_proposed(
    client_a, legacy_case
):
    legacy_case.victim.poverty_status = "neither"
    legacy_case.victim.receives_social_allowance = True
    legacy_case.victim.save()

    response = client_a.post(
        reverse("support_services:support-propose", args=[legacy_case.pk]),
        {"support_type": support("legal_aid").pk, "proposed_on": "20/05/2024", "quantity": "1"},
    )

    assert response.status_code == 302
    assert legacy_case.supports.get().support_type.code == "legal_aid"


def test_legacy_legal_aid_for_a_near_poor_household_is_proposed(officer_a, legacy_case):
    legacy_case.victim.poverty_status = "near_poor"
    legacy_case.victim.save()

    record = services.support_propose(
        actor=officer_a, case=legacy_case, support_type=support("legal_aid"), on_date=D(2024, 6, 1)
    )

    assert record.support_type.code == "legal_aid"


def test_current_legal_aid_needs_no_means(officer_a, current_case):
    current_case.victim.poverty_status = "neither"
    current_case.victim.save()

    record = services.support_propose(
        actor=officer_a,
        case=current_case,
        support_type=support("legal_aid", "current"),
        on_date=D(2025, 8, 5),
    )

    assert record.support_type.regime == "current"


# --- Item 10: a one-off support across the two regimes --------------------------------------


def test_a_one_off_received_under_the_legacy_regime_is_refused_under_the_current_one(
    client_a, officer_a, legacy_case, current_case
):
    services.support_propose(
        actor=officer_a,
        case=legacy_case,
        support_type=support("initial_hardship"),
        on_date=D(2024, 6, 1),
    )

    response = client_a.post(
        reverse("support_services:support-propose", args=[current_case.pk]),
        {
            "support_type": support("initial_hardship", "current").pk,
            "proposed_on": "05/08/2025",
            "quantity": "1",
            "note": "trở về lần hai",
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["support_type"])
    assert "một lần" in errors
    assert legacy_case.code in errors and "01/06/2024" in errors
    page = response.content.decode()
    assert 'data-testid="earlier-receipt"' in page and "trở về lần hai" in page
    assert not current_case.supports.exists()


def test_when_configured_not_to_count_the_other_regime_the_earlier_receipt_is_still_shown(
    client_a, officer_a, legacy_case, current_case
):
    services.support_propose(
        actor=officer_a,
        case=legacy_case,
        support_type=support("initial_hardship"),
        on_date=D(2024, 6, 1),
    )
    SupportType.objects.filter(regime="current", code="initial_hardship").update(
        one_off_across_regimes=False
    )
    url = reverse("support_services:support-propose", args=[current_case.pk])

    page = client_a.get(url).content.decode()
    response = client_a.post(
        url,
        {
            "support_type": support("initial_hardship", "current").pk,
            "proposed_on": "05/08/2025",
            "quantity": "1",
        },
    )

    assert 'data-testid="earlier-receipt"' in page and legacy_case.code in page
    assert "không được tính" in page
    assert response.status_code == 302
    assert current_case.supports.get().support_type.code == "initial_hardship"


# --- Item 11: the 120-day extension ----------------------------------------------------------


def extension_form(**changes):
    return {
        "support_type": support("essential_needs", "current").pk,
        "days": "30",
        "reason": "Chưa đủ điều kiện trở về gia đình",
        "decision_number": "45/QĐ-SYT",
        "decision_date": "20/11/2025",
        "authority": "Sở Y tế tỉnh Thanh Hóa",
        **changes,
    }


def test_the_120_day_limit_follows_a_recorded_extension(officer_a, provincial_client, current_case):
    needs = support("essential_needs", "current")
    services.support_propose(
        actor=officer_a, case=current_case, support_type=needs, quantity=100, on_date=D(2025, 8, 2)
    )
    with pytest.raises(SupportError, match="tối đa 120 ngày"):
        services.support_propose(
            actor=officer_a,
            case=current_case,
            support_type=needs,
            quantity=21,
            on_date=D(2025, 11, 10),
        )

    response = provincial_client.post(
        reverse("support_services:support-extend", args=[current_case.pk]), extension_form()
    )

    assert response.status_code == 302
    extension = SupportExtension.objects.get(case=current_case)
    assert (extension.days, extension.decision_number) == (30, "45/QĐ-SYT")
    record = services.support_propose(
        actor=officer_a, case=current_case, support_type=needs, quantity=21, on_date=D(2025, 11, 25)
    )
    assert record.quantity == 21
    with pytest.raises(SupportError, match="tối đa 150 ngày"):  # 121 + 30 > 120 + 30
        services.support_propose(
            actor=officer_a,
            case=current_case,
            support_type=needs,
            quantity=30,
            on_date=D(2025, 11, 26),
        )


def test_an_extension_without_a_reason_is_refused_with_what_was_typed(
    provincial_client, current_case
):
    response = provincial_client.post(
        reverse("support_services:support-extend", args=[current_case.pk]),
        extension_form(reason="   "),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    page = response.content.decode()
    assert "45/QĐ-SYT" in page and 'value="20/11/2025"' in page and 'value="30"' in page
    assert not SupportExtension.objects.exists()


def test_a_legacy_case_has_no_extendable_support(provincial_staff, legacy_case):
    with pytest.raises(SupportError, match="thuộc chế độ khác"):
        services.support_extension_record(
            actor=provincial_staff,
            case=legacy_case,
            support_type=support("essential_needs", "current"),
            days=30,
            reason="lý do",
            decision_number="1/QĐ",
            decision_date=D(2024, 6, 1),
        )
    with pytest.raises(SupportError, match="không được gia hạn"):
        services.support_extension_record(
            actor=provincial_staff,
            case=legacy_case,
            support_type=support("essential_needs"),
            days=30,
            reason="lý do",
            decision_number="1/QĐ",
            decision_date=D(2024, 6, 1),
        )
    assert not SupportExtension.objects.exists()


def test_the_extension_page_is_hidden_from_another_area_and_closed_to_a_district_officer(
    client_a, client_b, current_case
):
    url = reverse("support_services:support-extend", args=[current_case.pk])

    assert client_b.get(url).status_code == 404
    assert client_a.get(url).status_code == 403
    assert client_b.post(url, extension_form()).status_code == 404
    assert not SupportExtension.objects.exists()


def test_an_extension_of_zero_days_never_reaches_the_database(provincial_staff, current_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportExtension.objects.create(
            case=current_case,
            support_type=support("essential_needs", "current"),
            days=0,
            reason="lý do",
            decision_number="1/QĐ",
            decision_date=D(2025, 9, 1),
        )


def test_an_application_for_a_one_off_received_under_the_other_regime_is_refused(
    officer_a, units, legacy_case, current_case
):
    from support_services.applications import services as application_services

    services.support_propose(
        actor=officer_a,
        case=legacy_case,
        support_type=support("initial_hardship"),
        on_date=D(2024, 6, 1),
    )

    with pytest.raises(application_services.ApplicationError, match=legacy_case.code):
        application_services.application_record(
            actor=officer_a,
            case=current_case,
            support_type=support("initial_hardship", "current"),
            received_on=D(2025, 8, 10),
            certified_on=D(2025, 8, 10),
            certifying_unit=units.current_commune,
            certification_number="15/XN-UBND",
        )
    assert not current_case.support_applications.exists()


def test_an_earlier_receipt_in_a_case_of_another_area_counts_without_naming_that_case(
    officer_a, provincial_staff, units, make_case, legacy_case, current_case
):
    elsewhere = make_case(
        provincial_staff, units.district_b, victim=legacy_case.victim, received=D(2024, 9, 1)
    )
    elsewhere = identified(elsewhere)
    services.support_propose(
        actor=provincial_staff,
        case=elsewhere,
        support_type=support("initial_hardship"),
        on_date=D(2024, 9, 5),
    )

    with pytest.raises(SupportError) as refusal:
        services.support_propose(
            actor=officer_a,
            case=current_case,
            support_type=support("initial_hardship", "current"),
            on_date=D(2025, 8, 5),
        )

    assert "ngoài địa bàn của bạn" in str(refusal.value)
    assert elsewhere.code not in str(refusal.value)


def test_a_recorded_extension_is_on_the_case_page_and_its_timeline(
    client_a, provincial_client, current_case
):
    provincial_client.post(
        reverse("support_services:support-extend", args=[current_case.pk]), extension_form()
    )

    page = client_a.get(
        reverse("victims:case-detail", args=[current_case.pk]) + "?tab=supports"
    ).content.decode()

    assert 'data-testid="support-extensions"' in page and "45/QĐ-SYT" in page
    timeline = client_a.get(
        reverse("victims:case-detail", args=[current_case.pk]) + "?tab=timeline"
    ).content.decode()
    assert "Hỗ trợ nhu cầu thiết yếu: gia hạn thêm 30 ngày (quyết định số 45/QĐ-SYT)" in timeline
