"""Retention and anonymisation of a person after every case of theirs has been closed for longer
than `settings.RETENTION_YEARS_AFTER_CLOSURE` years (issue 8).

`victim_anonymise` is the one write: in one transaction it removes what identifies the person
from their rows, from every row of their cases in the other apps and from the history
(django-simple-history) of all of them, deletes their files from storage, and marks the person
with `anonymised_at`, `anonymised_by` and `anonymisation_reason`. It is idempotent: a person
already anonymised is left alone and nothing is written again.

What statistics need stays: sex, birth year, ethnicity, nationality, the province of residence,
education, marital status, disability (yes/no), household poverty, the cases with their codes,
statuses, categories, dates, destination country, forms and duration of exploitation, means and
channel of recruitment, relation to the trafficker, receptions (date, channel, agency), dossiers
(status, dates, letters of the department), supports (type, status, dates, quantity, amount,
decision), applications, referrals, follow-up ratings and risk, closures. Reports
(reports.indicators) give the same figures before and after; the age at each reception, which
needs the birth date, is written on the reception (`Reception.age_on_reception`) first.

Decisions, field by field (ERASE: emptied; REDACT: free text — a text that was there becomes
`REDACTED`, an empty one stays empty, so the rules that need a text still hold; FILE: deleted from
storage, the field emptied, the row kept with its kind, number and date, so the dossier and the
spending stay documented; every other field is kept — the text ones are named as kept, and
tests/security/test_anonymisation.py fails when a model gains a text field nobody decided on).
Each app registers them for its own models in its AppConfig.ready()
(victims.registry.register_personal_fields) and gives its reasons in its `personal_data` module:
victims/personal_data.py (the person, consents, cases, receptions, imported rows),
verification/personal_data.py (dossiers), support_services/<part>/personal_data.py (supports,
applications, referrals, follow-ups and closures).

The admin's log (django_admin_log) names the person in `object_repr`: replaced by the placeholder.

History: every historical row of those models that belongs to the person (by the row's id or its
path to the person) gets the same treatment, file paths included (a path can hold the original
file name), and the files named only in history are deleted too.

Log lines carry ids only. Other apps' models come from the registry, so that victims imports
none of them (DESIGN.md's arrows).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import is_visible, scope_for
from accounts.policy import can
from core.period_locks import figures_kept
from locations.models import AdministrativeUnit
from victims import registry
from victims.choices import CaseStatus
from victims.models import Case, Victim
from victims.registry import PersonalFields

logger = logging.getLogger(__name__)

PLACEHOLDER_NAME = gettext_lazy("Đã ẩn danh #%(id)s")
REDACTED = gettext_lazy("[đã xóa khi ẩn danh]")


def __getattr__(name):
    """POLICIES (what is done to each model, in order), KEPT and REPLACED (the fields left or
    rewritten on purpose, by model label), as the apps registered them: read when asked, as the
    apps register in their ready(), which may come after this module is imported."""
    if name == "POLICIES":
        return tuple(registry.personal_fields())
    if name == "KEPT":
        return {policy.label: policy.kept for policy in registry.personal_fields() if policy.kept}
    if name == "REPLACED":
        return {p.label: p.replaced for p in registry.personal_fields() if p.replaced}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class AnonymisationError(ValidationError):
    pass


# --- Who is due -----------------------------------------------------------------------------


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Cases closed before this day have been closed for longer than the retention period."""
    today = today or timezone.localdate()
    years = settings.RETENTION_YEARS_AFTER_CLOSURE
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def cases_past_retention(today: datetime.date | None = None):
    """Cases closed (an approved closure, not reopened) before the retention cut-off; a
    closure still waiting for approval, or rejected, closes nothing."""
    return Case.objects.filter(
        status=CaseStatus.CLOSED,
        closures__status="approved",
        closures__reopened_at__isnull=True,
        closures__closed_on__lt=retention_cutoff(today),
    )


def victims_due(today: datetime.date | None = None):
    """People not yet anonymised with at least one case, every one of them past retention. A
    case marked closed without a closure row has no closing date and keeps the person."""
    expired = cases_past_retention(today).values("pk")
    return (
        Victim.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(Case.objects.filter(victim=OuterRef("pk"))))
        .exclude(Exists(Case.objects.filter(victim=OuterRef("pk")).exclude(pk__in=expired)))
    )


def victims_due_for(user, today: datetime.date | None = None):
    """The people due that `user` may anonymise: a supervisor, every case of the person inside
    the supervisor's area."""
    if not may_anonymise(user):
        return Victim.objects.none()
    outside = Case.objects.filter(victim=OuterRef("pk")).exclude(
        pk__in=scope_for(user, Case.objects.all()).values("pk")
    )
    return scope_for(user, victims_due(today)).exclude(Exists(outside))


def may_anonymise(user) -> bool:
    return can(user, "person.anonymise")


# --- The write ------------------------------------------------------------------------------


def _province_of(unit_id):
    if unit_id is None:
        return None
    return AdministrativeUnit.objects.get(pk=unit_id).province()


def _scrubbed_values(policy: PersonalFields, instance=None) -> dict:
    """Field values for `instance` (Python side) — erase, redact, files emptied."""
    marker = str(REDACTED)
    values = dict.fromkeys(policy.erase, "")
    values.update(dict.fromkeys(policy.files, ""))
    for name in policy.redact:
        current = getattr(instance, name)
        values[name] = marker if current else ""
    return values


