"""The ID-number check of the registry, which must not become an oracle (issue 18, finding 7).

When an officer types an ID number (the person form, an imported list), the registry says
whether it is already there: with a link when the person is in the officer's area, else only
"registered in another area: contact the province" — never who. That second answer (a "foreign
hit") still tells the officer that the number belongs to a registered victim, so:

- each foreign hit is written to the access log (action `id_check`, the person's id, no number);
- after `ID_CHECK_ALERT_AT` foreign hits of one user within `ID_CHECK_WINDOW_MINUTES`, the
  supervisors responsible for the user's area are notified, once per window;
- after `ID_CHECK_FOREIGN_LIMIT` foreign hits in the window, the check answers nothing at all for
  that user until the window ends — hit or miss alike, so the refusal itself reveals nothing —
  and the refusal is logged too. The form shows it next to the field (HTTP 429).

Only foreign hits count: a number found nowhere, or of a person the user may see, reveals nothing
the user may not know, and an officer's own work (long imports included) is never slowed.
The counters live in the Django cache (`CACHE_URL`, Redis in production, so that every process
of the application shares them), in fixed windows.

The name check ("a person with the same name, birth year and commune may already be registered",
`similar_people_check`: the form's panel and the import's warning) tells as much about people of
other areas: a check that shows someone of another area is a foreign hit too, on the same
counter, logged (`id_check` with `check: name`, one row per person) and limited alike.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import audit
from accounts.access import is_visible, scope_for
from accounts.models import AccessAction, Role
from accounts.services import notify, users_responsible_for
from core import counts
from locations.models import UnitSuccession
from locations.text import search_key
from victims.models import Victim
from victims.services import find_duplicates


@dataclass
class IdCheck:
    """What the registry answers about a number: the person when the user may see them;
    `elsewhere` when registered outside the user's area; `refused` (a message) past the limit."""

    person: Victim | None = None
    elsewhere: bool = False
    refused: str = ""


