"""The access log: who saw, searched, exported or downloaded a person's record, and who was
refused.

`record(request, action, obj=None, **details)` writes one `AccessLog` row in the request itself.
Refusals (Http404 and PermissionDenied raised by a view) are recorded centrally by
`AccessLogMiddleware.process_exception`, after the view's own transaction has rolled back, so a
refusal is kept even when the view fails.

What the row keeps: ids (object, person, case), the path without its query string, the filters
used — never the text typed in a search box. A search text is often a name or an ID number; the
log cannot be changed or deleted, so a copy there could never be anonymised with the case.
Instead the row keeps whether a text was searched, its length and a keyed digest of it
(HMAC-SHA256 with FIELD_HASH_KEY, the key of every digest of personal data — issue 18): a
supervisor who types the same name in the admin's search finds the searches for it, and the
table alone reveals nothing. The log cannot be rewritten, so after a change of FIELD_HASH_KEY
the old key stays in FIELD_HASH_KEY_FALLBACKS for finding earlier searches (`search_digests`).
Log *lines* carry ids only.
"""

import hashlib
import hmac
import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import AccessAction, AccessLog
from locations.text import search_key

logger = logging.getLogger("trafficking_cases.access")

# Query parameters that may hold free text (a name, an ID number): never stored as typed.
FREE_TEXT_PARAMETERS = ("q", "search")
# Query parameters that say nothing about what was looked for.
# `s` is the random key of a search kept in the session (victims/search_keys.py).
IGNORED_PARAMETERS = ("page", "csrfmiddlewaretoken", "s")
# The relations followed from an object to the person and the case it concerns.
SUBJECT_RELATIONS = ("case", "dossier", "record", "application", "support_record")


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies (each
    appending the address it received from to X-Forwarded-For) the address the outermost proxy
    appended — the n-th from the end. Addresses before it come from the client and can be
    forged; with fewer addresses than proxies the request did not come through them, and
    REMOTE_ADDR is used. django-axes uses this function too (AXES_CLIENT_IP_CALLABLE), so the
    lockout and the log name the same address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR") or None


SEARCH_DIGEST_PURPOSE = "accounts.audit.search"


def _search_digest(key: str, text: str) -> str:
    message = f"{SEARCH_DIGEST_PURPOSE}\x00{search_key(text)}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]


def search_digest(text: str) -> str:
    """A keyed digest (FIELD_HASH_KEY) of a search text, the same however it was typed (case,
    diacritics)."""
    return _search_digest(settings.FIELD_HASH_KEY, text)


def search_digests(text: str) -> list[str]:
    """The digests of `text` under the current key and every fallback key, to find searches
    logged before a change of FIELD_HASH_KEY."""
    keys = [settings.FIELD_HASH_KEY, *getattr(settings, "FIELD_HASH_KEY_FALLBACKS", [])]
    return [_search_digest(key, text) for key in keys]


def subject_of(obj, depth: int = 3) -> tuple[int | None, int | None]:
    """(person id, case id) of the record `obj` concerns, when it concerns one."""
    if obj is None:
        return None, None
    label = obj._meta.label_lower
    if label == "victims.victim":
        return obj.pk, None
    if label == "victims.case":
        return obj.victim_id, obj.pk
    if hasattr(obj, "victim_id"):
        return obj.victim_id, None
    if depth == 0:
        return None, None
    for name in SUBJECT_RELATIONS:
        field = next((f for f in obj._meta.concrete_fields if f.name == name), None)
        to_one = field is not None and (field.many_to_one or field.one_to_one)
        if to_one and getattr(obj, field.attname):
            return subject_of(getattr(obj, name), depth - 1)
    return None, None


def concerns_people(model, depth: int = 3) -> bool:
    """Whether records of `model` are, or belong to, a person's record (a victim or a case)."""
    if model._meta.label_lower in ("victims.victim", "victims.case"):
        return True
    if depth == 0:
        return False
    return any(
        field.name in ("victim", *SUBJECT_RELATIONS)
        and (field.many_to_one or field.one_to_one)
        and concerns_people(field.related_model, depth - 1)
        for field in model._meta.concrete_fields
    )


