"""The case page reads at a glance (issue 16 item 6): a summary at the top — status, regime, the
next step due and its deadline, the open supports — then tabs whose panels load when opened,
each at a URL of its own under the case, scoped to the user's area."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessAction, AccessLog
from support_services.models import ProviderKind, ServiceKind, ServiceProvider, SupportType
from support_services.referrals import services as referral_services
from support_services.reintegration import services as followup_services
from support_services.supports import services as support_services
from tests.support_services.referrals_fixtures import give_consent
from verification import services as dossier_services
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date
TABS = ["overview", "dossier", "supports", "followups", "applications", "referrals", "timeline"]


@pytest.fixture
def case_a(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Lò Thị Mai")
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


@pytest.fixture
def provider(units):
    return ServiceProvider.objects.create(
        kind=ProviderKind.SOCIAL_ASSISTANCE,
        name="Trung tâm Công tác xã hội tỉnh Thanh Hóa",
        area=units.province,
        services=[ServiceKind.SHELTER],
    )


def propose(officer, case, code):
    return support_services.support_propose(
        actor=officer,
        case=case,
        support_type=SupportType.objects.get(regime="legacy", code=code),
        quantity=1,
        on_date=D(2024, 5, 12),
    )


def refer_and_accept(officer, case, provider, *, completion):
    referral = referral_services.referral_send(
        actor=officer,
        case=case,
        provider=provider,
        service=ServiceKind.SHELTER,
        need="Cần chỗ ở tạm thời",
        sent_on=D(2024, 6, 3),
        consent=give_consent(case.victim, purposes=("case_management", "support", "sharing")),
    )
    return referral_services.referral_accept(
        actor=officer,
        referral=referral,
        responded_on=D(2024, 6, 7),
        expected_completion_on=completion,
    )


@pytest.fixture
def busy_case(officer_a, case_a, provider):
    """A case with something in every section: a dossier, supports, visits, referrals."""
    dossier_services.dossier_submit(
        actor=officer_a, dossier=dossier_services.dossier_create(actor=officer_a, case=case_a)
    )
    propose(officer_a, case_a, "travel")
    propose(officer_a, case_a, "essential_needs")
    followup_services.followups_schedule(case=case_a, actor=officer_a)
    refer_and_accept(officer_a, case_a, provider, completion=D(2024, 9, 30))
    return case_a


def summary_of(client, case, **params):
    body = client.get(f"/victims/cases/{case.pk}/", params).content.decode()
    start = body.index('data-testid="case-summary"')
    return body, body[start : body.index("</section>", start)]


def test_the_summary_shows_status_regime_and_open_supports(client_a, officer_a, case_a):
    propose(officer_a, case_a, "travel")
    propose(officer_a, case_a, "essential_needs")

    _body, summary = summary_of(client_a, case_a)

    assert "Đã xác định là nạn nhân" in summary
    assert "Luật PCMBN 2011 (trước 01/07/2025)" in summary  # received 10/05/2024
    assert "10/05/2024" in summary
    assert "Hỗ trợ chưa hoàn thành" in summary
    assert "<strong>2</strong>" in summary
    assert "Hỗ trợ chi phí đi lại (Đề xuất); Hỗ trợ nhu cầu thiết yếu (Đề xuất)" in summary
    assert "(Đề xuất)" in summary


def test_the_summary_names_the_earliest_deadline_as_the_next_step(
    client_a,
    officer_a,
    case_a,
    provider,
):
    refer_and_accept(officer_a, case_a, provider, completion=D(2024, 9, 30))
    refer_and_accept(officer_a, case_a, provider, completion=D(2024, 8, 15))

    with time_machine.travel(datetime.datetime(2024, 8, 10, 9, 0)):
        client_a.force_login(officer_a)  # a session of that day
        _body, before = summary_of(client_a, case_a)
    with time_machine.travel(datetime.datetime(2024, 8, 20, 9, 0)):
        client_a.force_login(officer_a)
        _body, after = summary_of(client_a, case_a)

    next_due = before[before.index('data-testid="summary-next-due"') :]
    assert "dự kiến hoàn thành" in next_due and "15/08/2024" in next_due
    assert next_due.index("15/08/2024") < next_due.index("30/09/2024")  # the other one after
    assert "còn 5 ngày" in before
    assert "Quá hạn 5 ngày" in after


def test_a_case_with_nothing_due_says_so(client_a, case_a):
    _body, summary = summary_of(client_a, case_a)

    assert "Không có việc nào đang chờ đến hạn" in summary


def test_only_the_overview_is_rendered_with_the_page(client_a, busy_case):
    body, _summary = summary_of(client_a, busy_case)

    assert 'data-testid="overview"' in body
    for name in TABS:
        assert f'data-testid="tab-{name}"' in body
        if name != "overview":
            section_url = f"/victims/cases/{busy_case.pk}/sections/{name}/"
            assert f'hx-get="{section_url}"' in body
            assert f'href="?tab={name}"' in body  # the link without JavaScript
    assert 'data-testid="support-record"' not in body
    assert 'data-testid="timeline"' not in body


def test_a_tab_named_in_the_address_is_rendered_with_the_page(client_a, busy_case):
    body, _summary = summary_of(client_a, busy_case, tab="supports")

    assert 'data-testid="support-record"' in body
    assert 'data-testid="overview"' not in body
    assert 'id="tab-supports" href="?tab=supports" role="tab"' in body


def test_an_unknown_tab_in_the_address_falls_back_to_the_overview(client_a, busy_case):
    body, _summary = summary_of(client_a, busy_case, tab="nothing")

    assert 'data-testid="overview"' in body


@pytest.mark.parametrize("name", TABS)
def test_each_section_loads_as_a_fragment_and_is_logged(client_a, officer_a, busy_case, name):
    response = client_a.get(
        f"/victims/cases/{busy_case.pk}/sections/{name}/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and body.strip()
    log = AccessLog.objects.filter(action=AccessAction.VIEW, case_id=busy_case.pk).last()
    assert (log.user, log.details) == (officer_a, {"tab": name})


def test_a_section_opened_without_javascript_is_the_page_with_that_tab(client_a, busy_case):
    response = client_a.get(f"/victims/cases/{busy_case.pk}/sections/referrals/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="case-summary"' in body and 'data-testid="referrals"' in body


@pytest.mark.parametrize("name", TABS)
def test_an_officer_of_another_area_gets_404_for_every_section(client_b, busy_case, name):
    url = f"/victims/cases/{busy_case.pk}/sections/{name}/"

    assert client_b.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert client_b.get(url).status_code == 404
    assert client_b.get(f"/victims/cases/{busy_case.pk}/?tab={name}").status_code == 404


def test_an_unknown_section_is_404(client_a, busy_case):
    url = f"/victims/cases/{busy_case.pk}/sections/secrets/"

    assert client_a.get(url, HTTP_HX_REQUEST="true").status_code == 404


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# Measured on the case page before this change (main at aa8161c) for `busy_case` seen by
# provincial staff: every section and the timeline were built with the page.
QUERIES_BEFORE = 56


def test_the_first_render_is_cheaper_and_does_not_grow_with_the_records(
    provincial_client,
    officer_a,
    busy_case,
    provider,
    django_assert_max_num_queries,
):
    url = f"/victims/cases/{busy_case.pk}/"
    first = queries_of(provincial_client, url)
    # Legacy legal aid needs financial difficulty (issue 15 item 6).
    busy_case.victim.poverty_status = "poor"
    busy_case.victim.save()
    for code in ("medical", "psychological", "legal_aid"):
        propose(officer_a, busy_case, code)
    refer_and_accept(officer_a, busy_case, provider, completion=D(2024, 10, 31))

    assert first < QUERIES_BEFORE
    with django_assert_max_num_queries(first):
        provincial_client.get(url)
