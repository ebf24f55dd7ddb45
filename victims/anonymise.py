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
spending stay documented; every other field is kept — the text ones are listed in `KEPT`, and
tests/security/test_anonymisation.py fails when a model gains a text field nobody decided on):

- Victim: full_name → "Đã ẩn danh #<id>" (search_name follows); other_names, id_number, phone,
  permanent_address, current_address, occupation (free text), guardian_name, guardian_relation,
  guardian_phone ERASE; disability_note REDACT; date_of_birth → empty (birth_year stays);
  permanent_unit and current_unit → their province; the "not a duplicate of" links are removed.
  Kept: sex, birth_year, ethnic_group, nationality, id_type (the kind of paper, not its number),
  education, marital_status, has_disability, poverty_status, created_by.
- Consent: evidence FILE; withdrawal_note REDACT. Kept: who consented, dates, purposes.
- Case: recruitment_place, destination_place (free-text places) and note REDACT. Kept: everything
  else (code, unit, status, category, recruited_on, means, channel, relation, country, forms,
  months, criminal case link — the criminal case itself is shared with other victims and kept).
- Reception: place, record_number, officer REDACT (a record number finds the paper record with
  the name). Kept: dates, channel, agency type and name, documents received (kinds).
- ImportedRow: deleted (its fingerprint is a hash of the name, birth date and ID number). The
  same Excel row imported again would create a new person: accepted, the old data is gone.
- VerificationDossier: kept (agency asked, the department's letter and reply numbers and dates,
  due date, status). DossierEvent: note REDACT.
- EvidenceDocument: file FILE; number REDACT. Kept: ground, kind, issuing body, date.
- SupportRecord: amount_override_reason, rejection_reason REDACT. Kept: type, status, dates,
  quantity, amount, decision number/date/authority, provider (the financial audit needs them).
  SupportEvent: note REDACT. SupportDocument: file FILE; number REDACT. Kept: kind, date.
- SupportApplication: applicant_name, certification_number, appraisal_note, rejection_reason
  REDACT. Kept: type, status, relation of the applicant, dates, certifying unit, decision.
  ApplicationEvent: note REDACT.
- Referral: need, decline_reason, outcome, cancel_reason, override_reason REDACT. Kept: provider
  or programme, service, status, dates, consent link. ReferralEvent: note REDACT.
- FollowUp: the six domain notes, next_steps, note REDACT. Kept: months, dates, status, officer,
  method, ratings, risk. FollowUpEvent: note REDACT.
- CaseClosure: note, handover_number, handed_over, reopen_reason REDACT. Kept: dates, reason,
  previous status, receiving province and agency.

The admin's log (django_admin_log) names the person in `object_repr`: replaced by the placeholder.

History: every historical row of those models that belongs to the person (by the row's id or its
path to the person) gets the same treatment, file paths included (a path can hold the original
file name), and the files named only in history are deleted too.