def filters_of(request) -> dict:
    """The query parameters of a list or export, without free text (see the module note)."""
    filters, searched = {}, {}
    for key in request.GET:
        if key in IGNORED_PARAMETERS:
            continue
        values = [value for value in request.GET.getlist(key) if value != ""]
        if not values:
            continue
        if key in FREE_TEXT_PARAMETERS:
            text = " ".join(values)
            searched = {"search_length": len(text), "search_digest": search_digest(text)}
        else:
            filters[key] = values[0] if len(values) == 1 else values
    return {"filters": filters, **searched} if filters or searched else {}


def record(request, action: str, obj=None, *, object_type: str = "", object_id=None, **details):
    """Write the access log row of this request: `action` on `obj` (or on the object named by
    `object_type` and `object_id`), with a small JSON of `details` (filters, row count, the
    reason of an export). Returns the row, or None for an anonymous request."""
    user = request.user
    if not user.is_authenticated:
        return None
    return record_for(
        user, action, obj, request=request, object_type=object_type, object_id=object_id, **details
    )


def record_for(
    user, action: str, obj=None, *, request=None, object_type: str = "", object_id=None, **details
):
    """`record` for `user`, in a request (`request`) or outside one (an import run by a
    command): then without path and address."""
    person_id, case_id = subject_of(obj)
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    unit = user.jurisdiction
    entry = AccessLog.objects.create(
        user=user,
        username=user.get_username(),
        role=user.role,
        unit_code=unit.code if unit else "",
        unit_path=unit.path if unit else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=details.pop("person_id", None) or person_id,
        case_id=details.pop("case_id", None) or case_id,
        path=request.path[:300] if request is not None else "",
        ip_address=(get_client_ip_address(request) or None) if request is not None else None,
        details=details,
    )
    logger.info(
        "access %s: user=%s object=%s:%s person=%s case=%s",
        action,
        user.pk,
        object_type or "-",
        object_id if object_id is not None else "-",
        entry.person_id if entry.person_id is not None else "-",
        entry.case_id if entry.case_id is not None else "-",
    )
    return entry


def record_search(request, object_type: str, rows: int, **details):
    """A list or search of records about people: the filters used and the number of rows."""
    return record(
        request,
        AccessAction.SEARCH,
        object_type=object_type,
        rows=rows,
        **filters_of(request),
        **details,
    )


def record_refusal(request, exception) -> None:
    """A refused access (404 or 403 raised by a view): the URL's name and object id kwargs,
    and the model and id `get_for_user` refused when it says so."""
    match = request.resolver_match
    ids = {
        key: value
        for key, value in (match.kwargs.items() if match else ())
        if isinstance(value, int)
    }
    model = getattr(exception, "refused_model", None)
    object_id = getattr(exception, "refused_pk", None)
    if object_id is None and ids:
        object_id = next(iter(ids.values()))
    person_id = case_id = None
    if model is not None and isinstance(object_id, int):
        # The record refused is looked up without scope, for the supervisor reading the log.
        refused = model._base_manager.filter(pk=object_id).first()
        person_id, case_id = subject_of(refused)
    record(
        request,
        AccessAction.REFUSED,
        object_type=model._meta.label_lower if model is not None else "",
        object_id=object_id if isinstance(object_id, int) else None,
        person_id=person_id,
        case_id=case_id,
        status=403 if isinstance(exception, PermissionDenied) else 404,
        url_name=match.view_name if match else "",
        kwargs=ids,
        method=request.method,
    )


class AccessLogMiddleware:
    """Records every refused access of a signed-in user (Http404 and PermissionDenied raised by
    a view). It runs after the view's transaction has rolled back, so the row is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (Http404, PermissionDenied)):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                try:
                    record_refusal(request, exception)
                except Exception:  # the refusal page is still sent; the failure is logged
                    logger.exception("access refused: user=%s not recorded", user.pk)
        return None
