"""Every workflow action over HTTP, taken one way (dossiers, supports, applications, referrals,
follow-up visits and case closure).

`WorkflowActionView` loads the row through the area doorway (`get_for_user`: 404 outside the
user's area, 403 for a role that may not change it), picks the form of the action, and on a
valid POST calls the service of the action with what the form cleaned (`step_arguments`). The
workflow's refusal (its error class, with the reason in Vietnamese) is shown on the form again,
next to the field it names or at the top, with everything typed kept; a step done redirects to
the case page with a message. A subclass declares the queryset, the forms and the services of
its actions, its template and its message; the URLs and templates are its own.
"""

import inspect
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.views.generic import FormView

from accounts.access import get_for_user
from core.period_locks import PeriodLocked


def show_refusal(form, refusal: Exception) -> None:
    """Put a service's refusal on `form`: next to the field it names (a form may map the
    service's field names to its own in `service_fields`), else at the top."""
    field = getattr(refusal, "field", None)
    field = getattr(form, "service_fields", {}).get(field, field)
    form.add_error(field if field in form.fields else None, str(refusal))


def step_arguments(service: Callable, form) -> dict:
    """The keyword arguments of a service `<entity>_<action>(*, actor, <row>, ...)` that come
    from `form`: each later parameter the cleaned data has, under its own name or under the
    form's name for it (`service_fields`), and `expected_version`, the version the form was
    opened on, when the service takes one."""
    data = form.cleaned_data
    names = getattr(form, "service_fields", {})
    parameters = list(inspect.signature(service).parameters)[2:]
    arguments = {
        name: data[names.get(name, name)] for name in parameters if names.get(name, name) in data
    }
    if "expected_version" in parameters:
        arguments["expected_version"] = getattr(form, "expected_version", None)
    return arguments


class WorkflowActionView(LoginRequiredMixin, FormView):
    http_method_names = ["get", "post"]
    queryset = None  # the rows the view acts on, with what its page shows
    pk_url_kwarg = "pk"
    write = True  # get_for_user(..., write=True): 403 for a role that may not change the rows
    action = None  # the action, when the URL does not name it (`as_view(action=...)`)
    action_forms: dict[str, type] = {}
    # A view of one step only: (action, its form, its service), in place of the two tables.
    single_step: tuple | None = None
    # Or services named by the convention, `<prefix>_<action>` in `module`: (module, prefix)
    # gives `steps` for every action of `action_forms`.
    services_named: tuple | None = None
    # action -> its service, `<entity>_<action>(*, actor, <row>, ...)`, returning the row after
    # the step (or a row whose `case_id` names the case); called with `step_arguments`.
    steps: dict[str, Callable] = {}
    error: type[Exception] = Exception  # the workflow's refusal
    versioned = True  # the form carries the row's version (core.concurrency)
    prefixed = True  # the form's prefix is "<action>-<pk>", as on the case page
    refused_status = 200  # the status of the page showing a refusal
    # The row's name in the page's context, given with the `action` (None: neither).
    context_object_name: str | None = None
    # The message of a step done, given the row's new status ("Hồ sơ: %(status)s."); or a
    # `done_message` of the view's own.
    done_status: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("single_step"):
            cls.action, form, service = cls.single_step
            cls.action_forms, cls.steps = {cls.action: form}, {cls.action: service}
        if cls.__dict__.get("services_named"):
            module, prefix = cls.services_named
            cls.steps = {
                action: getattr(module, f"{prefix}_{action}") for action in cls.action_forms
            }

    def get(self, request, *args, **kwargs):
        self.load()
        if not self.may_open():
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.get_form()
        valid = form.is_valid()
        # A form opened before another user's step comes back with what changed, even when
        # the action is no longer open.
        if not self.may_open() and not getattr(form, "version_conflict", False):
            raise PermissionDenied
        return self.form_valid(form) if valid else self.form_invalid(form)

    def load(self) -> None:
        self.action = self.kwargs.get("action", self.action)
        if self.action not in self.steps:
            raise Http404
        self.object = get_for_user(
            self.request.user, self.queryset, self.kwargs[self.pk_url_kwarg], write=self.write
        )

    def may_open(self) -> bool:
        """Whether the user may open the action's form at all (else 403) — by default
        whenever they may change the row; the service decides the rest and says why."""
        return True

    def get_form_class(self):
        return self.action_forms[self.action]

    def get_prefix(self):
        return f"{self.action}-{self.object.pk}" if self.prefixed else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.versioned:
            kwargs["versioned"] = self.object
        return kwargs

    def take_step(self, form):
        """Call the action's service on the row with the form's data; returns its answer."""
        service = self.steps[self.action]
        row = list(inspect.signature(service).parameters)[1]
        arguments = step_arguments(service, form)
        return service(actor=self.request.user, **{row: self.object}, **arguments)

    def form_valid(self, form):
        try:
            self.object = self.take_step(form)
        except (self.error, PeriodLocked) as refusal:
            show_refusal(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, self.done_message())
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=self.refused_status)

    def get_context_data(self, **kwargs):
        if self.context_object_name:
            kwargs = {self.context_object_name: self.object, "action": self.action, **kwargs}
        return super().get_context_data(**kwargs)

    def done_message(self) -> str:
        if self.done_status is None:
            raise NotImplementedError
        return self.done_status % {"status": self.object.get_status_display()}

    def case_id(self) -> int:
        return self.object.case_id

    def get_success_url(self) -> str:
        return reverse("victims:case-detail", args=[self.case_id()])
