"""No lost updates (issue 8, item 6): two people open the same edit page, the first saves, the
second is told what differs — what they typed and what is stored now, with both version numbers —
sees the form again with what they typed, and nothing of the first save is overwritten. A
workflow step between opening and saving makes the form stale too; the admin behaves the same.

Every form is read from the page the user was served (its hidden version included), as a browser
would post it."""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from core.concurrency import StaleVersionError
from support_services.models import Referral, ReferralStatus, SupportRecord, SupportStatus
from support_services.referrals import services as referrals_services
from support_services.supports import services as support_services
from tests.factories import UserFactory
from tests.support_services.referrals_fixtures import *  # noqa: F403 - provider, consent, sent
from verification import services as dossier_services
from verification.models import DossierStatus, VerificationDossier
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import Case, Victim

pytestmark = pytest.mark.django_db
D = datetime.date


# --- Reading a form as the browser would post it ----------------------------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "id": attrs.get("id", ""), "data": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["data"].append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["selected"] or self._select["options"][:1]
            for value in chosen:
                self._form["data"].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["data"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def page_form(response, *, action: str = "", form_id: str | None = None) -> dict:
    """The fields of one form of the page, as a dict of lists (what the browser posts)."""
    assert response.status_code == 200, response.status_code
    parser = _Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        if (form["id"] == form_id) if form_id else (form["action"] == action):
            data = {}
            for name, value in form["data"]:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(
        f"no form {action!r} {form_id or ''} on the page: {[f['id'] for f in parser.forms]}"
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def second_officer_a(units):
    """Another district officer of area A: two editors of the same records."""
    return UserFactory(
        username="canbo.a2",
        last_name="Vũ Thị",
        first_name="Thu",
        role=Role.DISTRICT_OFFICER,
        jurisdiction=units.district_a,
    )


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, full_name="Hà Thị Lụa", received=D(2024, 5, 10))


def body(response) -> str:
    return response.content.decode()


# --- The model: one UPDATE checks and bumps the version ----------------------------------------


def test_a_save_of_a_copy_loaded_before_another_save_is_refused_and_writes_nothing(case_a):
    mine = Victim.objects.get(pk=case_a.victim_id)
    theirs = Victim.objects.get(pk=case_a.victim_id)
    theirs.occupation = "Công nhân may"
    theirs.save()
    mine.occupation = "Nông dân"

    with pytest.raises(StaleVersionError), transaction.atomic():
        mine.save()

    stored = Victim.objects.get(pk=case_a.victim_id)
    assert stored.occupation == "Công nhân may"
    assert stored.version == mine.version + 1


def test_every_save_bumps_the_version_and_history_keeps_it(case_a):
    victim = Victim.objects.get(pk=case_a.victim_id)
    before = victim.version
    victim.occupation = "Thợ may"
    victim.save()
    victim.save(update_fields=["occupation"])

    assert Victim.objects.get(pk=victim.pk).version == before + 2
    assert victim.history.first().version == before + 2


# --- Victim ------------------------------------------------------------------------------------


def test_second_editor_of_a_person_gets_both_values_and_the_first_change_is_kept(
    officer_a, second_officer_a, case_a
):
    url = reverse("victims:victim-edit", args=[case_a.victim_id])
    first, second = logged_in(officer_a), logged_in(second_officer_a)
    first_form, second_form = page_form(first.get(url)), page_form(second.get(url))
    opened = int(first_form["victim-version"][0])

    first_form["victim-occupation"] = ["Công nhân may"]
    assert first.post(url, first_form).status_code == 302
    second_form["victim-occupation"] = ["Nông dân"]
    response = second.post(url, second_form)

    assert response.status_code == 200
    text = body(response)
    assert "Người trở về đã được Trần Văn Đức lưu lúc " in text  # who saved first
    assert f"phiên bản bạn mở: {opened}" in text
    assert f"phiên bản đang lưu: {opened + 1}" in text
    assert 'data-conflict-field="occupation"' in text
    assert "«Nông dân»" in text and "«Công nhân may»" in text
    victim = Victim.objects.get(pk=case_a.victim_id)
    assert victim.occupation == "Công nhân may"
    assert victim.version == opened + 1
    # The form is shown again with what the second editor typed, carrying the current version:
    # saving again is a deliberate choice to write over.
    again = page_form(response)
    assert again["victim-occupation"] == ["Nông dân"]
    assert again["victim-version"] == [str(opened + 1)]
    assert second.post(url, again).status_code == 302
    assert Victim.objects.get(pk=case_a.victim_id).occupation == "Nông dân"


def test_an_unchanged_person_saves_normally(officer_a, case_a):
    url = reverse("victims:victim-edit", args=[case_a.victim_id])
    client = logged_in(officer_a)
    form = page_form(client.get(url))
    form["victim-occupation"] = ["Giáo viên"]

    assert client.post(url, form).status_code == 302
    assert Victim.objects.get(pk=case_a.victim_id).occupation == "Giáo viên"


# --- Case (edited with its reception) ----------------------------------------------------------


def test_second_editor_of_a_case_and_its_reception_gets_both_values_nothing_overwritten(
    officer_a, second_officer_a, case_a
):
    url = reverse("victims:case-edit", args=[case_a.pk])
    first, second = logged_in(officer_a), logged_in(second_officer_a)
    first_form, second_form = page_form(first.get(url)), page_form(second.get(url))

    first_form["case-destination_place"] = ["Quảng Tây"]
    first_form["reception-place"] = ["Cửa khẩu Móng Cái"]
    assert first.post(url, first_form).status_code == 302
    second_form["case-note"] = ["Gia đình đã được thông báo"]
    second_form["reception-place"] = ["Cửa khẩu Hữu Nghị"]
    response = second.post(url, second_form)

    assert response.status_code == 200
    text = body(response)
    assert 'data-conflict-field="destination_place"' in text
    assert "«Quảng Tây»" in text
    assert 'data-conflict-field="place"' in text
    assert "«Cửa khẩu Hữu Nghị»" in text and "«Cửa khẩu Móng Cái»" in text
    case = Case.objects.select_related("reception").get(pk=case_a.pk)
    assert case.destination_place == "Quảng Tây"
    assert case.reception.place == "Cửa khẩu Móng Cái"
    assert case.note == ""


def test_a_status_change_by_a_dossier_decision_makes_an_open_case_form_stale(officer_a, case_a):
    url = reverse("victims:case-edit", args=[case_a.pk])
    client = logged_in(officer_a)
    form = page_form(client.get(url))
    victim_services.case_status_set(case=case_a, status=CaseStatus.IDENTIFIED, actor=officer_a)

    form["case-note"] = ["Ghi chú mới"]
    response = client.post(url, form)

    assert response.status_code == 200
    text = body(response)
    assert 'data-conflict-field="status"' in text
    # The status as the page was opened with and as stored now.
    assert "khi bạn mở trang «Có dấu hiệu bị mua bán» — đang lưu «Đã xác định là nạn nhân»" in text
    case = Case.objects.get(pk=case_a.pk)
    assert case.status == CaseStatus.IDENTIFIED
    assert case.note == ""


# --- Verification dossier ----------------------------------------------------------------------


@pytest.fixture
def second_provincial(units):
    return UserFactory(
        username="canbo.tinh2",
        last_name="Đỗ Văn",
        first_name="Nam",
        role=Role.PROVINCIAL_STAFF,
        jurisdiction=units.province,
    )


@pytest.fixture
def submitted_dossier(officer_a, case_a):
    dossier = dossier_services.dossier_create(actor=officer_a, case=case_a)
    return dossier_services.dossier_submit(actor=officer_a, dossier=dossier)


def send_form_of(client, dossier):
    page = client.get(reverse("victims:case-detail", args=[dossier.case_id]), {"tab": "dossier"})
    return page_form(page, action=reverse("verification:dossier-action", args=[dossier.pk, "send"]))


def test_second_sender_of_a_dossier_gets_both_letters_and_the_first_is_kept(
    provincial_staff, second_provincial, submitted_dossier
):
    first, second = logged_in(provincial_staff), logged_in(second_provincial)
    first_form, second_form = (
        send_form_of(first, submitted_dossier),
        send_form_of(second, submitted_dossier),
    )
    url = reverse("verification:dossier-action", args=[submitted_dossier.pk, "send"])
    prefix = f"send-{submitted_dossier.pk}"
    for form, number in ((first_form, "125/SLĐTBXH"), (second_form, "130/SLĐTBXH")):
        form[f"{prefix}-agency"] = ["Công an tỉnh Thanh Hóa"]
        form[f"{prefix}-letter_number"] = [number]
        form[f"{prefix}-letter_date"] = ["20/05/2024"]

    assert first.post(url, first_form).status_code == 302
    response = second.post(url, second_form)

    assert response.status_code == 200
    text = body(response)
    assert "«130/SLĐTBXH»" in text and "«125/SLĐTBXH»" in text
    assert 'data-conflict-field="status"' in text
    assert page_form(response, action=url)[f"{prefix}-letter_number"] == ["130/SLĐTBXH"]
    dossier = VerificationDossier.objects.get(pk=submitted_dossier.pk)
    assert dossier.letter_number == "125/SLĐTBXH"
    assert dossier.status == DossierStatus.SENT
    assert dossier.events.filter(to_status=DossierStatus.SENT).count() == 1


def test_a_dossier_step_refuses_a_version_the_row_no_longer_has(
    provincial_staff, submitted_dossier
):
    opened = submitted_dossier.version
    dossier_services.dossier_send(
        actor=provincial_staff,
        dossier=submitted_dossier,
        agency="Công an tỉnh Thanh Hóa",
        letter_number="125/SLĐTBXH",
        letter_date=D(2024, 5, 20),
    )

    with pytest.raises(dossier_services.TransitionError, match="phiên bản bạn mở"):
        dossier_services.dossier_close(
            actor=provincial_staff, dossier=submitted_dossier, expected_version=opened
        )
    assert VerificationDossier.objects.get(pk=submitted_dossier.pk).status == DossierStatus.SENT


# --- Support -----------------------------------------------------------------------------------


@pytest.fixture
def proposed_support(officer_a, case_a):
    from support_services.models import SupportType

    victim_services.case_status_set(case=case_a, status=CaseStatus.IDENTIFIED)
    return support_services.support_propose(
        actor=officer_a,
        case=case_a,
        support_type=SupportType.objects.get(regime="legacy", code="travel"),
        on_date=D(2024, 5, 12),
    )


def test_second_decider_of_a_support_gets_both_decisions_and_the_first_is_kept(
    provincial_staff, second_provincial, proposed_support
):
    url = reverse("support_services:support-step", args=[proposed_support.pk, "approve"])
    first, second = logged_in(provincial_staff), logged_in(second_provincial)
    first_form, second_form = (
        page_form(first.get(url), action=""),
        page_form(second.get(url), action=""),
    )
    for form, number in ((first_form, "12/QĐ-SLĐTBXH"), (second_form, "15/QĐ-SLĐTBXH")):
        form["decision_number"] = [number]
        form["decision_date"] = ["15/05/2024"]
        form["authority"] = ["Sở Lao động - Thương binh và Xã hội"]

    assert first.post(url, first_form).status_code == 302
    response = second.post(url, second_form)

    assert response.status_code == 200
    text = body(response)
    assert "«15/QĐ-SLĐTBXH»" in text and "«12/QĐ-SLĐTBXH»" in text
    record = SupportRecord.objects.get(pk=proposed_support.pk)
    assert record.decision_number == "12/QĐ-SLĐTBXH"
    assert record.events.filter(to_status=SupportStatus.APPROVED).count() == 1


def test_a_refusal_opened_before_the_support_was_decided_does_not_overturn_the_decision(
    provincial_staff, second_provincial, proposed_support
):
    url = reverse("support_services:support-step", args=[proposed_support.pk, "reject"])
    client = logged_in(second_provincial)
    form = page_form(client.get(url), action="")
    support_services.support_approve(
        actor=provincial_staff,
        record=proposed_support,
        decision_number="12/QĐ-SLĐTBXH",
        decision_date=D(2024, 5, 15),
        authority="Sở Lao động - Thương binh và Xã hội",
    )

    form["reason"] = ["Không đủ điều kiện"]
    response = client.post(url, form)

    assert response.status_code == 200
    text = body(response)
    assert 'data-conflict-field="status"' in text
    assert "«Đã quyết định hỗ trợ»" in text
    record = SupportRecord.objects.get(pk=proposed_support.pk)
    assert record.status == SupportStatus.APPROVED
    assert record.rejection_reason == ""


# --- Referral ----------------------------------------------------------------------------------


def test_a_cancellation_opened_before_the_referral_was_accepted_is_refused(
    officer_a, second_officer_a, sent
):
    cancel_url = reverse("support_services:referrals-action", args=[sent.pk, "cancel"])
    accept_url = reverse("support_services:referrals-action", args=[sent.pk, "accept"])
    first, second = logged_in(officer_a), logged_in(second_officer_a)
    accept_form = page_form(first.get(accept_url), action=accept_url)
    cancel_form = page_form(second.get(cancel_url), action=cancel_url)

    accept_form[f"accept-{sent.pk}-responded_on"] = ["07/06/2024"]
    assert first.post(accept_url, accept_form).status_code == 302
    cancel_form[f"cancel-{sent.pk}-reason"] = ["Người được hỗ trợ chuyển đi nơi khác"]
    response = second.post(cancel_url, cancel_form)

    assert response.status_code == 200
    text = body(response)
    assert 'data-conflict-field="status"' in text
    assert "«Đã tiếp nhận»" in text
    assert 'data-conflict-field="cancel_reason"' in text
    referral = Referral.objects.get(pk=sent.pk)
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.cancel_reason == ""


def test_a_referral_step_refuses_a_version_the_row_no_longer_has(officer_a, sent):
    opened = sent.version
    referrals_services.referral_accept(actor=officer_a, referral=sent, responded_on=D(2024, 6, 7))

    with pytest.raises(referrals_services.ReferralError, match="phiên bản bạn mở"):
        referrals_services.referral_cancel(
            actor=officer_a, referral=sent, reason="Hủy", expected_version=opened
        )
    assert Referral.objects.get(pk=sent.pk).status == ReferralStatus.ACCEPTED


# --- Admin -------------------------------------------------------------------------------------


def admin_form(client, url, form_id):
    data = page_form(client.get(url), form_id=form_id)
    data["_save"] = ["Lưu"]
    return data


def test_a_stale_admin_save_of_a_person_gets_a_form_error_and_keeps_the_other_change(
    supervisor, case_a
):
    url = reverse("admin:victims_victim_change", args=[case_a.victim_id])
    client = logged_in(supervisor)
    form = admin_form(client, url, "victim_form")
    victim = Victim.objects.get(pk=case_a.victim_id)
    victim.occupation = "Công nhân may"
    victim.save()

    form["occupation"] = ["Nông dân"]
    response = client.post(url, form)

    assert response.status_code == 200
    text = body(response)
    assert "«Nông dân»" in text and "«Công nhân may»" in text
    assert Victim.objects.get(pk=case_a.victim_id).occupation == "Công nhân may"


def test_a_fresh_admin_save_of_a_case_goes_through_and_bumps_the_version(supervisor, case_a):
    url = reverse("admin:victims_case_change", args=[case_a.pk])
    client = logged_in(supervisor)
    form = admin_form(client, url, "case_form")
    before = Case.objects.get(pk=case_a.pk).version

    form["destination_place"] = ["Vân Nam"]
    response = client.post(url, form)

    assert response.status_code == 302
    case = Case.objects.get(pk=case_a.pk)
    assert case.destination_place == "Vân Nam"
    assert case.version == before + 1


def test_a_stale_admin_save_of_a_case_after_a_workflow_step_is_refused(supervisor, case_a):
    url = reverse("admin:victims_case_change", args=[case_a.pk])
    client = logged_in(supervisor)
    form = admin_form(client, url, "case_form")
    victim_services.case_status_set(case=case_a, status=CaseStatus.IDENTIFIED)

    form["status"] = [CaseStatus.SUSPECTED]
    response = client.post(url, form)

    assert response.status_code == 200
    assert 'data-conflict-field="status"' in body(response)
    assert Case.objects.get(pk=case_a.pk).status == CaseStatus.IDENTIFIED


def test_reverting_to_an_old_version_in_the_admin_is_a_change_of_the_row_as_it_is_now(
    supervisor, case_a
):
    victim = Victim.objects.get(pk=case_a.victim_id)
    victim.occupation = "Công nhân may"
    victim.save()
    old = victim.history.filter(occupation="").order_by("history_date").first()
    url = reverse("admin:victims_victim_simple_history", args=[victim.pk, old.history_id])
    client = logged_in(supervisor)

    form = admin_form(client, url, "historicalvictim_form")
    assert form["occupation"] == [""]
    assert form["version"] == [str(victim.version)]  # the version stored now, not the old one's
    response = client.post(url, form)

    assert response.status_code == 302
    assert Victim.objects.get(pk=victim.pk).occupation == ""