def _scrub_expressions(policy: PersonalFields) -> dict:
    """The same as SQL expressions, for QuerySet.update() over many rows (history)."""
    marker = str(REDACTED)
    # Plain values, not Value(): the field prepares them (an encrypted field stays consistent).
    values = dict.fromkeys((*policy.erase, *policy.files), "")
    for name in policy.redact:
        values[name] = models.Case(
            When(**{name: ""}, then=Value("")),
            default=Value(marker),
            output_field=models.TextField(),
        )
    return values


def _history_model(model):
    history = getattr(model, "history", None)
    return history.model if history is not None else None


def _collect_paths(queryset, fields) -> set[str]:
    paths = set()
    for name in fields:
        paths.update(p for p in queryset.values_list(name, flat=True) if p)
    return paths


# Anonymisation keeps every figure (the age at reception and the province of residence are written
# before the birth date and the commune go), so it may touch rows of a locked report period.
@figures_kept()
@transaction.atomic
def victim_anonymise(*, actor, victim: Victim, reason: str, today=None) -> bool:
    """Anonymise `victim` (see the module's docstring). Returns False, writing nothing, when the
    person was anonymised already. `actor` None is the system (manage.py anonymise_due)."""
    reason = (reason or "").strip()
    if not reason:
        raise AnonymisationError({"reason": _("Cần ghi lý do ẩn danh.")})
    if actor is not None:
        # A supervisor, and every case of the person inside the supervisor's area.
        if not may_anonymise(actor):
            raise PermissionDenied
        inside = scope_for(actor, Case.objects.all()).values("pk")
        if (
            not is_visible(actor, victim)
            or Case.objects.filter(victim=victim.pk).exclude(pk__in=inside).exists()
        ):
            raise PermissionDenied
    victim = Victim.objects.select_for_update().get(pk=victim.pk)
    if victim.anonymised_at is not None:
        return False
    if not victims_due(today).filter(pk=victim.pk).exists():
        raise AnonymisationError(_("Người này chưa hết thời hạn lưu trữ sau khi đóng hồ sơ."))

    # The age at each reception, while the birth date is still there (statistics by age).
    for case in victim.cases.select_related("reception"):
        reception = getattr(case, "reception", None)
        if reception is not None and reception.age_on_reception is None:
            reception.age_on_reception = victim.age_on(reception.received_on)
            reception.save()

    paths: list[tuple[object, str]] = []
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = str(PLACEHOLDER_NAME) % {"id": victim.pk}
        change_reason = str(_("Ẩn danh sau thời hạn lưu trữ"))
        for policy in registry.personal_fields():
            model = policy.model
            rows = model._base_manager.filter(**{policy.to_victim: victim.pk})
            for name in policy.files:
                storage = model._meta.get_field(name).storage
                paths.extend((storage, path) for path in _collect_paths(rows, [name]))
            history_model = _history_model(model)
            if history_model is not None:
                pks = list(rows.values_list("pk", flat=True))
                old = history_model._base_manager.filter(
                    Q(id__in=pks) | Q(**{policy.to_victim: victim.pk})
                )
                for name in policy.files:
                    storage = model._meta.get_field(name).storage
                    paths.extend((storage, path) for path in _collect_paths(old, [name]))
            if policy.delete:
                rows.delete()
            elif model is Victim:
                _scrub_victim(victim, policy, actor=actor, reason=reason, placeholder=placeholder)
            elif history_model is not None:
                for row in rows:
                    for name, value in _scrubbed_values(policy, row).items():
                        setattr(row, name, value)
                    row._change_reason = change_reason
                    row._history_user = actor
                    row.save()
            elif policy.erase or policy.redact or policy.files:
                rows.update(**_scrub_expressions(policy))
            if history_model is not None:
                _scrub_history(history_model, policy, old, victim=victim, placeholder=placeholder)

    transaction.on_commit(lambda: _delete_files(paths))
    logger.info(
        "person anonymised: user=%s victim=%s cases=%s files=%s",
        actor.pk if actor else None,
        victim.pk,
        list(victim.cases.values_list("pk", flat=True)),
        len({path for _storage, path in paths}),
    )
    return True


def _scrub_victim(victim: Victim, policy: PersonalFields, *, actor, reason, placeholder) -> None:
    for name, value in _scrubbed_values(policy, victim).items():
        setattr(victim, name, value)
    victim.full_name = placeholder
    victim.date_of_birth = None
    victim.permanent_unit = _province_of(victim.permanent_unit_id)
    victim.current_unit = _province_of(victim.current_unit_id)
    victim.anonymised_at = timezone.now()
    victim.anonymised_by = actor
    victim.anonymisation_reason = reason
    victim._change_reason = str(_("Ẩn danh sau thời hạn lưu trữ"))
    victim._history_user = actor
    victim.save()
    victim.not_duplicate_of.clear()
    # The admin's log names the object as it was shown (the person's name).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Victim), object_id=str(victim.pk)
    ).update(object_repr=placeholder)


def _scrub_history(
    history_model, policy: PersonalFields, old, *, victim: Victim, placeholder
) -> None:
    """The same treatment for the historical rows (they hold every earlier value)."""
    values = _scrub_expressions(policy)
    if policy.model is Victim:
        values.update(
            full_name=Value(placeholder),
            date_of_birth=Value(None, output_field=models.DateField()),
            permanent_unit=victim.permanent_unit_id,
            current_unit=victim.current_unit_id,
        )
    if values:
        history_model._base_manager.filter(pk__in=old.values("pk")).update(**values)


def _delete_files(paths) -> None:
    for storage, path in set(paths):
        try:
            storage.delete(path)
        except OSError:
            logger.exception("anonymisation: a file could not be deleted (it stays on disk)")
