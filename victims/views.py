from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import audit
from accounts.access import can_change, covers_some_province, get_for_user, scope_for
from accounts.exports import export_with_reason
from accounts.models import AccessAction
from accounts.services import ethnic_code_set
from core.downloads import attachment_download_view
from core.forms import save_with
from core.lists import list_page
from victims import case_page, exports, id_checks, rules, search_keys, services, timeline
from victims.filters import CaseFilter, broad_name_search
from victims.forms import CaseForm, ConsentForm, ReceptionForm, VictimForm
from victims.models import Case, Consent, Reception, Victim


def _scoped_cases(user, cases):
    # A whole province holds (nearly) every case: its area tested on each row, so that its list
    # walks the index of its order even for a deep page (accounts.access.scope_to_unit).
    return scope_for(user, cases, row_test=covers_some_province(user))


def _case_list_queryset(user):
    cases = Case.objects.select_related("victim", "managing_unit", "reception")
    return _scoped_cases(user, cases).prefetch_related("exploitation_forms")


# What a row of the registry shows: a page reads these columns only (no encrypted number is
# read, decrypted and dropped 25 times a page).
LIST_COLUMNS = (
    "code",
    "status",
    "destination_country",
    "received_on",
    "victim__full_name",
    "victim__sex",
    "victim__birth_year",
    "managing_unit__name",
    "managing_unit__is_legacy",
)


def _case_list_rows(user):
    cases = Case.objects.select_related("victim", "managing_unit").only(*LIST_COLUMNS)
    return _scoped_cases(user, cases)


def _filter_data(request):
    """The list's filters: codes and ids from the URL; the free text only through a search key
    of this session (victims/search_keys.py), never from the URL itself."""
    data = request.GET.copy()
    data.pop("q", None)
    if text := search_keys.search_text(request, data.get("s", "")):
        data["q"] = text
    else:
        data.pop("s", None)
    return data


def _search_redirect(request):
    """The search form, sent by POST: its text goes under a key, the rest into the URL."""
    data = request.POST.copy()
    for name in ("csrfmiddlewaretoken", "q", "s", "page"):
        data.pop(name, None)
    query = {name: value for name, value in data.items() if value}
    if text := request.POST.get("q", "").strip():
        # Whether the name is a broad one is decided here, once: the pages of the search do
        # not ask the planner again (victims.filters.broad_name_search).
        broad = broad_name_search(text[:200])
        query["s"] = search_keys.search_key_make(request, text[:200], broad=broad)
    return redirect(f"{reverse('victims:case-list')}?{urlencode(query)}")


