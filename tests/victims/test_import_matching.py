"""List values of an imported file matched by label, code, synonym and containment (issue 16
item 8): the short and everyday forms officers write are understood; what fits several values is
reported with them, never guessed; what fits nothing gets the closest labels as a suggestion."""

import pytest

from victims.importing.lists import Entry, ListMatcher, list_key, synonyms
from victims.importing.matching import Matcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher(thanh_hoa_served):
    return Matcher()


def test_the_key_drops_case_diacritics_punctuation_and_repeated_spaces():
    assert list_key("  Đồn  Biên-phòng, Na Mèo. ") == "don bien phong na meo"
    assert list_key("H'Mông") == "h mong"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("Tự trở về", "self_returned"),  # the label
        ("tu tro ve", "self_returned"),  # without diacritics
        ("TỰ VỀ", "self_returned"),  # a synonym, in capitals
        ("tự về nước", "self_returned"),
        ("trốn về", "self_returned"),
        ("self_returned", "self_returned"),  # the code
        ("Self-returned", "self_returned"),  # the English label
        ("giải cứu", "rescued"),
        ("Được giải cứu tại biên giới", "rescued"),  # a label inside the cell
        ("trao trả", "handed_over"),
        ("ĐSQ", "mission"),
        ("qua Đại sứ quán", "mission"),
        ("tự khai báo", "self_reported"),
    ],
)
def test_return_channels_are_read_in_their_everyday_forms(matcher, typed, value):
    assert matcher.channel(typed) == (value, None)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Cưỡng bức lao động", "forced_labour"),
        ("bóc lột lao động", "forced_labour"),
        ("BLLĐ", "forced_labour"),
        ("lao động", "forced_labour"),  # inside one label only
        ("forced_labour", "forced_labour"),
        ("ép bán dâm", "sexual"),
        ("mại dâm", "sexual"),
        ("đẻ thuê", "forced_childbearing"),
        ("bán thận", "organ_removal"),
        ("ép cưới", "forced_marriage"),
        ("ăn xin", "begging"),
        ("lừa đảo trực tuyến", "law_breaking"),
        ("nô lệ tình dục", "sexual_slavery"),
    ],
)
def test_exploitation_forms_are_read_in_their_everyday_forms(matcher, typed, code):
    forms, errors = matcher.exploitation_forms(typed)

    assert errors == []
    assert [form.code for form in forms] == [code]


def test_several_forms_in_one_cell_are_each_matched_once(matcher):
    forms, errors = matcher.exploitation_forms("bóc lột lao động; mại dâm; BLLĐ")

    assert errors == []
    assert [form.code for form in forms] == ["forced_labour", "sexual"]


@pytest.mark.parametrize(
    ("typed", "labels"),
    [
        ("cưỡng bức", ["Cưỡng bức lao động", "Cưỡng bức ăn xin", "Cưỡng bức kết hôn"]),
        ("khiêu dâm", ["Cưỡng bức biểu diễn khiêu dâm"]),
        ("tình dục", ["Bóc lột tình dục, cưỡng bức mại dâm", "Nô lệ tình dục"]),
    ],
)
def test_a_form_that_fits_several_values_is_reported_with_them_never_guessed(
    matcher, typed, labels
):
    forms, errors = matcher.exploitation_forms(typed)

    assert forms == []
    assert errors[0].startswith(f"Không rõ hình thức bóc lột “{typed}”, có thể là:")
    for label in labels:
        assert label in errors[0]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Thái", "Thái"),
        ("dân tộc Thái", "Thái"),  # the name inside the cell
        ("Thái đen", "Thái"),
        ("Mèo", "H'Mông"),  # the group's own alias
        ("HMONG", "H'Mông"),
        ("Khmer", "Khơ me"),
        ("dân tộc Cơ Tu", "Cơ Tu"),  # "Co" is inside "Cơ Tu": the longest name counts
        ("Co", "Co"),
        ("01", "Kinh"),  # a code of the installation's code set
    ],
)
def test_ethnic_groups_are_read_by_name_alias_code_and_containment(matcher, typed, name):
    group, error = matcher.ethnic_group_match(typed)

    assert error is None
    assert group.name == name


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("TQ", "CN"),
        ("Tàu", "CN"),
        ("Đài Loan", "TW"),
        ("Hàn", "KR"),
        ("Nam Hàn", "KR"),
        ("Mã Lai", "MY"),
        ("Campuchia", "KH"),
        ("CPC", "KH"),
        ("Lào", "LA"),
        ("Mỹ", "US"),  # not "MY": a code counts only as written
        ("my", "MY"),
        ("Myanmar", "MM"),
        ("Trung Quốc (Quảng Đông)", "CN"),
    ],
)
def test_countries_are_read_in_their_everyday_forms(matcher, typed, code):
    assert matcher.country(typed) == (code, None)


