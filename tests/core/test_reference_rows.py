"""Reference rows (core.reference_rows): a missing row is created, a row already there keeps
what supervisors changed."""

import pytest

from core.reference_rows import as_rows
from prevention.models import TargetGroup
from prevention.reference_data import ensure_target_groups


@pytest.mark.django_db
def test_a_missing_row_is_created_and_an_edited_one_is_left_as_it_is():
    teachers = TargetGroup.objects.get(code="teachers")
    teachers.name = "Giáo viên các cấp"
    teachers.save()
    TargetGroup.objects.filter(code="other").delete()

    ensure_target_groups(TargetGroup)

    assert TargetGroup.objects.get(code="teachers").name == "Giáo viên các cấp"
    assert TargetGroup.objects.get(code="other").order == 120


def test_a_table_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        as_rows(("code", "name"), [("other", "Đối tượng khác", 120)])
