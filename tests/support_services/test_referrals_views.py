"""Referrals and the provider directory over HTTP: the case page, the forms, the worklist,
access from another district, the viewer, constant queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from support_services.models import (
    Programme,
    ProviderKind,
    Referral,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)
from support_services.referrals import services
from tests.factories import UserFactory
from tests.support_services.referrals_fixtures import *  # noqa: F403 - the fixtures
from tests.support_services.referrals_fixtures import SENT, give_consent

pytestmark = pytest.mark.django_db
D = datetime.date
CREATE = "/support/cases/{}/referrals/new/"


def form_data(**values):
    data = {
        "referral-service": ServiceKind.SHELTER,
        "referral-sent_on": "03/06/2024",
        "referral-need": "Cần chỗ ở tạm thời",
    }
    data.update({f"referral-{key}": value for key, value in values.items()})
    return data


# --- Sending -----------------------------------------------------------------------------------


def test_the_case_page_offers_the_form_with_the_covering_consent_chosen(
    client_a, case_a, consent_a
):
    page = client_a.get(f"/victims/cases/{case_a.pk}/?tab=referrals").content.decode()

    assert 'data-testid="referrals"' in page
    assert f'<option value="{consent_a.pk}" selected>' in page
    assert 'data-testid="override-reason"' not in page  # district officers cannot override


def test_the_override_field_is_shown_to_provincial_staff_only(provincial_client, case_a):
    page = provincial_client.get(f"/victims/cases/{case_a.pk}/?tab=referrals").content.decode()

    assert 'data-testid="override-reason"' in page


def test_an_officer_refers_a_case_with_consent(client_a, case_a, provider, consent_a):
    response = client_a.post(
        CREATE.format(case_a.pk),
        form_data(provider=provider.pk, consent=consent_a.pk),
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.provider, referral.consent, referral.sent_on) == (provider, consent_a, SENT)
    page = client_a.get(f"/victims/cases/{case_a.pk}/?tab=referrals").content.decode()
    assert "Trung tâm Công tác xã hội tỉnh Thanh Hóa" in page
    assert 'data-testid="referral-accept"' in page


def test_a_referral_without_consent_is_refused_in_vietnamese_and_nothing_is_saved(
    client_a, case_a, provider
):
    response = client_a.post(
        CREATE.format(case_a.pk),
        form_data(provider=provider.pk, need="Gia đình đề nghị"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có sự đồng ý của người được hỗ trợ." in body
    assert "53/2024/QH15" in body
    assert "Gia đình đề nghị" in body  # what was typed is redisplayed
    assert Referral.objects.count() == 0


def test_a_provincial_user_refers_without_consent_with_a_reason(
    provincial_client, provincial_staff, case_a
):
    response = provincial_client.post(
        CREATE.format(case_a.pk),
        form_data(
            programme=Programme.CHILD_PROTECTION,
            override_reason="Bị đe dọa, cần tạm lánh ngay",
        ),
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.overridden_by == provincial_staff and referral.consent is None
    page = provincial_client.get(f"/victims/cases/{case_a.pk}/?tab=referrals").content.decode()
    assert 'data-testid="referral-override"' in page
    assert "Bị đe dọa, cần tạm lánh ngay" in page


def test_a_provincial_override_without_a_reason_is_refused_next_to_the_field(
    provincial_client, case_a
):
    response = provincial_client.post(
        CREATE.format(case_a.pk), form_data(programme=Programme.CHILD_PROTECTION)
    )

    form = response.context["form"]
    assert "cần ghi lý do" in " ".join(form.errors["override_reason"])
    assert Referral.objects.count() == 0


def test_a_provider_and_a_programme_together_are_refused(client_a, case_a, provider, consent_a):
    response = client_a.post(
        CREATE.format(case_a.pk),
        form_data(provider=provider.pk, programme=Programme.HEALTH_INSURANCE, consent=consent_a.pk),
    )

    assert "chỉ một trong hai" in " ".join(response.context["form"].errors["provider"])
    assert Referral.objects.count() == 0


def test_a_mistyped_date_is_refused_next_to_the_field(client_a, case_a, provider, consent_a):
    response = client_a.post(
        CREATE.format(case_a.pk),
        form_data(provider=provider.pk, consent=consent_a.pk, sent_on="31/02/2024"),
    )

    assert "sent_on" in response.context["form"].errors
    assert 'value="31/02/2024"' in response.content.decode()
    assert Referral.objects.count() == 0


# --- Steps -------------------------------------------------------------------------------------


def test_accept_then_complete_from_the_case_page(client_a, sent):
    pk = sent.pk
    client_a.post(
        f"/support/referrals/{pk}/accept/",
        {f"accept-{pk}-responded_on": "05/06/2024", f"accept-{pk}-expected_completion_on": ""},
    )
    response = client_a.post(
        f"/support/referrals/{pk}/complete/",
        {f"complete-{pk}-completed_on": "20/06/2024", f"complete-{pk}-outcome": "Đã tạm lánh"},
        follow=True,
    )

    sent.refresh_from_db()
    assert sent.status == ReferralStatus.COMPLETED
    assert sent.completed_on == D(2024, 6, 20)
    assert "Đã hoàn thành" in response.content.decode()


def test_a_decline_without_a_reason_is_refused_next_to_the_field(client_a, sent):
    pk = sent.pk
    response = client_a.post(
        f"/support/referrals/{pk}/decline/", {f"decline-{pk}-responded_on": "05/06/2024"}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert 'value="05/06/2024"' in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


def test_a_refused_step_is_shown_in_vietnamese_and_changes_nothing(client_a, sent):
    pk = sent.pk
    response = client_a.post(
        f"/support/referrals/{pk}/complete/",
        {f"complete-{pk}-completed_on": "05/06/2024", f"complete-{pk}-outcome": "Xong"},
    )

    assert "Không thể ghi nhận hoàn thành khi chuyển gửi đang ở trạng thái" in (
        response.content.decode()
    )
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


def test_a_response_before_the_referral_is_refused_next_to_the_date(client_a, sent):
    pk = sent.pk
    response = client_a.post(
        f"/support/referrals/{pk}/accept/", {f"accept-{pk}-responded_on": "01/06/2024"}
    )

    assert "không được trước ngày 03/06/2024" in " ".join(
        response.context["form"].errors["responded_on"]
    )


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["accept", "decline", "complete", "cancel", "unknown"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_officer_of_another_district_gets_404_on_every_referral_url(
    client_b, sent, action, method
):
    response = getattr(client_b, method)(f"/support/referrals/{sent.pk}/{action}/")

    assert response.status_code == 404
    assert "Đặng Thị Đào" not in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_officer_of_another_district_cannot_open_the_referral_form(
    client_b, case_a, provider, method
):
    response = getattr(client_b, method)(CREATE.format(case_a.pk), form_data(provider=provider.pk))

    assert response.status_code == 404
    assert "Đặng Thị Đào" not in response.content.decode()
    assert Referral.objects.count() == 0


def test_another_district_sees_nothing_of_the_referral_in_the_worklist(client_b, sent):
    for view in ("open", "overdue", "all"):
        body = client_b.get(f"/support/referrals/?view={view}").content.decode()
        assert sent.case.code not in body and "Đặng Thị Đào" not in body
    body = client_b.get(f"/support/providers/{sent.provider_id}/").content.decode()
    assert "Đặng Thị Đào" not in body


def test_a_viewer_reads_the_referrals_but_cannot_act(client_colleague_a, sent):
    page = client_colleague_a.get(f"/victims/cases/{sent.case_id}/?tab=referrals").content.decode()
    assert "Trung tâm Công tác xã hội tỉnh Thanh Hóa" in page
    assert 'data-testid="referral-new"' not in page
    assert 'data-testid="referral-accept"' not in page
    assert sent.case.code in client_colleague_a.get("/support/referrals/").content.decode()

    assert client_colleague_a.get(CREATE.format(sent.case_id)).status_code == 403
    response = client_colleague_a.post(
        f"/support/referrals/{sent.pk}/cancel/", {f"cancel-{sent.pk}-reason": "x"}
    )
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


# --- The worklist ------------------------------------------------------------------------------


def test_the_worklist_shows_open_overdue_and_all(
    client_a, officer_a, case_a, provider, consent_a, sent
):
    closed = services.referral_send(
        actor=officer_a,
        case=case_a,
        programme=Programme.HEALTH_INSURANCE,
        service=ServiceKind.HEALTH_INSURANCE,
        sent_on=D(2024, 6, 20),
        consent=consent_a,
    )
    services.referral_cancel(actor=officer_a, referral=closed, reason="Đã có thẻ")

    def rows(view, when=datetime.datetime(2024, 6, 10, 9)):
        with time_machine.travel(when, tick=False):
            client_a.force_login(officer_a)  # a session from the real "now" would have expired
            return list(client_a.get(f"/support/referrals/?view={view}").context["page"])

    assert rows("open") == [sent]
    assert rows("overdue") == []
    assert rows("overdue", datetime.datetime(2024, 6, 18, 9)) == [sent]  # due 17/06
    assert set(rows("all")) == {sent, closed}


def test_the_worklist_filters_by_programme_provider_and_status(
    client_a, officer_a, case_a, consent_a, sent
):
    services.referral_send(
        actor=officer_a,
        case=case_a,
        programme=Programme.HEALTH_INSURANCE,
        service=ServiceKind.HEALTH_INSURANCE,
        sent_on=SENT,
        consent=consent_a,
    )

    def rows(query):
        return client_a.get(f"/support/referrals/?view=all&{query}").context["page"]

    assert [r.programme for r in rows("programme=health_insurance")] == ["health_insurance"]
    assert [r.provider_id for r in rows(f"provider={sent.provider_id}")] == [sent.provider_id]
    assert len(rows("status=completed")) == 0


def _add_referrals(officer, make_case, units, provider, count):
    for index in range(count):
        case = make_case(officer, units.district_a, full_name=f"Người {index}", birth_year=1990)
        services.referral_send(
            actor=officer,
            case=case,
            provider=provider,
            service=ServiceKind.SHELTER,
            sent_on=SENT,
            consent=give_consent(case.victim),
        )


def _count_queries(client, url) -> int:
    client.get(url)  # the first request of a session does more (session, last activity)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url", ["/support/referrals/?view=all", "/support/referrals/?view=open"])
def test_the_worklist_keeps_a_constant_number_of_queries(
    provincial_client, officer_a, make_case, units, provider, url
):
    _add_referrals(officer_a, make_case, units, provider, 2)
    few = _count_queries(provincial_client, url)
    _add_referrals(officer_a, make_case, units, provider, 4)

    assert len(provincial_client.get(url).context["page"]) == 6
    assert _count_queries(provincial_client, url) == few


# --- The provider directory --------------------------------------------------------------------


def _add_providers(units, count, start=0):
    for index in range(start, start + count):
        ServiceProvider.objects.create(
            kind=ProviderKind.HEALTH_STATION,
            name=f"Trạm Y tế số {index}",
            area=units.commune_a1 if index % 2 else units.district_b,
            services=[ServiceKind.HEALTH_CARE],
        )


def test_the_directory_keeps_a_constant_number_of_queries(client_b, units):
    _add_providers(units, 2)
    few = _count_queries(client_b, "/support/providers/")
    _add_providers(units, 4, start=2)

    assert len(client_b.get("/support/providers/").context["page"]) == 6
    assert _count_queries(client_b, "/support/providers/") == few


def test_the_directory_filters_by_kind_area_and_service(client_a, units, provider):
    _add_providers(units, 3)

    def names(query):
        return [p.name for p in client_a.get(f"/support/providers/?{query}").context["page"]]

    assert names("kind=social_assistance") == [provider.name]
    assert names(f"area={units.district_a.pk}") == ["Trạm Y tế số 1"]  # in Thạch Lâm
    assert names("service=shelter") == [provider.name]
    assert len(names("service=health_care")) == 3


def test_every_user_reads_the_directory_but_only_the_province_edits_it(
    client_b, client_colleague_a, provincial_client, provider
):
    for client in (client_b, client_colleague_a):
        assert provider.name in client.get(f"/support/providers/{provider.pk}/").content.decode()
        assert client.get("/support/providers/new/").status_code == 403
        assert client.post(f"/support/providers/{provider.pk}/edit/", {}).status_code == 403
    assert provincial_client.get(f"/support/providers/{provider.pk}/edit/").status_code == 200


def provider_data(units, **values):
    data = {
        "kind": ProviderKind.LEGAL_AID,
        "name": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Thanh Hóa",
        "area_province": units.province.pk,
        "area_district": "",
        "area_commune": "",
        "phone": "0237 3000 002",
        "services": [ServiceKind.LEGAL_AID],
        "capacity": "",
        "is_active": "on",
    }
    data.update(values)
    return data


def test_provincial_staff_add_a_provider(provincial_client, units):
    response = provincial_client.post("/support/providers/new/", provider_data(units))

    provider = ServiceProvider.objects.get()
    assert response.status_code == 302
    assert (provider.area, provider.services) == (units.province, ["legal_aid"])
    assert provider.history.first().history_user.username == "canbo.tinh"


def test_a_supervisor_edits_a_provider_down_to_a_commune(supervisor_client, units, provider):
    supervisor_client.post(
        f"/support/providers/{provider.pk}/edit/",
        provider_data(
            units,
            name=provider.name,
            area_district=units.district_a.pk,
            area_commune=units.commune_a1.pk,
            capacity="12",
        ),
    )

    provider.refresh_from_db()
    assert (provider.area, provider.capacity) == (units.commune_a1, 12)


def test_a_bad_provider_form_is_redisplayed_with_messages_and_nothing_saved(
    provincial_client, units
):
    response = provincial_client.post(
        "/support/providers/new/",
        provider_data(units, name="Trung tâm Y tế Thạch Thành", capacity="0", email="không-phải"),
    )

    form = response.context["form"]
    assert set(form.errors) >= {"capacity", "email"}
    assert "Trung tâm Y tế Thạch Thành" in response.content.decode()
    assert ServiceProvider.objects.count() == 0


def test_the_support_menu_links_to_the_worklist_and_the_directory(client_a):
    page = client_a.get("/support/").content.decode()

    assert 'href="/support/referrals/"' in page and 'href="/support/providers/"' in page


# --- Admin -------------------------------------------------------------------------------------


def test_the_admin_lists_referrals_of_the_supervisors_area_only(client, units, sent):
    outside = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b)
    inside = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_a)

    client.force_login(outside)
    assert sent.case.code not in client.get("/admin/support_services/referral/").content.decode()
    assert client.get(f"/admin/support_services/referral/{sent.pk}/change/").status_code in (
        302,
        404,
    )
    client.force_login(inside)
    assert sent.case.code in client.get("/admin/support_services/referral/").content.decode()
    assert client.get("/admin/support_services/serviceprovider/").status_code == 200


# --- The case page -----------------------------------------------------------------------------


def test_the_timeline_shows_each_step_and_the_override_reason(
    provincial_client, provincial_staff, case_a
):
    referral = services.referral_send(
        actor=provincial_staff,
        case=case_a,
        programme=Programme.CHILD_PROTECTION,
        service=ServiceKind.CHILD_PROTECTION,
        sent_on=SENT,
        override_reason="Bị đe dọa, cần tạm lánh ngay",
    )
    services.referral_accept(actor=provincial_staff, referral=referral, responded_on=D(2024, 6, 4))

    events = provincial_client.get(f"/victims/cases/{case_a.pk}/?tab=timeline").context["events"]
    titles = [event.title for event in events if event.kind == "referral"]

    assert titles == [
        "Chuyển gửi Chương trình bảo vệ trẻ em: Đã tiếp nhận",
        "Chuyển gửi Chương trình bảo vệ trẻ em: Đã chuyển gửi",
    ]
    sent_event = [event for event in events if event.kind == "referral"][-1]
    assert sent_event.changes == [
        ("", "", "Chuyển gửi khi chưa có sự đồng ý, lý do: Bị đe dọa, cần tạm lánh ngay")
    ]


def test_the_case_page_keeps_a_constant_number_of_queries_with_more_referrals(
    client_a, officer_a, case_a, provider, consent_a
):
    def add(count):
        for _ in range(count):
            referral = services.referral_send(
                actor=officer_a,
                case=case_a,
                provider=provider,
                service=ServiceKind.SHELTER,
                sent_on=SENT,
                consent=consent_a,
            )
            services.referral_accept(actor=officer_a, referral=referral, responded_on=SENT)

    url = f"/victims/cases/{case_a.pk}/?tab=referrals"
    add(2)
    few = _count_queries(client_a, url)
    add(4)

    assert _count_queries(client_a, url) == few
