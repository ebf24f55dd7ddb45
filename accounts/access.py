"""The one doorway to records about people and cases.

Every queryset that touches people or cases goes through `scope_for`; every view that loads one
object goes through `get_for_user`. A model says which AdministrativeUnit decides its area with
`scope_unit_field` (a lookup path such as "managing_unit" or "case__managing_unit"; "" for the
units themselves). A model without it cannot be scoped, which is an error, not a silent pass.
"""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import BooleanField, F, Func, Model, Q, QuerySet
from django.db.models.lookups import In
from django.http import Http404

from accounts.policy import can
from locations.models import AdministrativeUnit, UnitSuccession


class _IsTrue(Func):
    """`(condition) IS TRUE`: a condition the database tests on each row as written (an
    `IN (subquery)` stays a hashed subplan, evaluated once, instead of becoming a join)."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def _unit_path_field(model) -> str:
    field = getattr(model, "scope_unit_field", None)
    if field is None:
        raise ImproperlyConfigured(
            f"{model.__name__} has no scope_unit_field: it cannot be scoped to a jurisdiction."
        )
    return f"{field}__path" if field else "path"


def _paths_above(unit) -> list[str]:
    """The materialised paths of the units that contain `unit` ("38/", "38/380/" for
    "38/380/14797/")."""
    return [unit.path[: index + 1] for index, char in enumerate(unit.path[:-1]) if char == "/"]


def _spans_many(model, field_path: str) -> bool:
    """Whether the lookup crosses a to-many relation (a person seen through their cases)."""
    for name in filter(None, field_path.split("__")):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _unit_owner(model, field_path: str):
    """The lookup prefix to the model that holds the deciding unit, and that model
    ("cases__", Case for a person seen through "cases__managing_unit")."""
    names = field_path.split("__")
    for name in names[:-1]:
        model = model._meta.get_field(name).related_model
    return "".join(f"{name}__" for name in names[:-1]), model


def _legacy_of_successor(unit, model) -> Q | None:
    """The records of the legacy units that `unit`, a current commune, succeeds — the rule by
    which a successor commune's officers keep the cases received before 1 July 2025 (README:
    "Jurisdiction across 1 July 2025"). None when it does not apply: `unit` is not a current
    commune, or the records are not about a person (their model, or the model holding their
    deciding unit, names no `scope_residence_fields`)."""
    if unit.is_legacy or unit.level != AdministrativeUnit.Level.COMMUNE:
        return None
    field = model.scope_unit_field
    if not field:
        return None
    prefix, owner = _unit_owner(model, field)
    residences = getattr(owner, "scope_residence_fields", None)
    if not residences:
        return None
    # One small indexed subquery (unit_succ_by_successor), evaluated once by the database.
    predecessors = UnitSuccession.objects.filter(successor=unit)
    predecessor_ids = predecessors.values("predecessor_id")
    # A case a predecessor commune managed.
    condition = Q(**{f"{field}__in": predecessor_ids})
    # A case a legacy district managed, of a person who lives in a predecessor commune of that
    # district's or in the commune itself.
    lives_here = Q()
    for residence in residences:
        lives_here |= Q(**{f"{prefix}{residence}__in": predecessor_ids})
        lives_here |= Q(**{f"{prefix}{residence}": unit})
    district_ids = predecessors.values("predecessor__parent_id")
    return condition | (Q(**{f"{field}__in": district_ids}) & lives_here)


def _successors_of_legacy(unit, model) -> Q | None:
    """The records of the current communes that succeed `unit`, a legacy district or commune,
    or any commune of it (a report of "Huyện Thạch Thành with its successor communes")."""
    if not unit.is_legacy or not model.scope_unit_field:
        return None
    successor_ids = UnitSuccession.objects.filter(predecessor__path__startswith=unit.path).values(
        "successor_id"
    )
    return Q(**{f"{model.scope_unit_field}__in": successor_ids})


def sees_everything(user) -> bool:
    """An active supervisor (or superuser) with no jurisdiction sees the whole installation."""
    return can(user, "area.whole_installation") and user.jurisdiction_id is None


def scope_for(
    user, queryset: QuerySet, *, and_above: bool = False, row_test: bool = False
) -> QuerySet:
    """`queryset` narrowed to the records inside `user`'s jurisdiction subtree; with
    `and_above=True`, also the records of the units that contain it (the department's plans
    that a district officer reads); `row_test` as `scope_to_unit` says."""
    _unit_path_field(queryset.model)  # a model that cannot be scoped is an error for everyone
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if sees_everything(user):
        return queryset
    if user.jurisdiction_id is None:
        return queryset.none()
    return scope_to_unit(
        user.jurisdiction,
        queryset,
        and_above=and_above,
        with_predecessors=True,
        row_test=row_test,
    )


def scope_to_province(user, queryset: QuerySet, unit_field: str) -> QuerySet:
    """`queryset` narrowed to the rows whose unit (`unit_field`) lies in the province of
    `user`'s jurisdiction — a province's own rows, read by everyone working in it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if sees_everything(user):
        return queryset
    if user.jurisdiction_id is None:
        return queryset.none()
    return queryset.filter(**{f"{unit_field}__path__startswith": user.jurisdiction.province_path})


