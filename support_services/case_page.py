"""Supports on the case page: the section and the events on the case timeline."""

from django.template.loader import render_to_string


def support_section(request, case) -> str:
    return render_to_string("support_services/_case_section.html", {"case": case}, request=request)


def support_events(case) -> list:
    return []
