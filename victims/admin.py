from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import JurisdictionScopedAdmin, ReadOnlyAdminMixin, SharedReferenceAdmin
from core.concurrency import VersionedAdminMixin
from victims.models import (
    Case,
    CriminalCase,
    EthnicGroup,
    ExploitationForm,
    OutgoingDocument,
    Victim,
)


@admin.register(EthnicGroup)
class EthnicGroupAdmin(SharedReferenceAdmin):
    list_display = ("code_2008", "code_1979", "name", "aliases", "source")
    search_fields = ("code_2008", "code_1979", "name", "aliases")


@admin.register(ExploitationForm)
class ExploitationFormAdmin(SharedReferenceAdmin):
    list_display = ("order", "name", "name_en", "code", "legal_basis")
    list_display_links = ("name",)


@admin.register(CriminalCase)
class CriminalCaseAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin):
    list_display = ("number", "investigating_agency", "opened_on")
    search_fields = ("number", "investigating_agency")


@admin.register(Victim)
class VictimAdmin(VersionedAdminMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin):
    list_display = ("full_name", "sex", "birth_year", "permanent_unit")
    list_filter = ("sex",)
    # No search here: the admin's search travels in the URL (?q=), so a name or an ID number
    # would reach the web server's access log. People are searched in the registry, by POST
    # with a search key (victims.views; issue 18, finding 6).
    list_select_related = ("permanent_unit",)
    exclude = ("not_duplicate_of",)
    autocomplete_fields = ("permanent_unit", "current_unit", "ethnic_group")
    # Written only by victims.anonymise (the retention screen or manage.py anonymise_due).
    readonly_fields = ("anonymised_at", "anonymised_by", "anonymisation_reason")


@admin.register(Case)
class CaseAdmin(VersionedAdminMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin):
    list_display = ("code", "victim", "managing_unit", "status", "destination_country")
    list_filter = ("status", "person_category")
    search_fields = ("code",)
    list_select_related = ("victim", "managing_unit")
    # The person is chosen by id (a scoped raw-id field), not by typing a name into an
    # autocomplete, whose text would travel in the URL.
    raw_id_fields = ("victim",)
    autocomplete_fields = ("managing_unit", "criminal_case")
    readonly_fields = ("code",)


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(ReadOnlyAdminMixin, JurisdictionScopedAdmin):
    """The register of outgoing documents, read-only: numbers are taken only by the steps that
    issue a document (victims.outgoing), never typed or changed here; seen within the
    supervisor's area (the case's managing unit)."""

    list_display = ("symbol", "issued_on", "document_type", "issuer_name", "case")
    list_filter = ("year", "document_type", "issuer_abbreviation")
    list_select_related = ("case",)
    # Who took the number may be a user of a wider area (provincial staff), whom a supervisor
    # of a commune does not see: not shown here (the record's events name the actor).
    exclude = ("issued_by", "record_type", "record_id")
    search_fields = ("symbol",)