def is_visible(user, obj: Model) -> bool:
    """Whether the stored row of `obj` lies inside `user`'s jurisdiction (a row not saved yet
    does not)."""
    return scope_for(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def scope_to_unit(
    unit,
    queryset: QuerySet,
    *,
    and_above: bool = False,
    with_predecessors: bool = False,
    with_successors: bool = False,
    row_test: bool = False,
) -> QuerySet:
    """`queryset` narrowed to the records inside `unit`'s subtree — for work done for a unit
    rather than a user (a report of a unit, computed by a background task); with
    `and_above=True`, also the records of the units that contain `unit`; with
    `with_predecessors=True` (a current commune), also the legacy records it took over (the
    rule of `_legacy_of_successor`, which every user's scope applies); with
    `with_successors=True` (a legacy unit), also the records of its successor communes.

    `row_test=True` (for an area that holds most of the records, such as a whole province,
    whose list is read in the order of an index): the subtree is a test on each row — the same
    rows — rather than a join. The planner then neither takes the area for the share of the
    units it covers (a province's units are a fifth of the country's, its cases all of them)
    nor sorts every row for a deep page: it walks the list's index, testing each row against
    the subtree's ids, hashed once (issue 17)."""
    path = _unit_path_field(queryset.model)
    field = queryset.model.scope_unit_field
    if field:
        # The unit ids of the subtree (one indexed prefix query on the units table), not the
        # path of a joined unit: the planner estimates the rows of an `IN (…)` of the
        # records' own column well, where a `LIKE` on a join sent it into nested loops over
        # every support (issue 17).
        subtree = AdministrativeUnit.objects.filter(path__startswith=unit.path).values("pk")
        condition = Q(**{f"{field}__in": subtree})
        if row_test and not _spans_many(queryset.model, field):
            condition = Q(_IsTrue(In(F(field), subtree.order_by())))
    else:
        condition = Q(**{f"{path}__startswith": unit.path})
    if and_above and (above := _paths_above(unit)):
        condition |= Q(**{f"{path}__in": above})
    if with_predecessors and (legacy := _legacy_of_successor(unit, queryset.model)) is not None:
        condition |= legacy
    if with_successors and (current := _successors_of_legacy(unit, queryset.model)) is not None:
        condition |= current
    if _spans_many(queryset.model, queryset.model.scope_unit_field):
        # A subquery, not a join, so that a row matching twice is still listed once.
        inside = queryset.model._base_manager.filter(condition).values("pk")
        return queryset.filter(pk__in=inside)
    return queryset.filter(condition)


def covers(user, unit) -> bool:
    """Whether the whole subtree of `unit` lies inside `user`'s jurisdiction: a change to what
    belongs to `unit` reaches no area the user does not answer for."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if sees_everything(user):
        return True
    if user.jurisdiction_id is None or unit is None:
        return False
    return unit.path.startswith(user.jurisdiction.path)


def covers_province_of(user, unit) -> bool:
    """Whether `user`'s jurisdiction holds the whole province `unit` lies in (a province's own
    rows — its department profile, its providers — are changed only from there)."""
    if unit is None:
        return False
    if sees_everything(user):
        return covers(user, unit)
    if user is None or not user.is_authenticated or user.jurisdiction_id is None:
        return False
    return user.is_active and unit.province_path.startswith(user.jurisdiction.path)


def covers_some_province(user) -> bool:
    """Whether `user`'s jurisdiction holds at least one whole province."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if sees_everything(user):
        return True
    jurisdiction = user.jurisdiction
    return jurisdiction is not None and jurisdiction.path == jurisdiction.province_path