Log lines carry ids only. Other apps' models are named by label ("verification.EvidenceDocument")
and resolved when used, so that victims imports none of them (DESIGN.md's arrows).
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
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
from locations.models import AdministrativeUnit
from victims.choices import CaseStatus
from victims.models import Case, Victim

logger = logging.getLogger(__name__)

PLACEHOLDER_NAME = gettext_lazy("Đã ẩn danh #%(id)s")
REDACTED = gettext_lazy("[đã xóa khi ẩn danh]")


@dataclass(frozen=True)
class Policy:
    """What anonymisation does to one model: `to_victim` is the lookup from the model to the
    person's id ("id" for Victim itself)."""

    label: str
    to_victim: str
    erase: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    delete: bool = False

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


POLICIES = (
    Policy(
        "victims.Victim",
        "id",
        erase=(
            "other_names",
            "id_number",
            "phone",
            "permanent_address",
            "current_address",
            "occupation",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
        ),
        redact=("disability_note",),
    ),
    Policy("victims.Consent", "victim", redact=("withdrawal_note",), files=("evidence",)),
    Policy("victims.Case", "victim", redact=("recruitment_place", "destination_place", "note")),
    Policy("victims.Reception", "case__victim", redact=("place", "record_number", "officer")),
    Policy("victims.ImportedRow", "case__victim", delete=True),
    Policy("verification.VerificationDossier", "case__victim"),
    Policy("verification.DossierEvent", "dossier__case__victim", redact=("note",)),
    Policy(
        "verification.EvidenceDocument",
        "dossier__case__victim",
        redact=("number",),
        files=("file",),
    ),
    Policy(
        "support_services.SupportRecord",
        "case__victim",
        redact=("amount_override_reason", "rejection_reason"),
    ),
    Policy("support_services.SupportEvent", "record__case__victim", redact=("note",)),
    Policy(
        "support_services.SupportDocument",
        "record__case__victim",
        redact=("number",),
        files=("file",),
    ),
    Policy(
        "support_services.SupportApplication",
        "case__victim",
        redact=("applicant_name", "certification_number", "appraisal_note", "rejection_reason"),
    ),
    Policy("support_services.ApplicationEvent", "application__case__victim", redact=("note",)),
    Policy(
        "support_services.Referral",
        "case__victim",
        redact=("need", "decline_reason", "outcome", "cancel_reason", "override_reason"),
    ),
    Policy("support_services.ReferralEvent", "referral__case__victim", redact=("note",)),
    Policy(
        "support_services.FollowUp",
        "case__victim",
        redact=(
            "safety_note",
            "health_note",
            "housing_note",
            "income_note",
            "schooling_note",
            "family_note",
            "next_steps",
            "note",
        ),
    ),
    Policy("support_services.FollowUpEvent", "followup__case__victim", redact=("note",)),
    Policy(
        "support_services.CaseClosure",
        "case__victim",
        redact=("note", "handover_number", "handed_over", "reopen_reason"),
    ),
)


# Replaced by the placeholder "Đã ẩn danh #<id>" (search_name follows full_name); the keyed hash
# of the ID number follows the erased number on save (it becomes "", not in the history table).
REPLACED = {"victims.Victim": ("full_name", "search_name", "id_number_hash")}

# Text, file and JSON fields of those models kept on purpose (the docstring says why); a test
# fails when a model gains such a field that is neither here nor in its Policy.
KEPT = {
    "victims.Victim": (
        "sex",
        "id_type",
        "education",
        "marital_status",
        "poverty_status",
        "nationality",
        "anonymisation_reason",
        "search_name",
        "full_name",
    ),
    "victims.Consent": ("given_by", "purposes"),
    "victims.Case": (
        "code",
        "status",
        "person_category",
        "recruitment_means",
        "recruitment_channel",
        "trafficker_relation",
        "destination_country",
    ),
    "victims.Reception": ("channel", "agency_type", "agency_name", "documents"),
    "victims.ImportedRow": ("fingerprint",),
    "verification.VerificationDossier": (
        "status",
        "verifying_agency",
        "letter_number",
        "reply_number",
    ),
    "verification.DossierEvent": ("from_status", "to_status"),
    "verification.EvidenceDocument": ("ground", "kind", "issuing_body"),
    "support_services.SupportRecord": (
        "status",
        "decision_number",
        "deciding_authority",
        "provider",
    ),
    "support_services.SupportEvent": ("from_status", "to_status"),
    "support_services.SupportDocument": ("kind",),
    "support_services.SupportApplication": (
        "status",
        "applicant_relation",
        "decision_number",
        "deciding_authority",
    ),
    "support_services.ApplicationEvent": ("from_status", "to_status"),
    "support_services.Referral": ("programme", "service", "status"),
    "support_services.ReferralEvent": ("from_status", "to_status"),
    "support_services.FollowUp": (
        "status",
        "method",
        "safety_rating",
        "health_rating",
        "housing_rating",
        "income_rating",
        "schooling_rating",
        "family_rating",
        "risk",
    ),
    "support_services.FollowUpEvent": ("from_status", "to_status"),
    "support_services.CaseClosure": (
        "reason",
        "receiving_province_name",
        "receiving_agency",
        "previous_status",
    ),
}


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
    """Cases closed (an open closure, not reopened) before the retention cut-off."""
    return Case.objects.filter(
        status=CaseStatus.CLOSED,
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
    unit = AdministrativeUnit.objects.get(pk=unit_id)
    return AdministrativeUnit.objects.filter(path=unit.path.split("/", 1)[0] + "/").first() or unit


def _scrubbed_values(policy: Policy, instance=None) -> dict:
    """Field values for `instance` (Python side) — erase, redact, files emptied."""
    marker = str(REDACTED)
    values = dict.fromkeys(policy.erase, "")
    values.update(dict.fromkeys(policy.files, ""))
    for name in policy.redact:
        current = getattr(instance, name)
        values[name] = marker if current else ""
    return values


def _scrub_expressions(policy: Policy) -> dict:
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
        for policy in POLICIES:
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


def _scrub_victim(victim: Victim, policy: Policy, *, actor, reason, placeholder) -> None:
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


def _scrub_history(history_model, policy: Policy, old, *, victim: Victim, placeholder) -> None:
    """The same treatment for the historical rows (they hold every earlier value)."""
    values = _scrub_expressions(policy)
    if policy.label == "victims.Victim":
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
