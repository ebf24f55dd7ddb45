from django.db import models
from django.utils.translation import gettext_lazy as _

from prevention.rules import DirectiveType as Codes


class DirectiveType(models.TextChoices):
    PLAN = Codes.PLAN, _("Kế hoạch")
    PROGRAMME = Codes.PROGRAMME, _("Chương trình")
    DIRECTIVE = Codes.DIRECTIVE, _("Chỉ thị")
    DECISION = Codes.DECISION, _("Quyết định")
    REPORT = Codes.REPORT, _("Báo cáo")
    GUIDANCE = Codes.GUIDANCE, _("Hướng dẫn")
    OFFICIAL_LETTER = Codes.OFFICIAL_LETTER, _("Công văn")


class ActivityType(models.TextChoices):
    # Values are stable codes read by reports; labels are what officers read.
    TRAINING = "training", _("Tập huấn, bồi dưỡng kiến thức")
    CAPACITY_TRAINING = "capacity_training", _("Tập huấn nâng cao năng lực")
    COMMUNICATION = "communication", _("Sự kiện truyền thông")
    NATIONAL_DAY = "national_day", _("Hưởng ứng Ngày toàn quốc phòng, chống mua bán người (30/7)")
    PRINTING = "printing", _("In, phát hành tờ rơi, áp phích")
    MEDIA = "media", _("Tin, bài trên báo chí, phát thanh, truyền hình")
    COMMUNITY_MEETING = "community_meeting", _("Họp dân, sinh hoạt cộng đồng")
    COUNSELLING = "counselling", _("Tư vấn di cư an toàn, phòng tránh lừa đảo việc làm")
    INSPECTION = "inspection", _("Kiểm tra dịch vụ đưa người lao động đi làm việc ở nước ngoài")


TRAINING_TYPES = (ActivityType.TRAINING, ActivityType.CAPACITY_TRAINING)
COMMUNICATION_TYPES = (
    ActivityType.COMMUNICATION,
    ActivityType.NATIONAL_DAY,
    ActivityType.COMMUNITY_MEETING,
)
# Types that are counted in classes or sessions.
SESSION_TYPES = (*TRAINING_TYPES, ActivityType.COMMUNITY_MEETING, ActivityType.COUNSELLING)


class ItemKind(models.TextChoices):
    LEAFLET = "leaflet", _("Tờ rơi, tờ gấp")
    POSTER = "poster", _("Áp phích, tranh cổ động")
    BANNER = "banner", _("Băng rôn, pa nô, khẩu hiệu")
    HANDBOOK = "handbook", _("Sổ tay, tài liệu")
    DISC = "disc", _("Đĩa, tệp âm thanh, video")
    OTHER = "other", _("Sản phẩm khác")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Ảnh hoạt động")
    ATTENDANCE = "attendance", _("Danh sách học viên, người tham dự")
    REPORT = "report", _("Báo cáo kết quả")
    MINUTES = "minutes", _("Biên bản")
    MATERIAL = "material", _("Tài liệu, sản phẩm truyền thông")
    OTHER = "other", _("Tài liệu khác")
