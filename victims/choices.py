"""Closed lists of the registry, with their legal sources where the law names them (DOMAIN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class IdType(models.TextChoices):
    CCCD = "cccd", _("Căn cước/CCCD (12 số)")
    CMND = "cmnd", _("CMND cũ (9 số)")
    PASSPORT = "passport", _("Hộ chiếu")
    OTHER = "other", _("Giấy tờ khác")


class Education(models.TextChoices):
    NONE = "none", _("Không đi học")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp, cao đẳng nghề")
    HIGHER = "higher", _("Cao đẳng, đại học trở lên")
    UNKNOWN = "unknown", _("Không rõ")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Chưa kết hôn")
    MARRIED = "married", _("Đã kết hôn")
    DIVORCED = "divorced", _("Ly hôn, ly thân")
    WIDOWED = "widowed", _("Góa")
    UNKNOWN = "unknown", _("Không rõ")


class Poverty(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NEITHER = "neither", _("Không thuộc hộ nghèo, cận nghèo")
    UNKNOWN = "unknown", _("Chưa xác định")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("Người được hỗ trợ")
    GUARDIAN = "guardian", _("Người giám hộ")
    BOTH = "both", _("Người được hỗ trợ và người giám hộ")


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Quản lý hồ sơ, xác minh")
    SUPPORT = "support", _("Hỗ trợ, chuyển gửi dịch vụ")
    SHARING = "sharing", _("Chia sẻ với cơ quan, tổ chức liên quan")
    STATISTICS = "statistics", _("Thống kê, báo cáo không định danh")


class CaseStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Có dấu hiệu bị mua bán")
    IDENTIFIED = "identified", _("Đã xác định là nạn nhân")
    NOT_VICTIM = "not_victim", _("Không phải nạn nhân")
    CLOSED = "closed", _("Đã đóng hồ sơ")


class PersonCategory(models.TextChoices):
    """Law 53/2024 Art 37 distinguishes who may receive which support (DOMAIN.md)."""

    VICTIM = "victim", _("Nạn nhân")
    PRESUMED_ABROAD = (
        "presumed_abroad",
        _("Người đang trong quá trình xác định là nạn nhân, ở nước ngoài"),
    )
    PRESUMED_DOMESTIC = (
        "presumed_domestic",
        _("Người đang trong quá trình xác định là nạn nhân, ở trong nước"),
    )
    ACCOMPANYING_CHILD = "accompanying_child", _("Người dưới 18 tuổi đi cùng nạn nhân")


class RecruitmentMeans(models.TextChoices):
    JOB_OFFER = "job_offer", _("Hứa hẹn việc làm lương cao")
    MARRIAGE = "marriage", _("Hứa hẹn kết hôn")
    TRAVEL = "travel", _("Rủ đi chơi, du lịch")
    DEBT = "debt", _("Cho vay nợ, ép trả nợ")
    ABDUCTION = "abduction", _("Bắt cóc, ép buộc")
    DRUGGING = "drugging", _("Dùng thuốc gây mê")
    OTHER = "other", _("Thủ đoạn khác")


class RecruitmentChannel(models.TextChoices):
    IN_PERSON = "in_person", _("Gặp trực tiếp")
    FACEBOOK = "facebook", _("Facebook")
    ZALO = "zalo", _("Zalo")
    TIKTOK = "tiktok", _("TikTok")
    OTHER_SOCIAL = "other_social", _("Mạng xã hội, ứng dụng khác")
    PHONE = "phone", _("Điện thoại")
    BROKER = "broker", _("Môi giới, công ty dịch vụ")
    OTHER = "other", _("Kênh khác")


class TraffickerRelation(models.TextChoices):
    STRANGER = "stranger", _("Người lạ")
    ACQUAINTANCE = "acquaintance", _("Người quen")
    ONLINE_ACQUAINTANCE = "online", _("Quen qua mạng")
    RELATIVE = "relative", _("Người thân trong gia đình, họ hàng")
    PARTNER = "partner", _("Người yêu, vợ/chồng")
    NEIGHBOUR = "neighbour", _("Hàng xóm, cùng thôn xóm")
    UNKNOWN = "unknown", _("Không rõ")


class ReturnChannel(models.TextChoices):
    """Return channels (DOMAIN.md "Identification")."""

    RESCUED = "rescued", _("Được giải cứu")
    SELF_RETURNED = "self_returned", _("Tự trở về")
    HANDED_OVER = "handed_over", _("Nước ngoài trao trả qua cửa khẩu")
    MISSION = "mission", _("Qua cơ quan đại diện Việt Nam ở nước ngoài")
    SELF_REPORTED = "self_reported", _("Tự khai báo trong nước")


class ReceivingAgencyType(models.TextChoices):
    BORDER_GUARD = "border_guard", _("Bộ đội Biên phòng")
    POLICE = "police", _("Công an")
    COMMUNE_COMMITTEE = "commune_committee", _("UBND cấp xã")
    SOCIAL_FACILITY = "social_facility", _("Cơ sở trợ giúp xã hội")
    DEPARTMENT = "department", _("Cơ quan Lao động - TBXH / Y tế")
    MISSION = "mission", _("Cơ quan đại diện Việt Nam ở nước ngoài")
    OTHER = "other", _("Cơ quan, tổ chức khác")


class ReceptionDocument(models.TextChoices):
    CERTIFICATE_OF_RETURN = "certificate_of_return", _("Giấy chứng nhận trở về")
    HANDOVER_RECORD = "handover_record", _("Biên bản bàn giao")
    DECLARATION = "declaration", _("Tờ khai / bản tự khai")
    OTHER = "other", _("Giấy tờ khác")
