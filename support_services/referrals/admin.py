"""Admin of the provider directory (edited by supervisors here, by provincial staff in the app)
and a read-only, area-scoped view of referrals with their events."""

from django import forms
from django.contrib import admin

from accounts.admin import ProvinceOwnedAdmin, ScopedReadOnlyAdmin
from core.admin import EventInline
from core.concurrency import VersionedAdminMixin
from support_services.models import Referral, ReferralEvent, ServiceProvider
from support_services.referrals.forms import PROVIDER_FIELDS, services_field


class ServiceProviderAdminForm(forms.ModelForm):
    services = services_field()

    class Meta:
        model = ServiceProvider
        fields = PROVIDER_FIELDS


@admin.register(ServiceProvider)
class ServiceProviderAdmin(ProvinceOwnedAdmin):
    """The directory is read by everyone; an entry is changed (or reverted) only by a
    supervisor of the province its area lies in (a false phone number redirects referrals)."""

    owner_field = "area"
    public_read = True
    form = ServiceProviderAdminForm
    list_display = ("name", "kind", "area", "phone", "capacity", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "contact_person", "address")
    list_select_related = ("area",)
    autocomplete_fields = ("area",)


class ReferralEventInline(EventInline):
    model = ReferralEvent
    fields = ("at", "from_status", "to_status", "actor", "consent_override", "note")


@admin.register(Referral)
class ReferralAdmin(VersionedAdminMixin, ScopedReadOnlyAdmin):
    """Referrals change only through the workflow; the admin shows them with their log."""

    list_display = ("case", "provider", "programme", "service", "status", "sent_on", "due_on")
    list_filter = ("status", "programme", "service")
    search_fields = ("case__code",)
    list_select_related = ("case", "provider")
    inlines = (ReferralEventInline,)
