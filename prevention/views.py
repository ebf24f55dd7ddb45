"""Prevention screens: directives (read by everyone, written by the department), activities
(within the user's area), yearly totals and Excel exports. Views are thin: forms validate,
services write, querysets sum."""

import logging
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import file_download, get_for_user, scope_for
from core.downloads import attachment_download_view
from core.lists import area_units, render_list
from prevention import exports, services
from prevention.filters import ActivityFilter, DirectiveFilter
from prevention.forms import ActivityForm, AttachmentForm, DirectiveForm
from prevention.models import ActivityAttachment, Directive, PreventionActivity
from prevention.totals import totals_for

logger = logging.getLogger("trafficking_cases.access")


def _form_page(request, form, *, save, detail: str, message, template: str, **context):
    """The page of a create or edit form: a valid POST is saved by `save(request, form)` (None
    when the service refused, its reasons put on the form) and goes to the saved row's `detail`
    page with `message(saved)`; otherwise the form again, with `context`."""
    if request.method == "POST" and form.is_valid():
        saved = save(request, form)
        if saved is not None:
            messages.success(request, message(saved))
            return redirect(detail, pk=saved.pk)
    return render(request, template, {"form": form, **context})


# --- Activities --------------------------------------------------------------------------


def _activities(user):
    return scope_for(user, PreventionActivity.objects.select_related("unit", "directive")).order_by(
        "-start_date", "-pk"
    )


def _activity_filter(request) -> ActivityFilter:
    return ActivityFilter(request.GET, queryset=_activities(request.user), user=request.user)


@login_required
def activity_list(request):
    return render_list(
        request,
        "prevention/activity_list.html",
        _activity_filter(request),
        can_create=services.can_record_activities(request.user),
    )


@login_required
def activity_export(request):
    activities = _activity_filter(request).qs.prefetch_related(
        "participations__target_group", "places", "partner_units"
    )
    return exports.activities_workbook_response(activities)


