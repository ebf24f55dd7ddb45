"""Lists and worklists: filtered by a django-filter FilterSet, shown 25 rows a page, with the
filters kept in the pagination links. Each list's FilterSet lives in its app's filters.py; the
queryset it receives is already scoped to the user's area by the view (accounts.access)."""

import contextlib
import json
import time
from collections.abc import Sequence

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language
from django_filters.constants import EMPTY_VALUES

from accounts import audit
from accounts.access import scope_for
from core.replica import reading_database
from locations.models import AdministrativeUnit

PAGE_SIZE = 25


def area_units(user, units=None):
    """Units of the user's area a list can be narrowed to, in tree order (`units`: of these
    only); legacy communes are left out: too many, and their district stands for them."""
    units = AdministrativeUnit.objects.all() if units is None else units
    commune = AdministrativeUnit.Level.COMMUNE
    return scope_for(user, units.exclude(level=commune, is_legacy=True)).in_tree_order()


UNITS_VERSION_KEY = "lists:units-version"
UNIT_CHOICES_SECONDS = 300


def units_version() -> int:
    """The version of the unit list in the cache: every write to a unit starts a new one
    (`units_changed`), so that no list offers a renamed or retired unit as it was."""
    version = cache.get(UNITS_VERSION_KEY)
    if version is None:
        cache.add(UNITS_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(UNITS_VERSION_KEY, 0)
    return version


def units_changed(sender, **kwargs) -> None:
    """A signal receiver (connected in CoreConfig.ready): a unit was saved or deleted."""
    with contextlib.suppress(ValueError):  # no version yet: the next read starts one
        cache.incr(UNITS_VERSION_KEY)


def area_unit_choices(user, units, *, kind: str) -> list[tuple[int, str]]:
    """(id, name) of `area_units(user, units)`, kept in the cache for this user (their role
    and jurisdiction: the choices are their area's), the list `kind`, the language and the
    unit list's version: ordering the units of a province in Vietnamese collation, through
    their parents, is a good part of a list page's time (issue 17). Only the names shown in
    the select come from here; a chosen unit is still checked against the database."""
    key = ":".join(
        [
            f"lists:units:{kind}:{user.pk}:{user.role}:{int(user.is_superuser)}:{user.jurisdiction_id}",
            f"{get_language()}:{reading_database()}:{units_version()}",
        ]
    )
    choices = cache.get(key)
    if choices is None:
        choices = [(unit.pk, str(unit)) for unit in area_units(user, units)]
        cache.set(key, choices, UNIT_CHOICES_SECONDS)
    return choices


def query_without_page(data: QueryDict) -> str:
    """The filters as a query string, for the pagination links to add their page to."""
    query = data.copy()
    query.pop("page", None)
    return query.urlencode()


class ListPage(Page):
    """A page of a list. Its links name pages by number from the start, or from the end:
    "last", "last-1", … (`from_end`); with an estimated count (`EstimatingPaginator`) whether
    there is a page before or after is known from the rows read, not from the count."""

    def __init__(self, object_list, number, paginator, *, from_end=None, more=None):
        super().__init__(object_list, number, paginator)
        self.from_end = from_end
        # Whether a row lies beyond this page, in its reading direction (estimated counts).
        self.more = more

    def has_next(self):
        if not self.paginator.estimated:
            return super().has_next()
        return self.from_end > 0 if self.from_end is not None else bool(self.more)

    def has_previous(self):
        if not self.paginator.estimated:
            return super().has_previous()
        return bool(self.more) if self.from_end is not None else self.number > 1

    def next_page_number(self):
        if not self.paginator.estimated:
            return super().next_page_number()
        if self.from_end is not None:
            return "last" if self.from_end == 1 else f"last-{self.from_end - 1}"
        return self.number + 1

    def previous_page_number(self):
        if not self.paginator.estimated:
            return super().previous_page_number()
        if self.from_end is not None:
            return f"last-{self.from_end + 1}"
        return self.number - 1


def _page_token(value) -> tuple[int | None, int | None]:
    """A requested page: (number, None) from the start, (None, k) the k-th from the end
    ("last" is 0, "last-1" is 1); anything else is the first page."""
    value = str(value or "1").strip()
    if value == "last":
        return None, 0
    if value.startswith("last-") and value[5:].isdigit() and len(value) <= 12:
        return None, int(value[5:])
    if value.isdigit() and len(value) <= 9:
        return max(int(value), 1), None
    return 1, None


def _rows_by_id(queryset, ids):
    """The rows of `queryset` with these ids (read from `queryset` itself, so already within
    its filters and scope), with its related rows and prefetches. Without annotations, the
    rows are read by id alone: the filters (a search's subqueries) are not evaluated twice."""
    query = queryset.query
    if query.annotations or query.extra or query.combinator:
        return queryset.filter(pk__in=ids)
    rows = queryset.model._default_manager.filter(pk__in=ids).order_by()
    rows.query.select_related = query.select_related
    rows.query.deferred_loading = query.deferred_loading
    return rows.prefetch_related(*queryset._prefetch_related_lookups)


class ListPaginator(Paginator):
    """Pages of an ordered queryset, read ids first: the page's ids on the list's (indexed)
    order, then its rows by those ids — the joins and prefetches of the rows are paid for 25
    rows, not for every row skipped. A page in the second half is read from the end, in the
    reverse order (an index read backwards skips the fewer rows: the last page of 100,000 costs
    what the first does — issue 17). `?page=last`, `last-1`, … name pages from the end."""

    estimated = False

    def _rows(self, queryset, offset: int, limit: int, *, backwards: bool = False) -> list:
        ordered = queryset if queryset.ordered else queryset.order_by("pk")
        if backwards:
            ordered = ordered.reverse()
        ids = list(ordered.values_list("pk", flat=True)[offset : offset + limit])
        by_id = {row.pk: row for row in _rows_by_id(queryset, ids[: self.per_page])}
        rows = [by_id[pk] for pk in ids[: self.per_page] if pk in by_id]
        self._more = len(ids) > self.per_page
        return rows[::-1] if backwards else rows

    def _reads_backwards(self, queryset) -> bool:
        return isinstance(queryset, QuerySet) and not queryset.query.distinct_fields

    def page(self, number):
        number = self.validate_number(number)
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self._reads_backwards(rows) and bottom > self.count // 2:
            found = self._rows(rows, self.count - top, top - bottom, backwards=True)
        else:
            found = self._rows(rows, bottom, top - bottom)
        return ListPage(found, number, self)

    def get_page(self, number):
        page_number, from_end = _page_token(number)
        if from_end is not None:
            page_number = max(self.num_pages - from_end, 1)
        return super().get_page(page_number)

    def _get_page(self, *args, **kwargs):
        return ListPage(*args, **kwargs)


class EstimatingPaginator(ListPaginator):
    """A ListPaginator that counts exactly up to `LIST_EXACT_COUNT_UP_TO` rows (10,000) and,
    beyond, shows the planner's estimate ("Khoảng N kết quả", `estimated`): no page of a large
    list counts every row of it. Next, previous, the first and the last pages always work: with
    an estimate, a page from the end ("last", "last-1", …) is read backwards from the end, and
    whether a page has a neighbour is known from the rows read."""

    def __init__(self, object_list, per_page, *, exact_up_to=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # A list may count exactly up to fewer rows (a broad search, whose count is a walk).
        limit = settings.LIST_EXACT_COUNT_UP_TO
        self.exact_up_to = limit if exact_up_to is None else min(exact_up_to, limit)

    @cached_property
    def count(self):
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        # Counting stops one row past the threshold.
        found = rows.order_by().values("pk")[: self.exact_up_to + 1].count()
        if found <= self.exact_up_to:
            return found
        self.estimated = True
        return max(self._planner_estimate(rows), self.exact_up_to + 1)

    @staticmethod
    def _planner_estimate(rows) -> int:
        if connections[rows.db].vendor != "postgresql":
            return rows.count()
        plan = json.loads(rows.order_by().values("pk").explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])

    def get_page(self, number):
        if self.count is not None and not self.estimated:  # counting sets `estimated`
            return super().get_page(number)
        page_number, from_end = _page_token(number)
        rows = self.object_list
        if page_number is not None:
            found = self._rows(rows, (page_number - 1) * self.per_page, self.per_page + 1)
            if found or page_number == 1:
                return ListPage(found, page_number, self, more=self._more)
            from_end = 0  # past the end the estimate promised: the last page
        found = self._rows(rows, from_end * self.per_page, self.per_page + 1, backwards=True)
        if not found and from_end > 0:
            return self.get_page(1)  # before the start the estimate promised: the first page
        number = max(self.num_pages - from_end, 1)
        return ListPage(found, number, self, from_end=from_end, more=self._more)


def list_page(
    request, queryset, *, logged_as: str | None = None, exact_up_to=None, **details
) -> Page:
    """The requested page of a list; a list of records about people (`logged_as`, the model's
    label) goes into the access log with its filters, its number of rows and `details`. Its
    count is exact up to `exact_up_to` rows (by default LIST_EXACT_COUNT_UP_TO), then an
    estimate."""
    paginator = EstimatingPaginator(queryset, PAGE_SIZE, exact_up_to=exact_up_to)
    page = paginator.get_page(request.GET.get("page"))
    if logged_as:
        audit.record_search(request, logged_as, page.paginator.count, **details)
    return page


def render_list(
    request, template: str, filterset, rows=None, *, logged_as=None, each=None, **context
):
    """A list's page: the page of `rows` (by default the rows `filterset`, a ListFilterSet,
    keeps), logged as `list_page` says; `each(row)` adds what the page shows of a row; the
    template gets the filters (`filter`), the page, the query of its links and `context`."""
    page = list_page(request, filterset.qs if rows is None else rows, logged_as=logged_as)
    if each is not None:
        for row in page:
            each(row)
    context = {"filter": filterset, "page": page, "query": filterset.query(), **context}
    return render(request, template, context)


def render_worklist(
    request, template: str, worklist, rows, *, each=None, overdue_on=None, **context
):
    """A worklist's page: the page of `rows` (the worklist FilterSet's rows, ordered), logged
    in the access log as a list of the rows' model; `each(row)` adds what the page shows of
    a row, `overdue_on` (a day) marks each row `overdue` by its `is_overdue_on(day)`; the
    template gets the filters (`filter`), the page, the query of its links and `context`."""

    def mark(row):
        if overdue_on is not None:
            row.overdue = row.is_overdue_on(overdue_on)
        if each is not None:
            each(row)

    logged_as = rows.model._meta.label_lower
    return render_list(request, template, worklist, rows, logged_as=logged_as, each=mark, **context)


def area_worklist(request, template: str, filter_class, queryset, *, order_by=(), **context):
    """A worklist of the user's area: `queryset` scoped to the user (`accounts.access`),
    filtered by `filter_class` with the request's query (and the user, for the tabs and
    filters that depend on them), ordered by `order_by`, rendered by `render_worklist` (its
    `each`, `overdue_on` and context pass through)."""
    worklist = filter_class(
        request.GET, queryset=scope_for(request.user, queryset), user=request.user
    )
    rows = worklist.qs.order_by(*order_by) if order_by else worklist.qs
    return render_worklist(request, template, worklist, rows, **context)


class AreaUnitFilter(django_filters.ModelChoiceFilter):
    """A unit of the user's area (a ListFilterSet sets the choices): the rows whose unit
    (`field_name`) is that unit or one below it."""

    def __init__(self, **kwargs):
        super().__init__(queryset=AdministrativeUnit.objects.none(), **kwargs)

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        return queryset.filter(**{f"{self.field_name}__path__startswith": value.path})


class ListFilterSet(django_filters.FilterSet):
    """A list's filters, their controls in Bootstrap's classes (`compact`: the small controls
    of a worklist's row of filters). Given the `user`, an AreaUnitFilter offers the units of
    the user's area (of `unit_choices`)."""

    compact = False

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, filter_ in self.filters.items():
            if isinstance(filter_, AreaUnitFilter) and user is not None:
                filter_.queryset = area_units(user, self.unit_choices())
            elif hasattr(getattr(filter_, "queryset", None), "usable"):
                # A reference list (core.Deactivatable): its active rows, and a retired one
                # only while the query asks for it (a link saved before it was retired).
                filter_.queryset = filter_.queryset.usable(self.requested_ids(name))

    @property
    def form(self):
        """The filters' form; a unit select shows its choices from the cache (`area_unit_choices`),
        while the field checks a chosen unit against its queryset, the user's area."""
        if not hasattr(self, "_form"):
            form = super().form
            for name, filter_ in self.filters.items():
                if isinstance(filter_, AreaUnitFilter) and self.user is not None:
                    field = form.fields[name]
                    kind = f"{type(self).__module__}.{type(self).__qualname__}.{name}"
                    choices = area_unit_choices(self.user, self.unit_choices(), kind=kind)
                    empty = [] if field.empty_label is None else [("", field.empty_label)]
                    field.widget.choices = empty + choices
        return super().form

    def requested_ids(self, name: str) -> list[int]:
        """The ids the query gives for the filter `name` (whatever else it sends is ignored)."""
        values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return [
            int(value)
            for value in map(str, values)
            if value.isascii() and value.isdigit() and len(value) <= 18
        ]

    def query(self) -> str:
        """The filters for the pagination links (the query without its page)."""
        return query_without_page(self.data)

    def unit_choices(self):
        """The units an AreaUnitFilter may offer, before they are narrowed to the user's area."""
        return AdministrativeUnit.objects.all()

    def get_form_class(self):
        form_class = super().get_form_class()
        size = "-sm" if self.compact else ""
        for field in form_class.base_fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}{size}" if size else css)
        return form_class


