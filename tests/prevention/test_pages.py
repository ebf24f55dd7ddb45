"""Prevention pages show no English interface words while the language is Vietnamese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prevention import services
from prevention.models import TargetGroup
from tests.prevention.conftest import form_data
from tests.test_vietnamese_ui import english_words_in

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def test_prevention_pages_have_no_english_words(supervisor_client, supervisor, activity_a, plan):
    services.activity_attachment_add(
        actor=supervisor,
        activity=activity_a,
        kind="photo",
        description="Ảnh",
        file=SimpleUploadedFile("anh.png", PNG),
    )
    urls = [
        "/",
        "/prevention/",
        "/prevention/?year=2024&activity_type=training",
        "/prevention/activities/new/",
        f"/prevention/activities/{activity_a.pk}/",
        f"/prevention/activities/{activity_a.pk}/edit/",
        "/prevention/directives/",
        "/prevention/directives/new/",
        f"/prevention/directives/{plan.pk}/",
        f"/prevention/directives/{plan.pk}/edit/",
        "/prevention/totals/?year=2024",
        "/admin/prevention/",
        "/admin/prevention/preventionactivity/",
        f"/admin/prevention/preventionactivity/{activity_a.pk}/change/",
        f"/admin/prevention/preventionactivity/{activity_a.pk}/history/",
        "/admin/prevention/directive/",
        f"/admin/prevention/directive/{plan.pk}/change/",
        "/admin/prevention/targetgroup/",
        f"/admin/prevention/targetgroup/{TargetGroup.objects.first().pk}/change/",
    ]
    found = {}
    for url in urls:
        response = supervisor_client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.status_code == 200, url
        if words := english_words_in(response.content.decode()):
            found[url] = sorted(words)
    assert found == {}


def test_a_refused_form_has_no_english_words(client_a, units):
    response = client_a.post(
        "/prevention/activities/new/",
        form_data(units, participants="-1", end_date="01/01/2024", title=""),
    )

    assert response.status_code == 200
    assert english_words_in(response.content.decode()) == set()
    assert "Trường này là bắt buộc" in response.content.decode()
