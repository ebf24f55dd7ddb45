from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from support_services.models import SupportRate, SupportType


class SupportRateInline(admin.TabularInline):
    model = SupportRate
    extra = 0


@admin.register(SupportType)
class SupportTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "regime", "one_off", "max_days", "requires_identified", "legal_basis")
    list_filter = ("regime",)
    inlines = (SupportRateInline,)


@admin.register(SupportRate)
class SupportRateAdmin(SimpleHistoryAdmin):
    list_display = ("support_type", "amount", "unit", "valid_from", "valid_to", "is_demo")
    list_filter = ("support_type__regime", "is_demo")


from support_services import referrals_admin  # noqa: E402, F401
