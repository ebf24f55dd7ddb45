"""Reference lists the registry needs in every database: ethnic groups and forms of exploitation.

Written once, by a data migration (victims 0002_reference_data); a test that empties the
database gets them back from Django's serialized rollback (tests/conftest.py).
"""

from locations.text import search_key

# GSO list of ethnic groups (Decision 121-TCTK/PPCĐ of 1979, codes kept by Decision
# 1019/QĐ-TCTK of 2008), with common other spellings used to match imported lists.
ETHNIC_GROUPS = [
    ("01", "Kinh", "Việt"),
    ("02", "Tày", ""),
    ("03", "Thái", ""),
    ("04", "Hoa", "Hán"),
    ("05", "Khơ me", "Khmer;Khơ-me"),
    ("06", "Mường", ""),
    ("07", "Nùng", ""),
    ("08", "H'Mông", "Mông;HMông;Hmong;Mèo"),
    ("09", "Dao", ""),
    ("10", "Gia Rai", "Gia-rai;Jrai"),
    ("11", "Ngái", ""),
    ("12", "Ê Đê", "Ê-đê;Ede"),
    ("13", "Ba Na", "Ba-na;Bahnar"),
    ("14", "Xơ Đăng", "Xơ-đăng"),
    ("15", "Sán Chay", "Cao Lan;Sán Chỉ"),
    ("16", "Cơ Ho", "Cơ-ho"),
    ("17", "Chăm", "Chàm"),
    ("18", "Sán Dìu", ""),
    ("19", "Hrê", ""),
    ("20", "Mnông", "M'Nông"),
    ("21", "Raglay", "Ra Glai;Ra-glai"),
    ("22", "Xtiêng", "X'Tiêng;Stiêng"),
    ("23", "Bru Vân Kiều", "Bru-Vân Kiều;Vân Kiều"),
    ("24", "Thổ", ""),
    ("25", "Giáy", ""),
    ("26", "Cơ Tu", "Cơ-tu"),
    ("27", "Giẻ Triêng", "Gié Triêng;Gié-Triêng"),
    ("28", "Mạ", ""),
    ("29", "Khơ mú", "Khơ-mú;Khmu"),
    ("30", "Co", ""),
    ("31", "Tà Ôi", "Tà-ôi"),
    ("32", "Chơ Ro", "Chơ-ro"),
    ("33", "Kháng", ""),
    ("34", "Xinh Mun", "Xinh-mun"),
    ("35", "Hà Nhì", ""),
    ("36", "Chu Ru", "Chu-ru"),
    ("37", "Lào", ""),
    ("38", "La Chí", ""),
    ("39", "La Ha", ""),
    ("40", "Phù Lá", ""),
    ("41", "La Hủ", ""),
    ("42", "Lự", ""),
    ("43", "Lô Lô", ""),
    ("44", "Chứt", ""),
    ("45", "Mảng", ""),
    ("46", "Pà Thẻn", ""),
    ("47", "Cơ Lao", "Cờ Lao"),
    ("48", "Cống", ""),
    ("49", "Bố Y", ""),
    ("50", "Si La", ""),
    ("51", "Pu Péo", ""),
    ("52", "Brâu", ""),
    ("53", "Ơ Đu", ""),
    ("54", "Rơ Măm", ""),
    ("99", "Người nước ngoài", "Nước ngoài"),
]

# Decree 62/2012/NĐ-CP Art 5(1); the same list in Law 53/2024/QH15.
EXPLOITATION_FORMS = [
    ("sexual", "Bóc lột tình dục, cưỡng bức mại dâm"),
    ("pornography", "Cưỡng bức làm đối tượng sản xuất ấn phẩm khiêu dâm"),
    ("sexual_performance", "Cưỡng bức biểu diễn khiêu dâm"),
    ("sexual_slavery", "Nô lệ tình dục"),
    ("forced_labour", "Cưỡng bức lao động"),
    ("organ_removal", "Lấy bộ phận cơ thể"),
    ("begging", "Cưỡng bức ăn xin"),
    ("forced_marriage", "Cưỡng bức kết hôn"),
    ("forced_childbearing", "Cưỡng bức mang thai, sinh con"),
    ("law_breaking", "Cưỡng bức thực hiện hành vi vi phạm pháp luật"),
    ("other", "Mục đích vô nhân đạo khác"),
]


def ensure_reference_data(ethnic_group_model, exploitation_form_model) -> None:
    """Create the rows that are missing; rows supervisors edited are left as they are."""
    for code, name, aliases in ETHNIC_GROUPS:
        names = [name, *filter(None, aliases.split(";"))]
        ethnic_group_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "aliases": aliases,
                "search_name": ";".join(search_key(n) for n in names),
            },
        )
    for order, (code, name) in enumerate(EXPLOITATION_FORMS, start=1):
        exploitation_form_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "legal_basis": "Điều 5 khoản 1 Nghị định 62/2012/NĐ-CP",
            },
        )