def covers_installation(user) -> bool:
    """Whether `user`'s jurisdiction holds every province the installation serves: what is
    shared by all of them (reference lists, deadlines, holidays, rates, schedules, the served
    provinces themselves) is changed only from there. A supervisor with no jurisdiction covers
    it; so does a supervisor of the province when the installation serves that one alone."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if sees_everything(user):
        return True
    if user.jurisdiction_id is None:
        return False
    from accounts.models import ServedProvince

    served = list(ServedProvince.objects.values_list("province__path", flat=True))
    return bool(served) and all(path.startswith(user.jurisdiction.path) for path in served)


def covers_record(user, obj: Model) -> bool:
    """Whether every unit that decides the area of `obj`'s stored row lies inside `user`'s
    jurisdiction — for a record seen through several (a person with cases in two districts, a
    criminal case grouping victims of several areas) a change must not reach the other ones."""
    if not is_visible(user, obj):
        return False
    if sees_everything(user):
        return True
    path = _unit_path_field(type(obj))
    paths = type(obj)._base_manager.filter(pk=obj.pk).values_list(path, flat=True)
    return all(
        unit_path is not None and unit_path.startswith(user.jurisdiction.path)
        for unit_path in paths
    )


def can_change(user, model) -> bool:
    opts = model._meta
    return user.can_write and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def get_for_user(user, model_or_queryset, pk, *, write: bool = False) -> Model:
    """The object `pk` if `user` may see it (else 404: its existence is not revealed) and,
    with `write=True`, may change it (else 403)."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    try:
        obj = scope_for(user, queryset).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise _refused(Http404(), queryset.model, pk) from error
    if write and not can_change(user, queryset.model):
        raise _refused(PermissionDenied(), queryset.model, pk)
    return obj


def _refused(exception, model, pk):
    """The exception, naming what was refused for the access log (accounts.audit)."""
    exception.refused_model = model
    exception.refused_pk = int(pk) if str(pk).isdigit() else None
    return exception


# The types a download may be labelled with; anything else goes out as opaque bytes, so that a
# file whose name says .html or .svg is never given a type a browser would render.
DOWNLOAD_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A file response is a document of its own: should a browser ever show it, it runs nothing,
# loads nothing and sits in a sandbox.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def file_download(request, field, *, what: str, obj=None, **ids):
    """The file of `obj`, an object already loaded through `get_for_user`, as an attachment
    (never shown inline, never cached, never sniffed, under a policy that runs nothing), its
    download written to the access log with ids only — no name or number of a person goes into
    a log line or the log table. Uploaded files are served only this way: nothing serves the
    media root."""
    import mimetypes

    from django.http import FileResponse

    from accounts import audit
    from accounts.models import AccessAction

    if not field:
        raise Http404
    audit.record(request, AccessAction.DOWNLOAD, obj, what=what, **ids)
    filename = field.name.rsplit("/", 1)[-1]
    guessed, _encoding = mimetypes.guess_type(filename)
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=guessed if guessed in DOWNLOAD_TYPES else "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