def _save_activity(request, form):
    """The activity of a valid form through the service; a refusal goes back onto the form."""
    activity = form.save()
    try:
        return services.activity_save(
            actor=request.user,
            activity=activity,
            participations=form.participations(),
            places=form.cleaned_data["places"],
            partner_units=form.cleaned_data["partner_units"],
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None


_activity_page = partial(
    _form_page,
    save=_save_activity,
    detail="prevention:activity-detail",
    message=lambda activity: _("Đã lưu hoạt động."),
    template="prevention/activity_form.html",
)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    if not services.can_record_activities(request.user):
        raise PermissionDenied
    directive = request.GET.get("directive", "")
    initial = {"directive": int(directive)} if directive.isdecimal() else {}
    form = ActivityForm(request.POST or None, user=request.user, initial=initial)
    return _activity_page(request, form, title=_("Ghi nhận hoạt động phòng ngừa"))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_for_user(request.user, PreventionActivity, pk, write=True)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    return _activity_page(request, form, activity=activity, title=_("Sửa hoạt động phòng ngừa"))


@login_required
def activity_detail(request, pk):
    activity = get_for_user(
        request.user, PreventionActivity.objects.select_related("unit", "directive"), pk
    )
    can_edit = services.can_record_activities(request.user)
    return render(
        request,
        "prevention/activity_detail.html",
        {
            "activity": activity,
            "participations": activity.participations.select_related("target_group"),
            "attachments": activity.attachments.all(),
            "places": activity.places.all(),
            "partner_units": activity.partner_units.all(),
            "can_edit": can_edit,
            "attachment_form": AttachmentForm() if can_edit else None,
        },
    )


@login_required
@require_http_methods(["POST"])
def attachment_add(request, pk):
    activity = get_for_user(
        request.user, PreventionActivity.objects.select_related("unit"), pk, write=True
    )

    def save(request, form):
        services.activity_attachment_add(
            actor=request.user,
            activity=activity,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            file=form.cleaned_data["file"],
        )
        return activity  # back to the activity's page

    return _form_page(
        request,
        AttachmentForm(request.POST, request.FILES),
        save=save,
        detail="prevention:activity-detail",
        message=lambda activity: _("Đã thêm tệp đính kèm."),
        template="prevention/attachment_form.html",
        activity=activity,
    )


attachment_download = attachment_download_view(
    ActivityAttachment, what="prevention attachment", log_ids={"activity": "activity_id"}
)


# --- Directives --------------------------------------------------------------------------


def _visible_activities_condition(user) -> Q:
    """Activities of a directive that `user` may see, for a count beside each directive."""
    return Q(activities__in=scope_for(user, PreventionActivity.objects.all()))


@login_required
def directive_list(request):
    directives = (
        Directive.objects.visible_to(request.user)
        .annotate(
            activity_count=Count("activities", filter=_visible_activities_condition(request.user))
        )
        .order_by("-issued_on", "-pk")
    )
    return render_list(
        request,
        "prevention/directive_list.html",
        DirectiveFilter(request.GET, queryset=directives),
        can_create=services.can_edit_directives(request.user),
    )


def _visible_directive(user, pk) -> Directive:
    try:
        return Directive.objects.visible_to(user).get(pk=pk)
    except (Directive.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@login_required
def directive_detail(request, pk):
    directive = _visible_directive(request.user, pk)
    activities = scope_for(request.user, directive.activities.select_related("unit"))
    return render(
        request,
        "prevention/directive_detail.html",
        {
            "directive": directive,
            "activities": activities.order_by("start_date", "pk"),
            "totals": activities.indicators(),
            "can_edit": services.can_edit_directives(request.user)
            and scope_for(request.user, Directive.objects.filter(pk=directive.pk)).exists(),
            "can_record": services.can_record_activities(request.user),
        },
    )


def _save_directive(request, form):
    try:
        return services.directive_save(actor=request.user, directive=form.save(commit=False))
    except ValidationError as error:
        for name, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(name if name in form.fields else None, message)
        return None


_directive_page = partial(
    _form_page,
    save=_save_directive,
    detail="prevention:directive-detail",
    message=lambda directive: _("Đã lưu văn bản %(number)s.") % {"number": directive},
    template="prevention/directive_form.html",
)


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request):
    if not services.can_edit_directives(request.user):
        raise PermissionDenied
    province = services.province_of(request.user)
    initial = {"issuing_body": services.default_issuing_body(province, timezone.localdate())}
    form = DirectiveForm(request.POST or None, request.FILES or None, initial=initial)
    return _directive_page(request, form, title=_("Nhập văn bản chỉ đạo"))


@login_required
@require_http_methods(["GET", "POST"])
def directive_edit(request, pk):
    _visible_directive(request.user, pk)  # 404 before 403: existence is not revealed
    if not services.can_edit_directives(request.user):
        raise PermissionDenied
    directive = get_for_user(request.user, Directive, pk, write=True)
    form = DirectiveForm(request.POST or None, request.FILES or None, instance=directive)
    return _directive_page(request, form, directive=directive, title=_("Sửa văn bản chỉ đạo"))


@login_required
def directive_file(request, pk):
    directive = _visible_directive(request.user, pk)
    return file_download(request, directive.file, obj=directive, what="directive file")


# --- Totals ------------------------------------------------------------------------------


def _year_from(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


def _unit_from(request):
    """The unit the totals are narrowed to, if the user picked one of their area."""
    value = request.GET.get("unit", "")
    if not value.isdecimal():
        return None
    return area_units(request.user).filter(pk=int(value)).first()


@login_required
def totals(request):
    """Activities per year, type, unit and target group in a year (by start date), within the
    user's area (or a unit of it)."""
    year, unit = _year_from(request), _unit_from(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "prevention/totals.html",
        {
            "year": year,
            "unit": unit,
            "units": area_units(request.user),
            "years": range(this_year, this_year - 6, -1),
            **totals_for(request.user, year, unit),
        },
    )


@login_required
def totals_export(request):
    year, unit = _year_from(request), _unit_from(request)
    return exports.totals_workbook_response(year, unit, totals_for(request.user, year, unit))
