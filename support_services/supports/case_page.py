"""Supports on the case page: a summary per type, each support with its steps and evidence, and
the support events on the case timeline."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import can_change
from core.models import name_shown
from locations.regimes import regime_on
from support_services.models import (
    SupportEvent,
    SupportExtension,
    SupportRecord,
    SupportStatus,
    SupportType,
)
from support_services.supports import services
from victims.registry import OpenItems
from victims.timeline import Event, actor_name, workflow_event


def support_section(request, case) -> str:
    records = list(
        SupportRecord.objects.filter(case=case)
        .select_related("support_type", "application")
        .prefetch_related("documents", "events")
    )
    rates = services.rates_applied(records)
    for record in records:
        actions = services.SUPPORT_WORKFLOW.actions_for(request.user, record)
        # Steps the separation of duties keeps from this user: shown disabled, with why.
        record.refused = services.SUPPORT_WORKFLOW.refusals_for(request.user, record, actions)
        record.actions = [action for action in actions if action not in record.refused]
        record.rate = rates[record.pk]
    summary = (
        [
            {**row, "label": name_shown(row["support_type__name"], row["support_type__name_en"])}
            for row in SupportRecord.objects.filter(case=case).totals_by(
                "support_type__order", "support_type__name", "support_type__name_en"
            )
        ]
        if records
        else []
    )
    reception = getattr(case, "reception", None)
    extendable = (
        reception is not None
        and SupportType.objects.filter(
            regime=regime_on(reception.received_on), extendable=True
        ).exists()
    )
    return render_to_string(
        "support_services/_case_section.html",
        {
            "case": case,
            "records": records,
            "summary": summary,
            "can_propose": can_change(request.user, case)
            and can_change(request.user, SupportRecord),
            "can_extend": extendable
            and can_change(request.user, case)
            and services.may_extend(request.user),
            "extensions": SupportExtension.objects.filter(case=case).select_related("support_type"),
        },
        request=request,
    )


def support_events(case) -> list[Event]:
    events = SupportEvent.objects.filter(record__case=case).select_related(
        "actor", "record__support_type"
    )
    extensions = SupportExtension.objects.filter(case=case).select_related(
        "created_by", "support_type"
    )
    return [
        workflow_event(
            event,
            f"{event.record.support_type.display_name}: {event.get_to_status_display()}",
            "support",
        )
        for event in events
    ] + [
        Event(
            when=extension.created_at,
            title=ngettext(
                "%(name)s: gia hạn thêm %(days)s ngày (quyết định số %(number)s)",
                "%(name)s: gia hạn thêm %(days)s ngày (quyết định số %(number)s)",
                extension.days,
            )
            % {
                "name": extension.support_type.display_name,
                "days": extension.days,
                "number": extension.decision_number,
            },
            actor=actor_name(extension.created_by),
            changes=[("", "", extension.reason)],
            kind="support",
        )
        for extension in extensions
    ]


def open_supports(case) -> OpenItems:
    """The supports proposed or decided and not yet given, for the summary of the case page."""
    records = (
        SupportRecord.objects.filter(
            case=case, status__in=[SupportStatus.PROPOSED, SupportStatus.APPROVED]
        )
        .select_related("support_type")
        .order_by("proposed_on", "pk")
    )
    return OpenItems(
        str(_("Hỗ trợ chưa hoàn thành")),
        [
            f"{record.support_type.display_name} ({record.get_status_display()})"
            for record in records
        ],
    )
