"""The supervisor's screen of the Word report's template: download the template in use (or the
built-in one), upload an edited version with a note (checked by reports.word_templates: nothing
is saved if a tag is invalid or names a value the report does not have), see every version with
who uploaded it and when, make one active or go back to the built-in template. Versions are
never changed or deleted; their history (simple-history) records each activation."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.access import DOWNLOAD_CSP, scope_for
from accounts.admin import JurisdictionScopedAdmin
from locations.models import AdministrativeUnit
from reports import word_templates
from reports.models import ReportTemplate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


class ReportTemplateUploadForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Tệp mẫu (.docx)"),
        help_text=_(
            "Tải mẫu đang dùng về, sửa trong Word rồi tải lên. Giữ nguyên các thẻ {{ … }} và "
            "{%p … %}; thẻ sai hoặc tên biến không có trong dữ liệu báo cáo sẽ bị từ chối."
        ),
    )
    activate = forms.BooleanField(label=_("Dùng ngay cho báo cáo"), required=False, initial=True)

    class Meta:
        model = ReportTemplate
        fields = ("province", "note")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > word_templates.MAX_TEMPLATE_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        content = upload.read()
        problems = word_templates.template_problems(content)
        if problems:
            raise ValidationError(problems)
        self.content = content
        return upload


@admin.register(ReportTemplate)
class ReportTemplateAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin):
    form = ReportTemplateUploadForm
    list_display = (
        "province",
        "version",
        "is_active",
        "note",
        "uploaded_by",
        "uploaded_at",
        "download_link",
    )
    list_filter = ("is_active",)
    list_select_related = ("province", "uploaded_by")
    readonly_fields = (
        "province",
        "version",
        "filename",
        "note",
        "uploaded_by",
        "uploaded_at",
        "is_active",
        "download_link",
    )
    actions = ("make_active", "use_builtin")
    change_list_template = "admin/reports/reporttemplate/change_list.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:  # a version is shown, never edited
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = ()
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "province" in form.base_fields:
            provinces = scope_for(
                request.user,
                AdministrativeUnit.objects.filter(
                    level=AdministrativeUnit.Level.PROVINCE, is_legacy=False
                ),
            )
            form.base_fields["province"].queryset = provinces
            if provinces.count() == 1:
                form.base_fields["province"].initial = provinces.get().pk
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("province", "upload", "note", "activate")
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        # The change page shows a version; actions change which one is active.
        return super().has_change_permission(request, obj) and obj is None

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            saved = word_templates.report_template_upload(
                actor=request.user,
                province=form.cleaned_data["province"],
                content=form.content,
                filename=form.cleaned_data["upload"].name,
                note=form.cleaned_data["note"],
                activate=form.cleaned_data["activate"],
            )
        except ValidationError as error:  # checked in the form already; a race at most
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk, obj.version = saved.pk, saved.version

    def save_related(self, request, form, formsets, change):
        """Nothing to save: the upload service saved the version."""

    def log_addition(self, request, obj, message):
        if obj.pk:
            super().log_addition(request, obj, message)

    @admin.display(description=_("tệp"))
    def download_link(self, obj):
        if not obj.pk:
            return ""
        url = reverse("admin:reports_reporttemplate_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tải về"))

    @admin.action(description=_("Dùng phiên bản đã chọn cho báo cáo của tỉnh"))
    def make_active(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Chọn đúng một phiên bản."), messages.ERROR)
            return
        try:
            template = word_templates.report_template_activate(
                actor=request.user, template=queryset.get()
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            _("Báo cáo của %(province)s dùng phiên bản %(version)s từ nay.")
            % {"province": template.province, "version": template.version},
            messages.SUCCESS,
        )

    @admin.action(description=_("Quay về mẫu có sẵn cho tỉnh của các phiên bản đã chọn"))
    def use_builtin(self, request, queryset):
        provinces = {template.province for template in queryset.select_related("province")}
        for province in provinces:
            word_templates.report_template_use_builtin(actor=request.user, province=province)
        self.message_user(
            request,
            _("Báo cáo của %(provinces)s dùng mẫu có sẵn từ nay.")
            % {"provinces": ", ".join(str(province) for province in provinces)},
            messages.SUCCESS,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "builtin/download/",
                view(self.builtin_download_view),
                name="reports_reporttemplate_builtin",
            ),
            path(
                "current/<int:province_pk>/download/",
                view(self.current_download_view),
                name="reports_reporttemplate_current",
            ),
            path(
                "<path:object_id>/download/",
                view(self.download_view),
                name="reports_reporttemplate_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise Http404
        template = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if template is None:
            raise Http404
        name = f"mau-bao-cao-{template.province.code}-v{template.version}.docx"
        return _docx_response(bytes(template.content), name)

    def builtin_download_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        return _docx_response(word_templates.builtin_template_bytes(), "mau-bao-cao.docx")

    def current_download_view(self, request, province_pk):
        """The template the province's reports use now: its active version, else built-in."""
        if not self.has_view_permission(request):
            raise Http404
        province = (
            scope_for(request.user, AdministrativeUnit.objects.all())
            .filter(pk=province_pk, level=AdministrativeUnit.Level.PROVINCE)
            .first()
        )
        if province is None:
            raise Http404
        return _docx_response(
            word_templates.current_template_bytes(province),
            f"mau-bao-cao-{province.code}-dang-dung.docx",
        )

    def changelist_view(self, request, extra_context=None):
        provinces = scope_for(
            request.user,
            AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.PROVINCE, is_legacy=False
            ),
        ).order_by("code")
        extra_context = {
            **(extra_context or {}),
            "current_templates": [
                (
                    province,
                    word_templates.active_template(province),
                    reverse("admin:reports_reporttemplate_current", args=[province.pk]),
                )
                for province in provinces[:50]
            ],
            "builtin_url": reverse("admin:reports_reporttemplate_builtin"),
        }
        return super().changelist_view(request, extra_context)
