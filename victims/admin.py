from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import DiacriticsSearchMixin, JurisdictionScopedAdmin
from core.concurrency import VersionedAdminMixin
from victims.models import Case, CriminalCase, EthnicGroup, ExploitationForm, Victim


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ("code_2008", "code_1979", "name", "aliases", "source")
    search_fields = ("code_2008", "code_1979", "name", "aliases")


@admin.register(ExploitationForm)
class ExploitationFormAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "code", "legal_basis")
    list_display_links = ("name",)


@admin.register(CriminalCase)
class CriminalCaseAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin):
    list_display = ("number", "investigating_agency", "opened_on")
    search_fields = ("number", "investigating_agency")


@admin.register(Victim)
class VictimAdmin(
    VersionedAdminMixin, DiacriticsSearchMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin
):
    list_display = ("full_name", "sex", "birth_year", "permanent_unit")
    list_filter = ("sex",)
    # Names through search_name (DiacriticsSearchMixin); the ID number is encrypted, so an
    # exact number is found through its keyed hash below.
    search_fields = ("search_name",)
    list_select_related = ("permanent_unit",)
    exclude = ("not_duplicate_of",)
    autocomplete_fields = ("permanent_unit", "current_unit", "ethnic_group")
    # Written only by victims.anonymise (the retention screen or manage.py anonymise_due).
    readonly_fields = ("anonymised_at", "anonymised_by", "anonymisation_reason")

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if key := Victim.id_number_key(search_term):
            found = found | queryset.filter(id_number_hash=key)
        return found, may_have_duplicates


@admin.register(Case)
class CaseAdmin(VersionedAdminMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin):
    list_display = ("code", "victim", "managing_unit", "status", "destination_country")
    list_filter = ("status", "person_category")
    search_fields = ("code",)
    list_select_related = ("victim", "managing_unit")
    autocomplete_fields = ("victim", "managing_unit", "criminal_case")
    readonly_fields = ("code",)