def _window() -> tuple[int, int]:
    seconds = settings.ID_CHECK_WINDOW_MINUTES * 60
    return int(time.time() // seconds), seconds


def _count_key(user, window) -> str:
    return f"id-check:foreign:{user.pk}:{window}"


def foreign_hits(user) -> int:
    """The user's foreign hits in the current window."""
    window, _seconds = _window()
    return cache.get(_count_key(user, window), 0)


def refusal_message() -> str:
    minutes = settings.ID_CHECK_WINDOW_MINUTES
    return ngettext(
        "Bạn đã kiểm tra quá nhiều số định danh thuộc địa bàn khác trong %(minutes)s phút: "
        "hệ thống tạm ngừng kiểm tra số định danh cho tài khoản của bạn. Vui lòng thử lại sau "
        "hoặc liên hệ Sở để được hướng dẫn.",
        "Bạn đã kiểm tra quá nhiều số định danh thuộc địa bàn khác trong %(minutes)s phút: "
        "hệ thống tạm ngừng kiểm tra số định danh cho tài khoản của bạn. Vui lòng thử lại sau "
        "hoặc liên hệ Sở để được hướng dẫn.",
        minutes,
    ) % {"minutes": minutes}


def id_numbers_lookup(*, user, numbers) -> dict[str, tuple[Victim, bool]]:
    """For an import's batch of rows: the person of each of `numbers` (normalised) found in the
    registry, with whether `user` may see them, in two queries — what `id_number_check` would
    ask the database for each number. Nothing is counted or logged here: each row's
    `id_number_check(..., lookup=)` does that, as for a number typed in the form."""
    keys = {Victim.id_number_key(number): number for number in numbers if number}
    keys.pop("", None)
    if not keys:
        return {}
    # The "not empty" condition is the unique index's own (models.py): PostgreSQL proves that a
    # list of more than 100 hashes implies it only when the query says it, else scans the table.
    people = list(Victim.objects.filter(id_number_hash__in=keys).exclude(id_number_hash=""))
    visible = set(
        scope_for(user, Victim.objects.filter(pk__in=[p.pk for p in people])).values_list(
            "pk", flat=True
        )
    )
    return {keys[person.id_number_hash]: (person, person.pk in visible) for person in people}


def id_number_check(
    *, user, number: str, request=None, exclude=None, counted: bool = True, lookup=None
) -> IdCheck:
    """Look `number` (normalised) up for `user`, counting, logging and alerting as the module
    says. `exclude`: the person being edited. `counted=False` only for the confirmation of an
    import, which checks again the very file whose preview was counted (and is then deleted).
    `lookup`: the batch's `id_numbers_lookup` (an import), asked instead of the database."""
    if counted and foreign_hits(user) >= settings.ID_CHECK_FOREIGN_LIMIT:
        audit.record_for(
            user,
            AccessAction.ID_CHECK,
            request=request,
            object_type="victims.victim",
            outcome="refused",
        )
        return IdCheck(refused=refusal_message())
    if lookup is not None:
        person, visible = lookup.get(number, (None, False))
        if person is not None and exclude is not None and person.pk == exclude.pk:
            person = None
    else:
        people = Victim.objects.with_id_number(number)
        if exclude is not None and exclude.pk:
            people = people.exclude(pk=exclude.pk)
        person = people.first()
        visible = person is not None and is_visible(user, person)
    if person is None:
        return IdCheck()
    if visible:
        return IdCheck(person=person)
    if counted:
        _foreign_hit(user, person, request)
    return IdCheck(elsewhere=True)


def _foreign_hit(user, person, request) -> None:
    audit.record_for(user, AccessAction.ID_CHECK, person, request=request, outcome="foreign")
    _count_foreign_hit(user)


def _count_foreign_hit(user) -> None:
    window, seconds = _window()
    key = _count_key(user, window)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    if count >= settings.ID_CHECK_ALERT_AT and cache.add(
        f"id-check:alerted:{user.pk}:{window}", True, timeout=seconds
    ):
        _alert_supervisors(user, count)


@dataclass
class SimilarCheck:
    """What the name check answers: each possible duplicate with whether the user may see them
    (the others are shown as "someone of another area"); `refused` (a message) past the limit,
    with no one at all."""

    people: list[tuple[Victim, bool]]
    refused: str = ""


def name_refusal_message() -> str:
    minutes = settings.ID_CHECK_WINDOW_MINUTES
    return ngettext(
        "Bạn đã tra cứu quá nhiều người thuộc địa bàn khác trong %(minutes)s phút: hệ thống "
        "tạm ngừng kiểm tra trùng họ tên cho tài khoản của bạn. Vui lòng thử lại sau hoặc liên "
        "hệ Sở để được hướng dẫn.",
        "Bạn đã tra cứu quá nhiều người thuộc địa bàn khác trong %(minutes)s phút: hệ thống "
        "tạm ngừng kiểm tra trùng họ tên cho tài khoản của bạn. Vui lòng thử lại sau hoặc liên "
        "hệ Sở để được hướng dẫn.",
        minutes,
    ) % {"minutes": minutes}


def similar_key(full_name: str, birth_year: int, permanent_unit) -> tuple:
    """The key of one name check in a `similar_people_lookup`."""
    return search_key(full_name), birth_year, permanent_unit.pk


def similar_people_lookup(*, user, wanted) -> dict[tuple, list[tuple[Victim, bool]]]:
    """For an import's batch of rows: what `find_duplicates` finds for each (full name, birth
    year, permanent unit) of `wanted`, with whether `user` may see each person — in three
    queries for the batch instead of two for each row. The same rule: the name without
    diacritics (or its start, followed by a space), the birth year within one, the unit or a
    unit it became or was formed from; the first 20 in the registry's order. Nothing is counted
    or logged here: each row's `similar_people_check(..., lookup=)` does that."""
    wanted = {similar_key(*item): item[2] for item in wanted if item[1] and item[2] is not None}
    if not wanted:
        return {}
    units = {unit.pk for unit in wanted.values()}
    same_place = {pk: {pk} for pk in units}
    successions = UnitSuccession.objects.filter(
        Q(predecessor__in=units) | Q(successor__in=units)
    ).values_list("predecessor_id", "successor_id")
    for predecessor, successor in successions:
        if predecessor in same_place:
            same_place[predecessor].add(successor)
        if successor in same_place:
            same_place[successor].add(predecessor)
    names, years = {key[0] for key in wanted}, [key[1] for key in wanted]
    named = Q(search_name__in=names)
    for name in names:
        named |= Q(search_name__startswith=name + " ")
    candidates = list(
        Victim.objects.filter(
            named,
            birth_year__gte=min(years) - 1,
            birth_year__lte=max(years) + 1,
            permanent_unit__in=set().union(*same_place.values()),
        )
    )
    visible = set(
        scope_for(user, Victim.objects.filter(pk__in=[p.pk for p in candidates])).values_list(
            "pk", flat=True
        )
    )
    found = {}
    for key in wanted:
        name, year, unit = key
        people = [
            person
            for person in candidates  # in the registry's order (Victim.Meta.ordering)
            if (person.search_name == name or person.search_name.startswith(name + " "))
            and year - 1 <= person.birth_year <= year + 1
            and person.permanent_unit_id in same_place[unit]
        ][:20]
        found[key] = [(person, person.pk in visible) for person in people]
    return found


def similar_people_check(
    *,
    user,
    full_name: str,
    birth_year: int | None,
    permanent_unit,
    request=None,
    counted: bool = True,
    lookup=None,
) -> SimilarCheck:
    """The people who may be the one being entered (victims.services.find_duplicates), each
    with whether `user` may see them; counted, logged and limited as the module says. `counted=
    False`: the same check again (the confirmation of an import, the decision on a shown
    panel), neither counted nor refused. `lookup`: the batch's `similar_people_lookup` (an
    import), asked instead of the database."""
    if counted and foreign_hits(user) >= settings.ID_CHECK_FOREIGN_LIMIT:
        audit.record_for(
            user,
            AccessAction.ID_CHECK,
            request=request,
            object_type="victims.victim",
            outcome="refused",
            check="name",
        )
        return SimilarCheck(people=[], refused=name_refusal_message())
    key = similar_key(full_name, birth_year, permanent_unit)
    if lookup is not None and key in lookup:
        pairs = lookup[key]
        possible = [person for person, _visible in pairs]
        visible = {person.pk for person, seen in pairs if seen}
    else:
        possible = find_duplicates(
            full_name=full_name, birth_year=birth_year, permanent_unit=permanent_unit
        ).possible
        visible = set(
            scope_for(user, Victim.objects.filter(pk__in=[p.pk for p in possible])).values_list(
                "pk", flat=True
            )
        )
    foreign = [person for person in possible if person.pk not in visible]
    if counted and foreign:
        for person in foreign:
            audit.record_for(
                user,
                AccessAction.ID_CHECK,
                person,
                request=request,
                outcome="foreign",
                check="name",
            )
        _count_foreign_hit(user)
    return SimilarCheck(people=[(person, person.pk in visible) for person in possible])


def _alert_supervisors(user, count: int) -> None:
    """Tell the supervisors responsible for the user's area (the province's), once a window.
    The message names the account, never a number or a person."""
    if user.jurisdiction is None:
        return
    supervisors = [
        supervisor
        for supervisor in users_responsible_for(user.jurisdiction, roles=[Role.SUPERVISOR])
        if supervisor.pk != user.pk
    ]
    notify(
        users=supervisors,
        message=ngettext(
            "Tài khoản %(username)s đã tra cứu %(count)s số định danh thuộc địa bàn khác trong "
            "%(window)s. Xem nhật ký truy cập.",
            "Tài khoản %(username)s đã tra cứu %(count)s số định danh thuộc địa bàn khác trong "
            "%(window)s. Xem nhật ký truy cập.",
            count,
        )
        % {
            "username": user.get_username(),
            "count": count,
            "window": counts.minutes(settings.ID_CHECK_WINDOW_MINUTES),
        },
        url=reverse("admin:accounts_accesslog_changelist") + "?action__exact=id_check",
    )
