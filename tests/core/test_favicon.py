"""The browser tab shows the application's icon: every page links it, and /favicon.ico (asked for by
browsers on pages that name none: the admin's raw views, file downloads, errors) is served by the
app itself, never a 404."""

import re

import pytest
from django.urls import reverse


def test_favicon_ico_is_served_from_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO header


@pytest.mark.django_db
def test_pages_link_the_icon(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon[.\w]*\.svg"', page)


@pytest.mark.django_db
def test_admin_pages_link_the_icon(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon[.\w]*\.svg"', page)
