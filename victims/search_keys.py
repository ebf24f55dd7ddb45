"""Searches without the searched text in the URL.

A name or an ID number typed into the registry's search box must not reach a URL: URLs end up
in web-server and proxy logs, browser history and the Referer of the next request. The search
form is sent by POST; the text is kept in the user's session, encrypted (the session table is
no safer than the registry), under a random key valid for SEARCH_KEY_MINUTES, and the browser
is redirected to the list with `?s=<key>` and the other filters (codes and ids only). Paging,
sorting and the export carry the key. A key is worth nothing in another session, and a stale
one shows the unsearched list.
"""

import secrets
import time

from django.conf import settings

from core import crypto

SESSION_KEY = "victims_search_keys"
MAX_KEYS = 20


def _lifetime() -> int:
    return settings.SEARCH_KEY_MINUTES * 60


def _live(request) -> dict:
    now = time.time()
    keys = request.session.get(SESSION_KEY, {})
    return {key: entry for key, entry in keys.items() if entry[1] > now - _lifetime()}


def search_key_make(request, text: str, *, broad: bool | None = None) -> str:
    """A fresh key for `text`, kept in the session (the oldest dropped beyond MAX_KEYS), with
    whether it is a broad search (victims.filters.broad_name_search), decided once."""
    keys = _live(request)
    key = secrets.token_urlsafe(9)
    keys[key] = [crypto.encrypt(text), time.time(), broad]
    newest = sorted(keys.items(), key=lambda item: item[1][1])[-MAX_KEYS:]
    request.session[SESSION_KEY] = dict(newest)
    return key


def search_text(request, key: str) -> str:
    """The text of a live key of this session, or ""."""
    entry = _live(request).get(key or "")
    return crypto.decrypt(entry[0]) if entry else ""


def search_broad(request, key: str) -> bool | None:
    """Whether the search of a live key of this session is a broad one; None when unknown."""
    entry = _live(request).get(key or "")
    return entry[2] if entry and len(entry) > 2 else None