@login_required
@require_http_methods(["GET", "POST"])
def case_list(request):
    if request.method == "POST":
        return _search_redirect(request)
    case_filter = CaseFilter(
        _filter_data(request),
        queryset=_case_list_rows(request.user),
        user=request.user,
        broad_search=search_keys.search_broad(request, request.GET.get("s", "")),
    )
    cases = case_filter.qs
    if not request.GET.get("ordering"):
        # A column of the listed table with an index of its own (victims.Case.received_on).
        cases = cases.order_by("-received_on", "-pk")
    text = search_keys.search_text(request, request.GET.get("s", ""))
    searched = {"search_length": len(text), "search_digest": audit.search_digest(text)}
    page = list_page(
        request,
        cases,
        logged_as="victims.case",
        exact_up_to=case_filter.exact_count_up_to,
        **(searched if text else {}),
    )
    query = _filter_data(request)
    for name in ("page", "q"):
        query.pop(name, None)
    return render(
        request,
        "victims/case_list.html",
        {
            "filter": case_filter,
            "page": page,
            "query": query.urlencode(),
            "can_create": can_change(request.user, Case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_export(request):
    """The filtered list as Excel: names and residences of people, so a reason is asked first
    (accounts.exports) and the file may be protected by a password."""

    def build():
        case_filter = CaseFilter(
            _filter_data(request),
            queryset=_case_list_queryset(request.user),
            user=request.user,
            broad_search=search_keys.search_broad(request, request.GET.get("s", "")),
        )
        cases = case_filter.qs.order_by("code")
        return exports.cases_workbook_response(cases), cases.count()

    query = request.GET.urlencode()
    return export_with_reason(
        request,
        build,
        title=_("Xuất danh sách vụ việc ra Excel"),
        back_url=reverse("victims:case-list") + (f"?{query}" if query else ""),
        object_type="victims.case",
    )


def _possible_duplicates(request, victim_form, *, counted: bool):
    """The possible duplicates, each with whether the user may see them: people of other areas
    shown count against the user's limit (victims/id_checks.py); past it, a refusal beside the
    name and no one."""
    data = victim_form.cleaned_data
    found = id_checks.similar_people_check(
        user=request.user,
        full_name=data["full_name"],
        birth_year=data.get("birth_year"),
        permanent_unit=victim_form.instance.permanent_unit,
        request=request,
        counted=counted,
    )
    if found.refused:
        victim_form.id_check_refused = True
        victim_form.add_error("full_name", found.refused)
    return found.people


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    """Person, case and reception entered in one sitting, saved in one transaction."""
    if not can_change(request.user, Case):
        raise PermissionDenied
    user = request.user
    data = request.POST if request.method == "POST" else None
    victim_form = VictimForm(data, prefix="victim", user=user, request=request)
    case_form = CaseForm(data, prefix="case", user=user)
    reception_form = ReceptionForm(data, prefix="reception")
    duplicates = []
    if request.method == "POST" and all(
        [victim_form.is_valid(), case_form.is_valid(), reception_form.is_valid()]
    ):
        victim = victim_form.save(commit=False)
        victim_form.instance = victim
        decision = request.POST.get("duplicate_decision", "")
        # "Another person" shows nothing more: it is not counted; anything else may show the panel.
        duplicates = _possible_duplicates(request, victim_form, counted=decision != "different")
        existing = None
        if decision.startswith("existing:"):
            existing = next(
                (p for p, visible in duplicates if visible and str(p.pk) == decision[9:]), None
            )
        if victim_form.id_check_refused:
            pass  # the refusal is shown beside the name; nothing is saved
        elif duplicates and not (decision == "different" or existing):
            # Possible duplicates are other people's records shown by name: a search.
            audit.record(
                request,
                AccessAction.SEARCH,
                object_type="victims.victim",
                rows=len(duplicates),
                duplicates=[person.pk for person, _visible in duplicates],
            )
            messages.warning(
                request, _("Có thể người này đã có trong hệ thống. Vui lòng kiểm tra.")
            )
        else:
            case = _save_new_case(
                request, victim_form, case_form, reception_form, existing, duplicates
            )
            if case is not None:
                messages.success(request, _("Đã lưu vụ việc %(code)s.") % {"code": case.code})
                return redirect("victims:case-detail", pk=case.pk)
    return render(
        request,
        "victims/case_create.html",
        {
            "victim_form": victim_form,
            "case_form": case_form,
            "reception_form": reception_form,
            "duplicates": duplicates,
        },
        status=429 if victim_form.id_check_refused else 200,
    )


def _save_new_case(request, victim_form, case_form, reception_form, existing, duplicates):
    victim = existing or victim_form.instance
    try:
        with transaction.atomic():
            case = _create_case(request, victim, case_form, reception_form)
            if existing is None and duplicates:
                victim.not_duplicate_of.add(*[person for person, _visible in duplicates])
    except ValidationError as error:
        _attach_errors(error, victim_form, case_form, reception_form)
        return None
    return case


def _create_case(request, victim, case_form, reception_form) -> Case:
    """The case and reception of valid forms, through the service that applies the rules."""
    case = case_form.save(commit=False)
    case.criminal_case = case_form.criminal_case()
    services.check_managing_unit(
        unit=case.managing_unit, received_on=reception_form.cleaned_data.get("received_on")
    )
    return services.case_create(
        actor=request.user,
        victim=victim,
        case=case,
        reception=reception_form.save(commit=False),
        exploitation_forms=case_form.cleaned_data["exploitation_forms"],
    )


def _attach_errors(error, *forms):
    for field, field_errors in error.message_dict.items():
        form = next((f for f in forms if field in f.fields), forms[0])
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def case_add_for_victim(request, victim_pk):
    """A new episode for a person already registered (re-trafficked)."""
    victim = get_for_user(request.user, Victim, victim_pk, write=True)
    data = request.POST if request.method == "POST" else None
    case_form = CaseForm(data, prefix="case", user=request.user)
    reception_form = ReceptionForm(data, prefix="reception")
    return _case_form_page(
        request,
        case_form,
        reception_form,
        save=lambda: _create_case(request, victim, case_form, reception_form),
        done=_("Đã lưu vụ việc %(code)s."),
        victim=victim,
    )


def _case_form_page(request, case_form, reception_form, *, save, done, **context):
    """The page of a case with its reception: on a valid POST `save()` runs in one
    transaction and returns the case; a rule's refusal (a ValidationError, a locked period
    included) is shown next to its field with everything typed kept."""
    if request.method == "POST" and case_form.is_valid() and reception_form.is_valid():
        try:
            with transaction.atomic():
                case = save()
        except ValidationError as error:
            _attach_errors(error, case_form, reception_form)
        else:
            messages.success(request, done % {"code": case.code})
            return redirect("victims:case-detail", pk=case.pk)
    context.update(case_form=case_form, reception_form=reception_form)
    return render(request, "victims/case_form.html", context)


def _case_for(request, pk):
    # The units with their parents: the page names each with its district and province.
    return get_for_user(
        request.user,
        Case.objects.select_related(
            "victim__permanent_unit__parent__parent",
            "managing_unit__parent__parent",
            "criminal_case",
            "reception",
        ),
        pk,
    )


@login_required
def case_detail(request, pk):
    """The case page (victims.case_page): the summary, the tabs, and one tab's panel rendered —
    the one named by `?tab=` (the overview by default); the others load when opened."""
    case = _case_for(request, pk)
    tab = case_page.tab_named(request.GET.get("tab")) or case_page.tab_named(case_page.OVERVIEW)
    return _case_page(request, case, tab)


@login_required
def case_section(request, pk, section):
    """One tab of the case page: an htmx fragment; without htmx, the page with that tab."""
    case = _case_for(request, pk)
    tab = case_page.tab_named(section)
    if tab is None:
        raise Http404
    if not request.headers.get("HX-Request"):
        return _case_page(request, case, tab)
    audit.record(request, AccessAction.VIEW, case, tab=tab.name)
    return HttpResponse(case_page.render_tab(request, case, tab.name))


def _case_page(request, case, tab):
    shown = {"tab": tab.name} if tab.name != case_page.OVERVIEW else {}
    audit.record(request, AccessAction.VIEW, case, **shown)
    return render(
        request,
        "victims/case_detail.html",
        {
            "case": case,
            "victim": case.victim,
            "summary": case_page.case_summary(case, timezone.localdate()),
            "tabs": case_page.tabs(),
            "active": tab.name,
            "panel": case_page.render_tab(request, case, tab.name),
            "can_edit": can_change(request.user, Case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = get_for_user(request.user, Case, pk, write=True)
    audit.record(request, AccessAction.VIEW, case, page="edit")
    reception = getattr(case, "reception", None) or Reception(case=case)
    data = request.POST if request.method == "POST" else None
    case_form = CaseForm(data, instance=case, prefix="case", user=request.user)
    reception_form = ReceptionForm(data, instance=reception, prefix="reception")
    # The reception is edited only here, with its case: the case's version covers both.
    case_form.version_companions = (reception_form,)

    def save():
        if "managing_unit" in case_form.changed_data:
            services.ensure_may_manage(request.user, case_form.cleaned_data["managing_unit"])
        services.check_dates(
            victim=case.victim, received_on=reception_form.cleaned_data["received_on"]
        )
        services.check_managing_unit(
            unit=case_form.cleaned_data["managing_unit"],
            received_on=reception_form.cleaned_data["received_on"],
        )
        saved = case_form.save(commit=False)
        saved.criminal_case = case_form.criminal_case()
        saved.received_on = reception_form.cleaned_data["received_on"]  # Case.received_on
        saved.save()
        case_form.save_m2m()
        reception_form.save()
        return saved

    return _case_form_page(
        request,
        case_form,
        reception_form,
        save=save,
        done=_("Đã cập nhật vụ việc %(code)s."),
        victim=case.victim,
        case=case,
    )


@login_required
def victim_detail(request, pk):
    victim = get_for_user(request.user, Victim.objects.select_related("ethnic_group"), pk)
    audit.record(request, AccessAction.VIEW, victim)
    return _render_victim_detail(request, victim)


def _ethnic_code(victim) -> dict | None:
    """The person's ethnic code in the installation's code set, with the set named."""
    if victim.ethnic_group_id is None:
        return None
    code_set = ethnic_code_set()
    return {"code": victim.ethnic_group.code_in(code_set), "code_set": code_set.label}


def _render_victim_detail(request, victim, consent_form=None):
    can_edit = can_change(request.user, Victim)
    cases = victim.cases.select_related("reception", "managing_unit")
    return render(
        request,
        "victims/victim_detail.html",
        {
            "victim": victim,
            "cases": scope_for(request.user, cases),
            "consents": victim.consents.all(),
            "consent_form": consent_form or (ConsentForm(victim=victim) if can_edit else None),
            "events": timeline.victim_events(victim),
            "can_edit": can_edit,
            "ethnic_code": _ethnic_code(victim),
            "birth_registration": rules.birth_registration_province(victim.id_number or ""),
            "birth_registration_source": rules.BIRTH_REGISTRATION_SOURCE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def victim_edit(request, pk):
    victim = get_for_user(request.user, Victim, pk, write=True)
    audit.record(request, AccessAction.VIEW, victim, page="edit")
    form = VictimForm(
        request.POST or None, instance=victim, prefix="victim", user=request.user, request=request
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
                for case in victim.cases.select_related("reception"):
                    reception = getattr(case, "reception", None)
                    services.check_dates(
                        victim=victim, received_on=reception.received_on if reception else None
                    )
        except ValidationError as error:
            _attach_errors(error, form)
        else:
            messages.success(request, _("Đã cập nhật thông tin người trở về."))
            return redirect("victims:victim-detail", pk=victim.pk)
    return render(
        request,
        "victims/victim_form.html",
        {"victim": victim, "victim_form": form},
        status=429 if form.id_check_refused else 200,
    )


@login_required
@require_http_methods(["POST"])
def consent_add(request, victim_pk):
    victim = get_for_user(request.user, Victim, victim_pk, write=True)
    form = ConsentForm(request.POST, request.FILES, victim=victim)
    if form.is_valid():
        save_with(form, victim=victim, recorded_by=request.user)
        messages.success(request, _("Đã ghi nhận sự đồng ý."))
        return redirect("victims:victim-detail", pk=victim.pk)
    return _render_victim_detail(request, victim, consent_form=form)


@login_required
@require_http_methods(["POST"])
def consent_withdraw(request, pk):
    consent = get_for_user(request.user, Consent, pk, write=True)
    if consent.withdrawn_on is None:
        consent.withdrawn_on = timezone.localdate()
        consent.withdrawal_note = request.POST.get("note", "")[:200]
        consent.save()
        messages.success(request, _("Đã ghi nhận việc rút lại sự đồng ý."))
    return redirect("victims:victim-detail", pk=consent.victim_id)


# The evidence file, only to those who may see the person (never from the media root).
consent_evidence = attachment_download_view(
    Consent,
    file_field="evidence",
    what="consent evidence",
    log_ids={"consent": "pk", "person": "victim_id"},
)
