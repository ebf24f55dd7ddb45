"""Issue 18, finding 3: a reference row in use is retired (`is_active`), never deleted. A retired
row is offered by no form, filter, picker or import; the records that have it keep showing it,
an edit form of such a record keeps it selectable for that record only; reports still count the
records under it."""

import datetime

import pytest

from core.models import Deactivatable
from prevention.models import TargetGroup
from reports.indicators import Scope, compute
from reports.periods import period_for
from support_services.models import ServiceProvider, SupportType
from support_services.supports.forms import ProposeForm
from victims.importing.matching import Matcher
from victims.models import EthnicGroup, ExploitationForm

pytestmark = pytest.mark.django_db


def retire(row):
    row.is_active = False
    row.save()
    return row


def offered(form, name) -> set:
    return set(form.fields[name].queryset)


@pytest.mark.parametrize(
    "model", [EthnicGroup, ExploitationForm, SupportType, TargetGroup, ServiceProvider]
)
def test_every_reference_list_officers_pick_from_can_be_retired_with_history(model):
    assert issubclass(model, Deactivatable)
    assert model._meta.get_field("is_active").default is True
    assert "is_active" in {field.name for field in model.history.model._meta.fields}


def test_retiring_a_row_keeps_its_history():
    form = ExploitationForm.objects.get(code="sexual")
    kept = form.history.count()

    retire(form)

    assert form.history.count() == kept + 1
    assert form.history.latest("history_date").is_active is False
    assert ExploitationForm.objects.filter(pk=form.pk).exists()


def test_the_new_case_form_offers_no_retired_exploitation_form(client_a, thanh_hoa_served):
    labour = retire(ExploitationForm.objects.get(code="forced_labour"))

    response = client_a.get("/victims/new/")

    case_form = response.context["case_form"]
    assert labour not in offered(case_form, "exploitation_forms")
    assert ExploitationForm.objects.get(code="sexual") in offered(case_form, "exploitation_forms")


def test_a_case_keeps_its_retired_form_selectable_and_shown_only_for_itself(
    client_a, officer_a, units, make_case
):
    with_it = make_case(officer_a, units.district_a, forms=("forced_labour",))
    without = make_case(officer_a, units.district_a, full_name="Lò Thị Mai", forms=("sexual",))
    labour = retire(ExploitationForm.objects.get(code="forced_labour"))

    own = client_a.get(f"/victims/cases/{with_it.pk}/edit/")
    other = client_a.get(f"/victims/cases/{without.pk}/edit/")

    assert labour in offered(own.context["case_form"], "exploitation_forms")
    assert list(own.context["case_form"].initial["exploitation_forms"]) == [labour]
    assert labour not in offered(other.context["case_form"], "exploitation_forms")
    assert labour.name in client_a.get(f"/victims/cases/{with_it.pk}/").content.decode()


def test_a_retired_exploitation_form_posted_for_another_case_is_refused(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, forms=("sexual",))
    labour = retire(ExploitationForm.objects.get(code="forced_labour"))

    response = client_a.get(f"/victims/cases/{case.pk}/edit/")
    form = response.context["case_form"]
    bound = type(form)(
        {"case-exploitation_forms": [str(labour.pk)]}, instance=case, prefix="case", user=officer_a
    )

    assert not bound.is_valid()
    assert "exploitation_forms" in bound.errors


def test_a_person_keeps_a_retired_ethnic_group_and_no_one_else_is_offered_it(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a)
    group = EthnicGroup.objects.get(code_1979="04")
    case.victim.ethnic_group = group
    case.victim.save()
    retire(group)

    own = client_a.get(f"/victims/people/{case.victim.pk}/edit/")
    new = client_a.get("/victims/new/")

    assert group in offered(own.context["victim_form"], "ethnic_group")
    assert group not in offered(new.context["victim_form"], "ethnic_group")


def test_the_case_list_filter_offers_a_retired_form_only_when_a_link_asks_for_it(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, forms=("forced_labour",))
    labour = retire(ExploitationForm.objects.get(code="forced_labour"))

    plain = client_a.get("/victims/")
    asked = client_a.get("/victims/", {"exploitation": labour.pk})

    assert labour not in set(plain.context["filter"].form.fields["exploitation"].queryset)
    assert [row.pk for row in asked.context["filter"].qs] == [case.pk]


def test_the_support_proposal_offers_no_retired_support_type():
    counselling = SupportType.objects.filter(regime="current").first()
    retire(counselling)

    form = ProposeForm(regime="current")

    assert counselling not in offered(form, "support_type")
    assert offered(form, "support_type")


def test_the_import_does_not_recognise_a_retired_value():
    group = EthnicGroup.objects.get(code_1979="04")
    labour = ExploitationForm.objects.get(code="forced_labour")
    assert Matcher().ethnic_group(group.name) == group
    retire(group)
    retire(labour)

    matcher = Matcher()

    assert matcher.ethnic_group(group.name) is None
    found, errors = matcher.exploitation_forms(labour.name)
    assert found == [] and errors


def test_reports_still_count_cases_under_a_retired_form(officer_a, units, make_case):
    make_case(
        officer_a, units.district_a, forms=("forced_labour",), received=datetime.date(2024, 5, 10)
    )
    scope = Scope(units.province, period_for("annual", 2024))
    before = compute(scope).tables["received_by_exploitation"]

    retire(ExploitationForm.objects.get(code="forced_labour"))

    assert compute(scope).tables["received_by_exploitation"] == before
    assert before