@pytest.mark.parametrize(
    ("typed", "value"), [("nữ giới", "female"), ("F", "female"), ("NAM", "male")]
)
def test_sex_is_read_in_its_everyday_forms(matcher, typed, value):
    assert matcher.sex(typed) == (value, None)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("BĐBP", "border_guard"), ("CA", "police"), ("UBND xã", "commune_committee")],
)
def test_receiving_agencies_written_short_give_the_type_without_a_name(matcher, typed, value):
    assert matcher.agency(typed) == (value, "")


@pytest.mark.parametrize(
    ("kind", "typed", "suggestion"),
    [
        ("channel", "tu tro vee", "Tự trở về"),
        ("channel", "giai cuuu", "Được giải cứu"),
        ("forms", "cuong buc lao dongg", "Cưỡng bức lao động"),
        ("country", "Trung Quocc", "Trung Quốc (CN)"),
        ("ethnic", "Muongg", "Mường"),
    ],
)
def test_a_refused_value_gets_a_did_you_mean_with_the_closest_labels(
    matcher, kind, typed, suggestion
):
    if kind == "forms":
        error = matcher.exploitation_forms(typed)[1][0]
    elif kind == "ethnic":
        error = matcher.ethnic_group_match(typed)[1]
    else:
        error = getattr(matcher, kind)(typed)[1]

    assert error.startswith("Không tìm thấy")
    assert "Có phải bạn muốn nói:" in error and suggestion in error


def test_a_value_far_from_every_label_gets_no_suggestion(matcher):
    _value, error = matcher.channel("xyz qwv")

    assert error == "Không tìm thấy hình thức trở về “xyz qwv”."


def test_a_withdrawn_value_is_refused_by_name():
    lists = ListMatcher(
        [Entry(value="a", label="Còn dùng"), Entry(value="b", label="Đã bỏ", active=False)]
    )

    assert lists.match("Đã bỏ").inactive == "Đã bỏ"
    assert lists.match("đã bỏ").value is None
    assert lists.match("con dung").value == "a"


def test_the_synonyms_file_names_only_values_of_its_lists():
    from django_countries import countries

    from victims import choices
    from victims.reference_data import EXPLOITATION_FORMS

    assert set(synonyms("return_channel")) <= set(choices.ReturnChannel.values)
    assert set(synonyms("receiving_agency")) <= set(choices.ReceivingAgencyType.values)
    assert set(synonyms("sex")) <= set(choices.Sex.values)
    assert set(synonyms("exploitation_form")) <= {code for code, _name in EXPLOITATION_FORMS}
    assert set(synonyms("country")) <= set(dict(countries))


def test_no_form_of_the_synonyms_file_belongs_to_two_values_of_a_list():
    for list_name in ("return_channel", "receiving_agency", "sex", "exploitation_form", "country"):
        seen = {}
        for value, forms in synonyms(list_name).items():
            for form in forms:
                assert seen.setdefault(list_key(form), value) == value, (list_name, form)


@pytest.mark.parametrize(
    ("province", "district", "commune", "suggestion"),
    [
        ("Thanh Hóa", "Thạch Thành", "Thạch Lâmm", "Xã Thạch Lâm"),  # a typo in the commune
        ("Thanh Hóa", "Thach Than", "Thạch Lâm", "Huyện Thạch Thành"),  # a typo in the district
        ("Thanh Hoà", "", "Phường Hạc Thnh", "Phường Hạc Thành"),  # current commune, no district
        ("Than Hóa", "", "", "Thanh Hóa"),  # a typo in the province
    ],
)
def test_a_unit_not_found_gets_a_did_you_mean_within_its_parent(
    matcher, units, province, district, commune, suggestion
):
    unit, error = matcher.unit(province, district, commune)

    assert unit is None
    assert "Không tìm thấy" in error
    assert "Có phải bạn muốn nói:" in error and suggestion in error


def test_a_unit_far_from_every_name_gets_no_suggestion(matcher, units):
    unit, error = matcher.unit("Thanh Hóa", "Thạch Thành", "Không Có Xã Này")

    assert unit is None and "Không tìm thấy xã/phường" in error
    assert "Có phải" not in error


def test_suggestions_never_name_a_unit_of_another_parent(matcher, units):
    """Đông Hòa is a commune of Đông Sơn: a typo in Thạch Thành does not point there."""
    _unit, error = matcher.unit("Thanh Hóa", "Thạch Thành", "Đông Hoa")

    assert "Đông Hòa" not in error
