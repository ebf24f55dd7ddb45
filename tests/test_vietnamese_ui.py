"""While the language is Vietnamese, no page shows English interface words."""

import re
from html.parser import HTMLParser

import pytest

from accounts.models import DepartmentProfile, Organisation, Role, User
from locations.models import AdministrativeUnit
from locations.regimes import LegalRegime

# Interface words Django, its admin and our templates would show if a translation were missing.
ENGLISH_WORDS = [
    "Log in",
    "Log out",
    "Username",
    "Password",
    "Save",
    "Delete",
    "History",
    "Add",
    "Change",
    "Search",
    "Filter",
    "Home",
    "Reset password",
    "entries",
    "entry",
    "Select",
    "Action",
    "Go",
    "Welcome",
    "View site",
    "Toggle",
    "Yes",
    "No",
    "All",
    "Show counts",
    "Hide counts",
    "Skip to main content",
    "Recent actions",
    "Changes",
    "Comment",
    "Changed by",
    "Close",
    "Dashboard",
    "Victims",
    "Support",
    "Reports",
    "Prevention",
    "Administration",
    "Role",
    "Jurisdiction",
    "Today",
    "Hello",
    "required",
    "Required",
    "Enter",
    "Page not found",
    "Cancel",
    "Submit",
    "Raw passwords",
    "Set password",
    "Enabled",
    "Disabled",
    "Permissions",
    "Groups",
    "Users",
    "Name",
    "Code",
    "Level",
    "Active",
    "Parent",
    "Sidebar",
    "Breadcrumbs",
]
ENGLISH = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH_WORDS) + r")\b")


class VisibleText(HTMLParser):
    """Text a person sees, plus the attributes read aloud or shown on hover."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def english_words_in(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return set(ENGLISH.findall(" ".join(parser.parts)))


@pytest.fixture
def thanh_hoa(db):
    province = AdministrativeUnit.objects.create(code="38", name="Thanh Hóa", level="province")
    district = AdministrativeUnit.objects.create(
        code="391", name="Huyện Thạch Thành", level="district", parent=province, is_legacy=True
    )
    organisation = Organisation.current()
    organisation.served_provinces.add(province)
    for regime, name in (
        (LegalRegime.LEGACY, "Sở Lao động - Thương binh và Xã hội"),
        (LegalRegime.CURRENT, "Sở Y tế"),
    ):
        DepartmentProfile.objects.create(
            province=province,
            regime=regime,
            governing_body="Ủy ban nhân dân tỉnh Thanh Hóa",
            department_name=name,
            signing_place="Thanh Hóa",
        )
    return province, district


@pytest.fixture
def supervisor(thanh_hoa):
    province, _district = thanh_hoa
    user = User(
        username="giamsat",
        last_name="Lê Văn",
        first_name="Hùng",
        role=Role.SUPERVISOR,
        jurisdiction=province,
    )
    user.set_password("Mat-khau-dai-2026")
    user.save()
    return user


def vietnamese_pages(supervisor, thanh_hoa):
    _province, district = thanh_hoa
    profile = DepartmentProfile.objects.first()
    return [
        "/",
        "/accounts/password/",
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/?role=supervisor",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{supervisor.pk}/change/",
        f"/admin/accounts/user/{supervisor.pk}/history/",
        f"/admin/accounts/user/{supervisor.pk}/password/",
        "/admin/accounts/organisation/",
        f"/admin/accounts/organisation/{Organisation.current().pk}/change/",
        "/admin/accounts/departmentprofile/",
        f"/admin/accounts/departmentprofile/{profile.pk}/change/",
        "/admin/locations/administrativeunit/",
        "/admin/locations/administrativeunit/?q=thach",
        f"/admin/locations/administrativeunit/{district.pk}/change/",
        "/admin/auth/group/",
        "/this-page-does-not-exist/",
    ]


def test_pages_of_a_signed_in_supervisor_have_no_english_words(client, supervisor, thanh_hoa):
    client.force_login(supervisor)
    found = {}
    for url in vietnamese_pages(supervisor, thanh_hoa):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.status_code in (200, 404), url
        words = english_words_in(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert found == {}


def test_login_page_and_its_error_have_no_english_words(client, supervisor):
    assert english_words_in(client.get("/accounts/login/").content.decode()) == set()
    response = client.post("/accounts/login/", {"username": "giamsat", "password": "sai"})
    assert english_words_in(response.content.decode()) == set()


def test_admin_login_page_has_no_english_words(client, db):
    response = client.get("/admin/login/")
    assert english_words_in(response.content.decode()) == set()


def test_password_change_errors_are_vietnamese(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        "/accounts/password/",
        {"old_password": "sai", "new_password1": "ngan", "new_password2": "khac"},
    )
    assert english_words_in(response.content.decode()) == set()
