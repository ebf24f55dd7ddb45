"""Issue 18, findings 1, 3, 4, 5 and 6: the admin's side doors, reproduced as the independent
probe did — through the test client, against the real admin URLs, as supervisors of one area
acting on another area's or the whole installation's data.

1. Pages of the admin that can list related people or cases (delete confirmations, history,
   inlines, raw-id lookups, autocompletes) show only the user's area, or only counts.
3. Installation-wide data (reference lists, deadlines, holidays, rates, schedules, the served
   provinces) is changed only by a supervisor whose jurisdiction covers every served province;
   a row in use is never deleted (retired instead), and its history is kept.
4. A province's department profile is seen and changed only within that province.
5. The provider directory is read by everyone and changed only by the owning province's staff,
   in the app and in the admin, its history "revert" included.
6. No name or ID number of a person travels in an admin URL: the admin searches no personal
   field, and the deployment guide's access-log formats drop query strings.
"""

import re
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.contrib import admin
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from accounts.models import DepartmentProfile, Organisation, ServedProvince
from support_services.models import ServiceProvider, SupportRate
from tests.security import probe
from verification.models import CalendarDay, DeadlineRule
from victims.models import Case, EthnicGroup, ExploitationForm, Victim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(seeded_demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return probe.build()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_data(response, index=-1) -> dict:
    """What a browser would send back from the page's form (the admin's change form is last)."""
    form = lxml.html.fromstring(response.content.decode()).forms[index]
    data: dict = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def most_used_form() -> ExploitationForm:
    return max(ExploitationForm.objects.all(), key=lambda form: form.cases.count())


# --- Finding 1: names of people from the whole installation -----------------------------------


def test_an_area_supervisor_sees_no_foreign_name_on_a_reference_delete_page(world):
    supervisor = world.supervisor_thach_thanh
    secrets = probe.people_outside(supervisor)
    group = max(
        EthnicGroup.objects.all(), key=lambda g: Victim.objects.filter(ethnic_group=g).count()
    )
    assert Victim.objects.filter(ethnic_group=group).count() > 5

    response = client_of(supervisor).get(admin_url(EthnicGroup, "delete", group.pk))

    body = response.content.decode()
    assert [secret for secret in secrets if secret in body] == []


def test_the_delete_page_of_a_used_reference_row_names_no_person_even_to_the_whole_installation(
    world,
):
    group = max(
        EthnicGroup.objects.all(), key=lambda g: Victim.objects.filter(ethnic_group=g).count()
    )

    response = client_of(world.root).get(admin_url(EthnicGroup, "delete", group.pk))

    body = response.content.decode()
    names = list(Victim.objects.values_list("full_name", flat=True))
    codes = list(Case.objects.values_list("code", flat=True))
    assert [text for text in names + codes if text in body] == []


def test_no_delete_or_history_page_of_any_admin_shows_a_foreign_person(world):
    """Every registered ModelAdmin: the delete confirmation and the history of its first row
    the supervisor may open show nothing of the people outside the supervisor's area."""
    from accounts.access import scope_for

    supervisor = world.supervisor_hac_thanh
    client = client_of(supervisor)
    secrets = probe.people_outside(supervisor)
    assert len(secrets) > 20
    failures, checked = [], 0
    for model in admin.site._registry:
        queryset = model._default_manager.order_by("pk")
        if getattr(model, "scope_unit_field", None) is not None:
            queryset = scope_for(supervisor, queryset)
        obj = queryset.first()
        if obj is None:
            continue
        for view in ("delete", "history"):
            body = client.get(admin_url(model, view, obj.pk)).content.decode(errors="replace")
            leaked = [secret for secret in secrets if secret in body]
            if leaked:
                failures.append((model.__name__, view, leaked[:2]))
            checked += 1
    assert failures == []
    assert checked > 30


# --- Finding 3: installation-wide data written by an area supervisor ---------------------------


def test_an_area_supervisor_cannot_delete_an_exploitation_form_used_by_other_areas(world):
    form = most_used_form()
    links = form.cases.count()

    client_of(world.supervisor_thach_thanh).post(
        admin_url(ExploitationForm, "delete", form.pk), {"post": "yes"}
    )

    assert ExploitationForm.objects.filter(pk=form.pk).exists()
    assert form.cases.count() == links


@pytest.mark.parametrize(
    "model", [DeadlineRule, CalendarDay, SupportRate, PeriodicTask, EthnicGroup]
)
def test_an_area_supervisor_can_neither_delete_nor_change_shared_data(world, model):
    obj = model._default_manager.order_by("pk").first()
    before = probe.table_checksum(model._meta.db_table)
    client = client_of(world.supervisor_thach_thanh)

    deleted = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    page = client.get(admin_url(model, "change", obj.pk))
    data = form_data(page) if page.status_code == 200 and b"<form" in page.content else {}
    changed = client.post(admin_url(model, "change", obj.pk), data)

    assert deleted.status_code == 403
    assert changed.status_code == 403
    assert probe.table_checksum(model._meta.db_table) == before


def test_an_area_supervisor_cannot_add_shared_data(world):
    before = CalendarDay.objects.count()

    response = client_of(world.supervisor_thach_thanh).post(
        admin_url(CalendarDay, "add"), {"date": "01/12/2030", "name": "Ngày thử"}
    )

    assert response.status_code == 403
    assert CalendarDay.objects.count() == before


def test_a_province_supervisor_cannot_take_another_province_out_of_the_served_list(world):
    organisation = Organisation.current()
    client = client_of(world.supervisor_thanh_hoa)
    page = client.get(admin_url(Organisation, "change", organisation.pk))
    data = form_data(page)
    # Tick "delete" on the inline row of Nghệ An.
    for key, values in list(data.items()):
        if key.endswith("-province") and values == [str(world.nghe_an.pk)]:
            data[key.replace("-province", "-DELETE")] = ["on"]

    response = client.post(admin_url(Organisation, "change", organisation.pk), data)

    assert response.status_code == 403
    assert ServedProvince.objects.filter(province=world.nghe_an).exists()


def test_the_installation_supervisor_may_change_shared_data(world):
    holiday = CalendarDay.objects.order_by("pk").first()
    client = client_of(world.root)
    data = form_data(client.get(admin_url(CalendarDay, "change", holiday.pk)))
    data["name"] = ["Tết Dương lịch (đã sửa)"]

    response = client.post(admin_url(CalendarDay, "change", holiday.pk), data)

    assert response.status_code == 302
    holiday.refresh_from_db()
    assert holiday.name == "Tết Dương lịch (đã sửa)"
    assert holiday.history.count() >= 1  # the change is kept


def test_a_used_exploitation_form_is_not_deleted_even_by_the_installation_supervisor(world):
    form = most_used_form()
    links = form.cases.count()

    response = client_of(world.root).post(
        admin_url(ExploitationForm, "delete", form.pk), {"post": "yes"}
    )

    assert response.status_code in (200, 403)
    assert ExploitationForm.objects.filter(pk=form.pk).exists()
    assert form.cases.count() == links


def test_the_database_refuses_to_delete_an_exploitation_form_in_use(world):
    form = most_used_form()

    with pytest.raises(ProtectedError):
        form.delete()


def retire_by_action(client, model, obj, action="deactivate_rows"):
    return client.post(
        admin_url(model, "changelist"), {"action": action, "_selected_action": [str(obj.pk)]}
    )


def test_the_delete_page_of_a_used_reference_row_offers_to_retire_it_with_counts_only(world):
    form = most_used_form()

    response = client_of(world.root).get(admin_url(ExploitationForm, "delete", form.pk))

    page = lxml.html.fromstring(response.content.decode())
    assert response.status_code == 200
    assert page.xpath('//*[@data-testid="in-use"]')
    (offer,) = [
        f for f in page.forms if f.get("action") == admin_url(ExploitationForm, "changelist")
    ]
    assert dict(offer.form_values())["action"] == "deactivate_rows"
    assert dict(offer.form_values())["_selected_action"] == str(form.pk)
    counts = [item.text_content() for item in page.xpath('//ul[@id="deleted-objects"]/li')]
    assert any(str(form.cases.count()) in line for line in counts)
    codes = list(Case.objects.values_list("code", flat=True))
    assert [code for code in codes if code in response.content.decode()] == []


def test_the_installation_supervisor_retires_and_brings_back_a_row_in_use_with_history(world):
    form = most_used_form()
    links, kept = form.cases.count(), form.history.count()
    client = client_of(world.root)

    retired = retire_by_action(client, ExploitationForm, form)
    form.refresh_from_db()
    assert retired.status_code == 302
    assert form.is_active is False
    assert form.cases.count() == links

    retire_by_action(client, ExploitationForm, form, action="reactivate_rows")
    form.refresh_from_db()
    assert form.is_active is True
    assert [row.is_active for row in form.history.order_by("history_id")][kept:] == [False, True]


def test_retiring_from_the_delete_page_posts_the_retirement(world):
    form = most_used_form()
    client = client_of(world.root)
    page = client.get(admin_url(ExploitationForm, "delete", form.pk))
    (offer,) = [
        f
        for f in lxml.html.fromstring(page.content.decode()).forms
        if f.get("action") == admin_url(ExploitationForm, "changelist")
    ]

    client.post(offer.get("action"), dict(offer.form_values()))

    form.refresh_from_db()
    assert form.is_active is False


def test_an_area_supervisor_can_neither_retire_nor_bring_back_shared_data(world):
    form = most_used_form()
    client = client_of(world.supervisor_thach_thanh)

    response = retire_by_action(client, ExploitationForm, form)

    form.refresh_from_db()
    assert response.status_code in (200, 302, 403)
    assert form.is_active is True


def test_a_supervisor_of_another_province_cannot_retire_a_provider(world):
    provider = world.provider_thanh_hoa
    client = client_of(world.supervisor_nghe_an)

    retire_by_action(client, ServiceProvider, provider)

    provider.refresh_from_db()
    assert provider.is_active is True


def test_the_admin_form_of_a_person_keeps_a_retired_ethnic_group_for_that_person_only(world):
    victim = Victim.objects.exclude(ethnic_group=None).order_by("pk").first()
    other = Victim.objects.exclude(ethnic_group=victim.ethnic_group).order_by("pk").first()
    group = victim.ethnic_group
    group.is_active = False
    group.save()
    client = client_of(world.root)

    own = client.get(admin_url(Victim, "change", victim.pk))
    another = client.get(admin_url(Victim, "change", other.pk))

    assert group in set(own.context["adminform"].form.fields["ethnic_group"].queryset)
    assert group not in set(another.context["adminform"].form.fields["ethnic_group"].queryset)


# --- Finding 4: another province's department profile ----------------------------------------


def test_a_supervisor_of_another_province_neither_reads_nor_changes_nor_deletes_a_profile(world):
    profile = world.profile_thanh_hoa
    before = probe.table_checksum("accounts_departmentprofile", "id = %s", [profile.pk])
    client = client_of(world.supervisor_nghe_an_commune)

    listed = client.get(admin_url(DepartmentProfile, "changelist"))
    shown = client.get(admin_url(DepartmentProfile, "change", profile.pk))
    changed = client.post(
        admin_url(DepartmentProfile, "change", profile.pk),
        {
            "province": profile.province_id,
            "regime": profile.regime,
            "governing_body": "Giả mạo",
            "department_name": "Giả mạo",
            "signatory_title": "Giám đốc",
            "signing_place": "Giả mạo",
        },
    )
    deleted = client.post(admin_url(DepartmentProfile, "delete", profile.pk), {"post": "yes"})

    assert profile.department_name not in listed.content.decode() or all(
        row.province_id != profile.province_id for row in listed.context["cl"].result_list
    )
    assert shown.status_code in (302, 404)
    assert changed.status_code in (302, 403, 404)
    assert deleted.status_code in (302, 403, 404)
    assert probe.table_checksum("accounts_departmentprofile", "id = %s", [profile.pk]) == before


def test_a_district_supervisor_reads_but_does_not_change_the_profile_of_the_own_province(world):
    profile = world.profile_thanh_hoa
    client = client_of(world.supervisor_thach_thanh)

    shown = client.get(admin_url(DepartmentProfile, "change", profile.pk))
    deleted = client.post(admin_url(DepartmentProfile, "delete", profile.pk), {"post": "yes"})

    assert shown.status_code == 200
    assert deleted.status_code == 403
    assert DepartmentProfile.objects.filter(pk=profile.pk).exists()


# --- Finding 5: the provider directory ---------------------------------------------------------


def test_staff_of_another_province_cannot_edit_a_provider_in_the_app(world):
    provider = world.provider_thanh_hoa
    before = probe.table_checksum("support_services_serviceprovider", "id = %s", [provider.pk])
    client = client_of(world.staff_nghe_an)
    url = reverse("support_services:providers-edit", args=[provider.pk])

    shown = client.get(url)
    changed = client.post(
        url,
        {
            "kind": provider.kind,
            "name": provider.name,
            "area": world.nghe_an.pk,
            "phone": "0999 999 999",
            "address": "Địa chỉ giả",
        },
    )

    assert shown.status_code in (403, 404)
    assert changed.status_code in (403, 404)
    assert probe.table_checksum("support_services_serviceprovider", "id = %s", [provider.pk]) == (
        before
    )


def test_staff_may_still_edit_a_provider_of_their_own_province_in_the_app(world):
    provider = world.provider_nghe_an
    client = client_of(world.staff_nghe_an)
    url = reverse("support_services:providers-edit", args=[provider.pk])

    assert client.get(url).status_code == 200


def test_everyone_reads_a_provider_of_another_province(world):
    response = client_of(world.staff_nghe_an).get(
        reverse("support_services:providers-detail", args=[world.provider_thanh_hoa.pk])
    )

    assert response.status_code == 200
    assert world.provider_thanh_hoa.name in response.content.decode()


def test_a_supervisor_of_another_province_cannot_change_or_revert_a_provider_in_the_admin(world):
    provider = world.provider_thanh_hoa
    provider.phone = "0237 3852 000"
    provider._history_user = world.supervisor_thanh_hoa
    provider.save()
    old_version = provider.history.order_by("history_id").first()
    before = probe.table_checksum("support_services_serviceprovider", "id = %s", [provider.pk])
    client = client_of(world.supervisor_nghe_an)

    page = client.get(admin_url(ServiceProvider, "change", provider.pk))
    data = form_data(page) if page.status_code == 200 else {}
    data.update({"phone": ["0999 999 999"], "address": ["Địa chỉ giả"]})
    changed = client.post(admin_url(ServiceProvider, "change", provider.pk), data)
    revert_url = reverse(
        "admin:support_services_serviceprovider_simple_history",
        args=[provider.pk, old_version.history_id],
    )
    revert_page = client.get(revert_url)
    revert_data = form_data(revert_page) if revert_page.status_code == 200 else data
    reverted = client.post(revert_url, revert_data)
    deleted = client.post(admin_url(ServiceProvider, "delete", provider.pk), {"post": "yes"})

    assert changed.status_code == 403
    assert reverted.status_code == 403
    assert deleted.status_code == 403
    assert probe.table_checksum("support_services_serviceprovider", "id = %s", [provider.pk]) == (
        before
    )


def test_the_owning_province_supervisor_may_change_its_provider_in_the_admin(world):
    provider = world.provider_nghe_an
    client = client_of(world.supervisor_nghe_an)
    data = form_data(client.get(admin_url(ServiceProvider, "change", provider.pk)))
    data["phone"] = ["0238 3844 999"]

    response = client.post(admin_url(ServiceProvider, "change", provider.pk), data)

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.phone == "0238 3844 999"


# --- Finding 6: names and ID numbers in URLs ---------------------------------------------------


def personal_fields() -> dict[str, set[str]]:
    """Model label -> names of its fields that hold a person's identity (from the registry of
    personal fields that anonymisation clears, with the name and its search column)."""
    from core.crypto import EncryptedCharField
    from victims import registry

    fields: dict[str, set[str]] = {}
    for entry in registry.personal_fields():
        names = {*entry.erase, *entry.redact, *entry.replaced}
        fields.setdefault(entry.label, set()).update(names)
    fields.setdefault("victims.Victim", set()).update({"full_name", "search_name", "id_number"})
    # Staff are people too: their names and phones are not searched by URL either.
    fields.setdefault("accounts.User", set()).update(
        {"first_name", "last_name", "phone", "work_unit", "job_title"}
    )
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if isinstance(field, EncryptedCharField):
                fields.setdefault(model._meta.label, set()).add(field.name)
    return fields


def _final_model_and_field(model, path):
    from django.contrib.admin.utils import get_fields_from_path

    path = path.lstrip("=^@")
    parts = get_fields_from_path(model, path)
    last = parts[-1]
    owner = parts[-2].related_model if len(parts) > 1 else model
    return owner, last.name


def test_no_admin_searches_a_personal_field():
    personal = personal_fields()
    offending = []
    for model, model_admin in admin.site._registry.items():
        for path in model_admin.search_fields:
            owner, name = _final_model_and_field(model, path)
            if name in personal.get(owner._meta.label, set()):
                offending.append((model.__name__, path))
    assert offending == []


def test_the_admin_finds_nobody_by_a_name_or_an_id_number_in_the_url(world):
    client = client_of(world.root)
    victim = world.case_nghe_an.victim
    everyone = Victim.objects.count()

    by_name = client.get(admin_url(Victim, "changelist"), {"q": "Thoan"})
    by_number = client.get(admin_url(Victim, "changelist"), {"q": "040199012345"})

    for response in (by_name, by_number):
        assert response.status_code == 200
        # No search box: the text is not used to find anyone (the registry searches by POST).
        assert response.context["cl"].result_count == everyone
        assert not response.context["cl"].search_fields
    assert victim.full_name  # the person exists; only the URL search is gone


def test_the_user_admin_finds_no_staff_member_by_name_in_the_url(world):
    from accounts.models import User

    client = client_of(world.root)
    colleague = world.supervisor_thach_thanh
    colleague.last_name, colleague.first_name = "Nguyễn Văn", "Khoa"
    colleague.save()

    by_name = client.get(admin_url(User, "changelist"), {"q": "Khoa"})
    by_username = client.get(admin_url(User, "changelist"), {"q": colleague.username})

    assert colleague not in by_name.context["cl"].result_list
    assert colleague in by_username.context["cl"].result_list


def test_no_autocomplete_finds_a_person_by_name(world):
    client = client_of(world.root)
    victim = world.case_nghe_an.victim
    found = []
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            response = client.get(
                "/admin/autocomplete/",
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "Thoan",
                },
            )
            if response.status_code == 200 and any(
                str(victim.pk) == result["id"] or "Thoan" in result["text"]
                for result in response.json()["results"]
            ):
                found.append((model.__name__, field_name))
    assert found == []


