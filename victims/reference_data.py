"""Reference lists the registry needs in every database: ethnic groups and forms of exploitation.

Written once, by a data migration (victims 0002_reference_data); a test that empties the
database gets them back from Django's serialized rollback (tests/conftest.py).
"""

from locations.text import search_key

# The 54 groups with both codes the statistics office has issued (issue 15 item 9), as
# (code_1979, code_2008, name, other spellings used to match imported lists):
# - 1979: Decision 121-TCTK/PPCĐ of 02/03/1979, "Danh mục các thành phần dân tộc Việt Nam"
#   (01 Kinh, 02 Tày, 03 Thái, 04 Hoa, 05 Khơ-me, 06 Mường, … 11 Ngái … 54 Rơ-măm);
# - 2008: Decision 1019/QĐ-TCTK of 12/11/2008 (01 Kinh, 02 Tày, 03 Thái, 04 Mường, 05 Khơ me,
#   06 Hoa, … 43 Ngái … 52 Rơ Măm, 53 Brâu, 54 Ơ Đu), the list of the 2009 census onward.
# Checked against the lists as published by the statistics offices (GSO's download of the 2008
# list, the Đà Nẵng statistics office's copy of the 1979 list) and the examples; 99 is
# this system's own code for foreigners, in neither list.
SOURCE_1979 = "Quyết định số 121-TCTK/PPCĐ ngày 02/03/1979 của Tổng cục Thống kê"
SOURCE_2008 = "Quyết định số 1019/QĐ-TCTK ngày 12/11/2008 của Tổng cục Thống kê"
FOREIGNERS_SOURCE = "Mã riêng của hệ thống cho người nước ngoài (không có trong hai danh mục)"
ETHNIC_GROUPS = [
    ("01", "01", "Kinh", "Việt"),
    ("02", "02", "Tày", ""),
    ("03", "03", "Thái", ""),
    ("04", "06", "Hoa", "Hán"),
    ("05", "05", "Khơ me", "Khmer;Khơ-me"),
    ("06", "04", "Mường", ""),
    ("07", "07", "Nùng", ""),
    ("08", "08", "H'Mông", "Mông;HMông;Hmong;Mèo"),
    ("09", "09", "Dao", ""),
    ("10", "10", "Gia Rai", "Gia-rai;Jrai"),
    ("11", "43", "Ngái", ""),
    ("12", "11", "Ê Đê", "Ê-đê;Ede"),
    ("13", "12", "Ba Na", "Ba-na;Bahnar"),
    ("14", "16", "Xơ Đăng", "Xơ-đăng"),
    ("15", "13", "Sán Chay", "Cao Lan;Sán Chỉ"),
    ("16", "15", "Cơ Ho", "Cơ-ho"),
    ("17", "14", "Chăm", "Chàm"),
    ("18", "17", "Sán Dìu", ""),
    ("19", "18", "Hrê", ""),
    ("20", "20", "Mnông", "M'Nông"),
    ("21", "19", "Raglay", "Ra Glai;Ra-glai"),
    ("22", "22", "Xtiêng", "X'Tiêng;Stiêng"),
    ("23", "24", "Bru Vân Kiều", "Bru-Vân Kiều;Vân Kiều"),
    ("24", "21", "Thổ", ""),
    ("25", "26", "Giáy", ""),
    ("26", "25", "Cơ Tu", "Cơ-tu"),
    ("27", "29", "Giẻ Triêng", "Gié Triêng;Gié-Triêng"),
    ("28", "28", "Mạ", ""),
    ("29", "23", "Khơ mú", "Khơ-mú;Khmu"),
    ("30", "30", "Co", ""),
    ("31", "27", "Tà Ôi", "Tà-ôi"),
    ("32", "31", "Chơ Ro", "Chơ-ro"),
    ("33", "37", "Kháng", ""),
    ("34", "32", "Xinh Mun", "Xinh-mun"),
    ("35", "33", "Hà Nhì", ""),
    ("36", "34", "Chu Ru", "Chu-ru"),
    ("37", "35", "Lào", ""),
    ("38", "36", "La Chí", ""),
    ("39", "40", "La Ha", ""),
    ("40", "38", "Phù Lá", ""),
    ("41", "39", "La Hủ", ""),
    ("42", "42", "Lự", ""),
    ("43", "45", "Lô Lô", ""),
    ("44", "44", "Chứt", ""),
    ("45", "46", "Mảng", ""),
    ("46", "41", "Pà Thẻn", ""),
    ("47", "47", "Cơ Lao", "Cờ Lao"),
    ("48", "49", "Cống", ""),
    ("49", "48", "Bố Y", ""),
    ("50", "50", "Si La", ""),
    ("51", "51", "Pu Péo", ""),
    ("52", "53", "Brâu", ""),
    ("53", "54", "Ơ Đu", ""),
    ("54", "52", "Rơ Măm", ""),
    ("99", "99", "Người nước ngoài", "Nước ngoài"),
]


def ethnic_source(code_1979: str) -> str:
    """Where a row's name and codes come from, as the admin and the person page show it."""
    if code_1979 == "99":
        return FOREIGNERS_SOURCE
    return f"Mã 2008: {SOURCE_2008}; mã 1979: {SOURCE_1979}"


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
    # Before migration 0007 the model had one `code` (the 1979 one) and no source.
    both_codes = any(field.name == "code_2008" for field in ethnic_group_model._meta.fields)
    for code_1979, code_2008, name, aliases in ETHNIC_GROUPS:
        names = [name, *filter(None, aliases.split(";"))]
        defaults = {
            "name": name,
            "aliases": aliases,
            "search_name": ";".join(search_key(n) for n in names),
        }
        if both_codes:
            defaults |= {"code_2008": code_2008, "source": ethnic_source(code_1979)}
            ethnic_group_model.objects.get_or_create(code_1979=code_1979, defaults=defaults)
        else:
            ethnic_group_model.objects.get_or_create(code=code_1979, defaults=defaults)
    for order, (code, name) in enumerate(EXPLOITATION_FORMS, start=1):
        exploitation_form_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "legal_basis": "Điều 5 khoản 1 Nghị định 62/2012/NĐ-CP",
            },
        )


def ethnic_codes_fill(ethnic_group_model) -> None:
    """Give the rows written before both code sets were stored (their `code` was the 1979 one)
    their 2008 code and source; a row not in the lists keeps no 2008 code."""
    for code_1979, code_2008, _name, _aliases in ETHNIC_GROUPS:
        ethnic_group_model.objects.filter(code_1979=code_1979).update(
            code_2008=code_2008, source=ethnic_source(code_1979)
        )


# English names shown in English mode (issue 16 item 7; core.models.EnglishName), by code.
EXPLOITATION_FORMS_EN = {
    "sexual": "Sexual exploitation, forced prostitution",
    "pornography": "Forced use in the production of pornography",
    "sexual_performance": "Forced pornographic performance",
    "sexual_slavery": "Sexual slavery",
    "forced_labour": "Forced labour",
    "organ_removal": "Removal of body parts",
    "begging": "Forced begging",
    "forced_marriage": "Forced marriage",
    "forced_childbearing": "Forced pregnancy and childbearing",
    "law_breaking": "Forced commission of unlawful acts",
    "other": "Other inhumane purposes",
}
