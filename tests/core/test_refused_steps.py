"""Every workflow form (core.workflow_views.WorkflowActionView): a refused step comes back with
everything typed in its fields, the reason next to the field it names, and nothing saved
(issue 16 item 1). One row per step view; each posts a step the rules refuse (mostly a date in
the future) with every field filled in."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from support_services.applications import services as application_services
from support_services.models import ServiceKind, SupportType
from support_services.referrals import services as referral_services
from support_services.reintegration import services as followup_services
from support_services.supports import services as support_services
from tests.forms import assert_typed_values_kept
from tests.support_services.applications_fixtures import identify
from tests.support_services.applications_fixtures import record as application_record
from tests.support_services.closures import close_case
from tests.support_services.referrals_fixtures import give_consent
from tests.verification.conftest import add_certifying_document
from verification import services as dossier_services

pytestmark = pytest.mark.django_db
D = datetime.date
RECEIVED, IDENTIFIED_ON = D(2024, 5, 10), D(2024, 6, 3)


def future() -> str:
    return (timezone.localdate() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")


@dataclass
class Step:
    client: Client
    url: str
    posted: dict
    row: object  # the row the step acts on: none of its fields may change
    refused_field: str | None = None
    unchecked: set = field(default_factory=set)  # posted but legitimately shown otherwise


class World:
    """The users and rows the steps need, built through our own services."""

    def __init__(self, request):
        get = request.getfixturevalue
        self.officer, self.staff = get("officer_a"), get("provincial_staff")
        self.client_a, self.provincial = get("client_a"), get("provincial_client")
        self.units, self.make_case = get("units"), get("make_case")

    def case(self, received=RECEIVED):
        case = self.make_case(
            self.officer, self.units.district_a, received=received, residence=self.units.commune_a1
        )
        case.victim.poverty_status = "poor"
        case.victim.save()
        return case

    def identified_case(self, received=RECEIVED, on=IDENTIFIED_ON):
        return identify(self.case(received), officer=self.officer, staff=self.staff, on=on)

    def dossier(self, state: str):
        dossier = dossier_services.dossier_create(actor=self.officer, case=self.case())
        if state == "draft":
            return dossier
        dossier = dossier_services.dossier_submit(actor=self.officer, dossier=dossier)
        if state == "submitted":
            return dossier
        dossier = dossier_services.dossier_send(
            actor=self.staff,
            dossier=dossier,
            agency="Công an huyện Thạch Thành",
            letter_number="125/SYT",
            letter_date=D(2024, 5, 20),
        )
        add_certifying_document(dossier)
        return dossier

    def support(self, state: str):
        case = self.identified_case()
        record = support_services.support_propose(
            actor=self.officer,
            case=case,
            support_type=SupportType.objects.get(regime="legacy", code="travel"),
            on_date=D(2024, 6, 4),
        )
        if state == "approved":
            record = support_services.support_approve(
                actor=self.staff,
                record=record,
                decision_number="15/QĐ",
                decision_date=D(2024, 6, 5),
                authority="Sở",
            )
        return record

    def application(self, state: str):
        case = self.identified_case()
        application = application_record(
            self.officer,
            case,
            "legacy",
            "vocational",
            received_on=D(2024, 6, 7),
            certifying_unit=self.units.commune_a1,
        )
        if state in ("forwarded", "appraised"):
            application = application_services.application_forward(
                actor=self.officer, application=application, forwarded_on=D(2024, 6, 10)
            )
        if state == "appraised":
            application = application_services.application_appraise(
                actor=self.officer, application=application, appraised_on=D(2024, 6, 14)
            )
        return application

    def provider(self):
        from support_services.models import ProviderKind, ServiceProvider

        return ServiceProvider.objects.create(
            kind=ProviderKind.SOCIAL_ASSISTANCE,
            name="Trung tâm Công tác xã hội tỉnh",
            area=self.units.province,
            services=[ServiceKind.SHELTER],
        )

    def referral(self, state: str = "sent"):
        case = self.case()
        consent = give_consent(case.victim, purposes=("case_management", "support", "sharing"))
        referral = referral_services.referral_send(
            actor=self.officer,
            case=case,
            provider=self.provider(),
            service=ServiceKind.SHELTER,
            need="Cần chỗ ở tạm thời",
            sent_on=D(2024, 6, 3),
            consent=consent,
        )
        if state == "accepted":
            referral = referral_services.referral_accept(
                actor=self.officer, referral=referral, responded_on=D(2024, 6, 7)
            )
        return referral

    def followup(self):
        case = self.identified_case(received=D(2025, 1, 31), on=D(2025, 2, 3))
        followup_services.followups_schedule(actor=self.officer, case=case)
        return case.followups.order_by("due_date").first()


def prefixed(prefix: str, values: dict) -> dict:
    return {f"{prefix}-{name}": value for name, value in values.items()}


# --- The steps ---------------------------------------------------------------------------------


def dossier_submit(w):
    dossier = w.dossier("draft")
    posted = prefixed(
        f"submit-{dossier.pk}",
        {"notified_on": future(), "note": "Hồ sơ của UBND xã", "version": dossier.version},
    )
    url = f"/verification/dossiers/{dossier.pk}/submit/"
    return Step(w.client_a, url, posted, dossier, f"submit-{dossier.pk}-notified_on")


def dossier_send(w):
    dossier = w.dossier("submitted")
    posted = prefixed(
        f"send-{dossier.pk}",
        {
            "agency": "Công an huyện Thạch Thành",
            "letter_number": "125/SYT",
            "letter_date": future(),
            "note": "Gửi kèm tóm tắt",
            "version": dossier.version,
        },
    )
    url = f"/verification/dossiers/{dossier.pk}/send/"
    return Step(w.provincial, url, posted, dossier, f"send-{dossier.pk}-letter_date")


def dossier_record(w):
    dossier = w.dossier("sent")
    posted = prefixed(
        f"record-{dossier.pk}",
        {
            "result": "identified",
            "reply_number": "77/CAT-PC02",
            "reply_date": future(),
            "note": "Công an tỉnh trả lời",
            "version": dossier.version,
        },
    )
    url = f"/verification/dossiers/{dossier.pk}/record/"
    return Step(w.provincial, url, posted, dossier, f"record-{dossier.pk}-reply_date")


def dossier_close(w):
    dossier = w.dossier("sent")  # not concluded yet: closing is refused
    posted = {"note": "Đóng hồ sơ", "version": dossier.version}
    return Step(w.provincial, f"/verification/dossiers/{dossier.pk}/close/", posted, dossier)


def dossier_reopen(w):
    dossier = w.dossier("sent")  # open: reopening is refused
    posted = {"note": "Có thông tin mới", "version": dossier.version}
    return Step(w.provincial, f"/verification/dossiers/{dossier.pk}/reopen/", posted, dossier)


def support_propose(w):
    case = w.identified_case()
    posted = {
        "support_type": str(SupportType.objects.get(regime="legacy", code="travel").pk),
        "proposed_on": future(),
        "quantity": "2",
        "note": "Về quê",
    }
    url = f"/support/cases/{case.pk}/supports/new/"
    return Step(w.client_a, url, posted, case, "proposed_on")


def support_extend(w):
    case = w.identified_case(received=D(2025, 8, 4), on=D(2025, 8, 20))
    extendable = SupportType.objects.filter(regime="current", extendable=True).first()
    posted = {
        "support_type": str(extendable.pk),
        "days": "30",
        "reason": "Chưa có nơi ở",
        "decision_number": "20/QĐ-SYT",
        "decision_date": future(),
        "authority": "Sở Y tế",
    }
    url = f"/support/cases/{case.pk}/supports/extend/"
    return Step(w.provincial, url, posted, case, "decision_date")


def support_approve(w):
    record = w.support("proposed")
    posted = {
        "decision_number": "15/QĐ-SLĐTBXH",
        "decision_date": future(),
        "authority": "Sở Lao động",
        "version": record.version,
    }
    url = f"/support/supports/{record.pk}/approve/"
    return Step(w.provincial, url, posted, record, "decision_date")


def support_provide(w):
    record = w.support("approved")
    posted = {
        "provided_on": future(),
        "quantity": "1",
        "amount": "250000",
        "override_reason": "Giá vé tăng",
        "provider": "Phòng LĐTBXH",
        "document_kind": "",
        "document_number": "",
        "version": record.version,
    }
    url = f"/support/supports/{record.pk}/provide/"
    return Step(w.client_a, url, posted, record, "provided_on")


def support_reject(w):
    record = w.support("proposed")
    posted = {"reason": "Không đủ điều kiện. " * 20, "version": record.version}  # too long
    url = f"/support/supports/{record.pk}/reject/"
    return Step(w.provincial, url, posted, record, "reason")


def support_document(w):
    record = w.support("approved")
    posted = {"kind": "decision", "number": "15/QĐ", "issued_on": "05/06/2024"}  # no file
    url = f"/support/supports/{record.pk}/documents/new/"
    return Step(w.client_a, url, posted, record, "file")


def application_new(w):
    case = w.identified_case()
    posted = prefixed(
        "application",
        {
            "support_type": str(SupportType.objects.get(regime="legacy", code="vocational").pk),
            "received_on": future(),
            "applicant_relation": "self",
            "applicant_name": "",
            "certified_on": "07/06/2024",
            "certification_number": "15/XN-UBND",
            "certifying_province": str(w.units.province.pk),
            "certifying_district": str(w.units.district_a.pk),
            "certifying_commune": str(w.units.commune_a1.pk),
            "note": "Đơn nộp tại xã",
        },
    )
    url = f"/support/applications/cases/{case.pk}/new/"
    return Step(w.client_a, url, posted, case, "application-received_on")


def application_step(action, state, values, refused, deciding=False):
    def build(w):
        application = w.application(state)
        posted = prefixed(f"{action}-{application.pk}", values)
        url = f"/support/applications/{application.pk}/{action}/"
        client = w.provincial if deciding else w.client_a  # the department decides
        return Step(client, url, posted, application, f"{action}-{application.pk}-{refused}")

    return build


def referral_send(w):
    case = w.case()
    consent = give_consent(case.victim, purposes=("case_management", "support", "sharing"))
    posted = prefixed(
        "referral",
        {
            "provider": str(w.provider().pk),
            "programme": "",
            "service": ServiceKind.SHELTER,
            "need": "Cần chỗ ở tạm thời",
            "sent_on": future(),
            "consent": str(consent.pk),
        },
    )
    url = f"/support/cases/{case.pk}/referrals/new/"
    return Step(w.client_a, url, posted, case, "referral-sent_on")


def referral_step(action, state, values, refused):
    def build(w):
        referral = w.referral(state)
        posted = prefixed(f"{action}-{referral.pk}", {**values(), "version": referral.version})
        url = f"/support/referrals/{referral.pk}/{action}/"
        field = f"{action}-{referral.pk}-{refused}"
        return Step(w.client_a, url, posted, referral, field)

    return build


def followup_visit(w):
    followup = w.followup()
    posted = prefixed(
        "visit",
        {
            "visited_on": future(),
            "officer": str(w.officer.pk),
            "method": "home",
            "risk": "low",
            "next_steps": "Thăm lại sau 3 tháng",
            "safety_rating": "stable",
            "safety_note": "An toàn",
        },
    )
    url = f"/support/followups/{followup.pk}/visit/"
    return Step(w.client_a, url, posted, followup, "visit-visited_on")


def followup_lost_contact(w):
    followup = w.followup()
    posted = prefixed("lost", {"visited_on": future(), "note": "Gọi điện ba lần"})
    url = f"/support/followups/{followup.pk}/lost-contact/"
    return Step(w.client_a, url, posted, followup, "lost-visited_on")


def case_close(w):
    case = w.identified_case()
    posted = prefixed(
        "close",
        {"closed_on": future(), "reason": "reintegrated", "note": "Đã ổn định cuộc sống"},
    )
    url = f"/support/cases/{case.pk}/close/"
    return Step(w.provincial, url, posted, case, "close-closed_on")


def case_reopen(w):
    case = w.identified_case()
    close_case(actor=w.staff, case=case, closed_on=D(2024, 7, 1), reason="reintegrated")
    posted = prefixed("reopen", {"reason": "Có thông tin mới. " * 60})  # past 1,000 characters
    url = f"/support/cases/{case.pk}/reopen/"
    return Step(w.provincial, url, posted, case, "reopen-reason")


STEPS = {
    "dossier-submit": dossier_submit,
    "dossier-send": dossier_send,
    "dossier-record": dossier_record,
    "dossier-close": dossier_close,
    "dossier-reopen": dossier_reopen,
    "support-propose": support_propose,
    "support-extend": support_extend,
    "support-approve": support_approve,
    "support-provide": support_provide,
    "support-reject": support_reject,
    "support-document": support_document,
    "application-record": application_new,
    "application-forward": application_step(
        "forward", "recorded", {"forwarded_on": future(), "note": "Xã chuyển"}, "forwarded_on"
    ),
    "application-appraise": application_step(
        "appraise", "forwarded", {"appraised_on": future(), "note": "Đủ điều kiện"}, "appraised_on"
    ),
    "application-approve": application_step(
        "approve",
        "appraised",
        {
            "decision_number": "30/QĐ-UBND",
            "decision_date": future(),
            "authority": "Chủ tịch UBND huyện",
            "note": "Hỗ trợ học nghề",
        },
        "decision_date",
        deciding=True,
    ),
    "application-reject": application_step(
        "reject",
        "appraised",
        {
            "reason": "Không thuộc hộ nghèo",
            "decision_number": "31/UBND",
            "decision_date": future(),
            "authority": "UBND huyện",
        },
        "decision_date",
        deciding=True,
    ),
    "referral-send": referral_send,
    "referral-accept": referral_step(
        "accept",
        "sent",
        lambda: {
            "responded_on": future(),
            "expected_completion_on": "30/09/2024",
            "note": "Nhận vào ở",
        },
        "responded_on",
    ),
    "referral-decline": referral_step(
        "decline", "sent", lambda: {"responded_on": future(), "reason": "Hết chỗ"}, "responded_on"
    ),
    "referral-complete": referral_step(
        "complete",
        "accepted",
        lambda: {"completed_on": future(), "outcome": "Đã ở 30 ngày"},
        "completed_on",
    ),
    "referral-cancel": referral_step(
        "cancel", "sent", lambda: {"reason": "Người được hỗ trợ đã chuyển đi. " * 12}, "reason"
    ),
    "followup-visit": followup_visit,
    "followup-lost-contact": followup_lost_contact,
    "case-close": case_close,
    "case-reopen": case_reopen,
}


def stored_state(row) -> tuple:
    """The row as stored and the number of rows of every table of the workflow apps (events,
    history, documents included)."""
    stored = type(row)._base_manager.get(pk=row.pk)
    counts = {
        model._meta.label: model._base_manager.count()
        for label in ("victims", "verification", "support_services")
        for model in apps.get_app_config(label).get_models()
    }
    return model_to_dict(stored), counts


@pytest.mark.parametrize("name", list(STEPS))
def test_a_refused_step_shows_everything_typed_and_saves_nothing(request, name):
    step = STEPS[name](World(request))
    before = stored_state(step.row)

    response = step.client.post(step.url, step.posted)

    assert response.status_code in (200, 400), response.status_code
    assert response.context["form"].errors, "the step was not refused"
    checked = {key: value for key, value in step.posted.items() if key not in step.unchecked}
    assert_typed_values_kept(response, checked, refused_field=step.refused_field)
    assert stored_state(step.row) == before