def test_the_deployment_guide_logs_no_query_string():
    guide = (Path(settings.BASE_DIR) / "docs" / "deployment.md").read_text()
    gunicorn = re.search(r"access_log_format\s*=\s*'([^']+)'", guide)
    nginx = re.search(r"log_format\s+\w+\s+((?:'[^']*'\s*)+);", guide)

    assert gunicorn is not None, "gunicorn's access log format is not set"
    assert nginx is not None, "nginx's access log format is not set"
    # gunicorn: %(r)s is the request line, %(q)s the query, %(f)s the referrer (a URL with
    # its query); %(U)s is the path alone.
    assert not re.search(r"%\((r|q|f)\)s", gunicorn.group(1))
    assert "%(U)s" in gunicorn.group(1)
    # nginx: $request and $request_uri carry the query string, $args and $query_string are it,
    # $http_referer is a URL with its own.
    assert not re.search(
        r"\$(request\b|request_uri|args|query_string|arg_|http_referer)", nginx.group(1)
    )
    assert "$uri" in nginx.group(1)
    assert re.search(r"access_log\s+\S+\s+\w+;", guide)


# --- One mechanism -----------------------------------------------------------------------------


def test_every_admin_a_supervisor_may_use_declares_its_reach():
    """Every ModelAdmin of a model supervisors have permissions on is a GuardedAdminMixin (so
    its reach decides who changes it), and every inline that may write answers to its parent."""
    from accounts.admin import GuardedAdminMixin, GuardedInlineMixin
    from accounts.models import Role
    from accounts.roles import ROLE_PERMISSIONS

    supervisor_apps = ROLE_PERMISSIONS[Role.SUPERVISOR]
    unguarded, inlines = [], []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in supervisor_apps:
            continue
        if not isinstance(model_admin, GuardedAdminMixin):
            unguarded.append(model._meta.label)
        for inline in model_admin.inlines:
            read_only = not getattr(inline, "deletable", True) and inline.can_delete is False
            if not read_only and not issubclass(inline, GuardedInlineMixin):
                inlines.append(inline.__name__)
    assert unguarded == []
    assert inlines == []
