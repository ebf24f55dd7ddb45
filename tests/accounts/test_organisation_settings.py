"""The organisation's settings where the law leaves a choice (issue 15 items 4 and 9): they are
on the admin page with their default and its reasoning, and the supervisor may change them."""

import pytest

from accounts.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_settings_page_says_why_the_defaults_were_chosen(supervisor_client):
    organisation = Organisation.current()

    page = supervisor_client.get(f"/admin/accounts/organisation/{organisation.pk}/change/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Quy định chuyển tiếp chưa nói rõ" in body
    assert "không hồi tố" in body
    assert "Mặc định: danh mục năm 2008 (Quyết định 1019/QĐ-TCTK)" in body
    assert (organisation.transitional_procedure, organisation.ethnic_code_set) == (
        "step_date",
        "2008",
    )


def test_a_supervisor_chooses_the_successors_and_the_1979_codes(
    supervisor_client, thanh_hoa_served
):
    # The organisation is shared by the installation: its supervisor (here, of the one province
    # served) changes it (issue 18).
    organisation = Organisation.current()

    response = supervisor_client.post(
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        {
            "name": organisation.name,
            "ethnic_code_set": "1979",
            "transitional_procedure": "successors",
            "servedprovince_set-TOTAL_FORMS": "0",
            "servedprovince_set-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert (organisation.transitional_procedure, organisation.ethnic_code_set) == (
        "successors",
        "1979",
    )
