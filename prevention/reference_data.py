"""Target groups of prevention work, as the provincial reports name them.

Written once, by a data migration (prevention 0002_target_groups); a test that empties the
database gets them back from Django's serialized rollback (tests/conftest.py). Supervisors add
local groups in the admin; reports group by `code`, so a code is never reused.
"""

from core.reference_rows import ensure_rows

# (code, name)
TARGET_GROUPS = [
    ("village_heads", "Trưởng thôn, bản, tổ dân phố"),
    ("youth_union", "Đoàn viên thanh niên"),
    ("womens_union", "Hội viên phụ nữ"),
    ("veterans", "Hội viên cựu chiến binh"),
    ("reporters", "Báo cáo viên, tuyên truyền viên, cộng tác viên"),
    ("commune_officials", "Cán bộ, công chức cấp xã"),
    ("police_border", "Lực lượng công an, biên phòng"),
    ("teachers", "Giáo viên"),
    ("students", "Học sinh, sinh viên"),
    ("prospective_migrants", "Người có nhu cầu đi làm việc ở nước ngoài"),
    ("residents", "Người dân địa phương"),
    ("other", "Đối tượng khác"),
]


def ensure_target_groups(model) -> None:
    """Create the missing groups; rows supervisors edited stay as they are."""
    rows = [
        {"code": code, "name": name, "order": order * 10}
        for order, (code, name) in enumerate(TARGET_GROUPS, start=1)
    ]
    ensure_rows(model, rows, key=("code",))


# English names shown in English mode (issue 16 item 7; core.models.EnglishName), by code.
TARGET_GROUPS_EN = {
    "village_heads": "Heads of villages and residential groups",
    "youth_union": "Youth Union members",
    "womens_union": "Women's Union members",
    "veterans": "Veterans' Association members",
    "reporters": "Speakers, communicators and collaborators",
    "commune_officials": "Commune officials and civil servants",
    "police_border": "Police and border guards",
    "teachers": "Teachers",
    "students": "Pupils and students",
    "prospective_migrants": "People seeking work abroad",
    "residents": "Local residents",
    "other": "Other groups",
}