class WorklistFilterSet(ListFilterSet):
    """The filters of a worklist with tabs. `?view=` names the tab, one of `views`; missing or
    unknown, the first. The form's filters apply first (`filter_rows`), then the tab
    (`filter_tab`), so a tab's count can be taken over the filtered rows."""

    views: Sequence[tuple[str, str]] = ()
    # Whether a tab's link keeps the filters chosen (or starts the tab afresh).
    tabs_keep_filters = True
    # Filters whose value, when it names no choice (a stale link), leaves no row rather than
    # being ignored.
    strict_filters: Sequence[str] = ()

    def __init__(self, data=None, *args, **kwargs):
        data = QueryDict() if data is None else data
        super().__init__(data, *args, **kwargs)
        requested = data.get("view")
        self.view = requested if requested in dict(self.views) else self.views[0][0]

    def filter_queryset(self, queryset):
        return self.filter_tab(self.filter_rows(queryset), self.view)

    def filter_rows(self, queryset):
        """The rows the form's filters keep, whatever the tab."""
        if any(name in self.form.errors for name in self.strict_filters):
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_tab(self, queryset, view: str):
        raise NotImplementedError

    def tabs(self, counts: dict[str, int] | None = None) -> list[dict]:
        """The tabs to show: key, label, the query string of its link, and its count if given."""
        kept = {}
        if self.tabs_keep_filters:
            kept = {name: self.data[name] for name in self.filters if self.data.get(name)}
        return [
            {
                "key": key,
                "label": label,
                "query": urlencode({"view": key, **kept}),
                "count": None if counts is None else counts[key],
            }
            for key, label in self.views
        ]

    def query(self) -> str:
        """The tab and the filters for the pagination links (the tab as shown, not as typed)."""
        data = self.data.copy()
        data["view"] = self.view
        return query_without_page(data)
