"""The Word report, in the structure of a provincial report: the heading of the department, the
general situation, the results of reception, verification and support, prevention, an assessment
against the previous period, and the tasks of the next period — with the numbers and tables
filled in.

The layout and the fixed words are in a docxtpl template: the active version a supervisor
uploaded for the province (reports.word_templates), or the built-in
reports/docx_templates/report.docx that scripts/make_report_docx_template.py builds. This module
computes what the template writes, from the indicators only (the shape of indicators.json, the
same figures as the tables): the figures, the comparisons, the tables, and the narrative
sentences (`text`), which follow three rules so that a director signs them without editing:

- a sub-figure is stated only with the total it belongs to ("Trong số 19 người được tiếp nhận:
  15 nữ, 4 nam"), and a zero part is left out rather than written "0 người";
- the previous period is compared only where the system holds data of it (a section with no
  figure in the previous period is not compared); when it holds none at all, the report says so
  once, in the assessment;
- a section without data in the period says so once, in one sentence, and shows no table.
"""

import datetime
import io
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, npgettext_lazy
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from accounts.services import department_for
from core.templatetags.formatting import format_vnd, number
from reports.indicators import INDICATORS, SECTIONS, TABLES
from reports.periods import Period

# The built-in template: the fallback when a province has no active uploaded version.
TEMPLATE = Path(__file__).resolve().parent / "docx_templates" / "report.docx"

SECTION_OF_INDICATOR = {indicator.key: indicator.section for indicator in INDICATORS}
SECTION_OF_TABLE = {table.key: table.section for table in TABLES}

# A difference of each indicator counted in its word ("tăng 3 người"), as a phrase with the
# number `n` whose plural form follows `count` (issue 16 item 7); amounts are in đồng.
PEOPLE = ngettext_lazy("%(n)s người", "%(n)s người", "count")
SUPPORTS = npgettext_lazy("supports", "%(n)s lượt", "%(n)s lượt", "count")
REFERRALS = npgettext_lazy("referrals", "%(n)s lượt", "%(n)s lượt", "count")
VISITS = npgettext_lazy("follow-up visits", "%(n)s lượt", "%(n)s lượt", "count")
DOSSIERS = ngettext_lazy("%(n)s hồ sơ", "%(n)s hồ sơ", "count")
UNITS = {
    "received_total": PEOPLE,
    "identified_total": PEOPLE,
    "not_victim_total": PEOPLE,
    "pending_total": PEOPLE,
    "supports_provided_people": PEOPLE,
    "referrals_people": PEOPLE,
    "followups_high_risk": PEOPLE,
    "supports_proposed": SUPPORTS,
    "supports_approved": SUPPORTS,
    "supports_provided_count": SUPPORTS,
    "referrals_sent": REFERRALS,
    "referrals_completed": REFERRALS,
    "referrals_overdue": REFERRALS,
    "followups_done": VISITS,
    "followups_lost_contact": VISITS,
    "followups_overdue": VISITS,
    "dossiers_overdue": DOSSIERS,
    "cases_closed": DOSSIERS,
    "directives_issued": ngettext_lazy("%(n)s văn bản", "%(n)s văn bản", "count"),
    "training_classes": ngettext_lazy("%(n)s lớp", "%(n)s lớp", "count"),
    "training_participants": ngettext_lazy("%(n)s lượt người", "%(n)s lượt người", "count"),
    "counselled_people": ngettext_lazy("%(n)s lượt người", "%(n)s lượt người", "count"),
    "communication_events": ngettext_lazy("%(n)s hoạt động", "%(n)s hoạt động", "count"),
    "national_day_events": ngettext_lazy("%(n)s hoạt động", "%(n)s hoạt động", "count"),
    "media_items": ngettext_lazy("%(n)s tin, bài", "%(n)s tin, bài", "count"),
    "items_distributed": ngettext_lazy("%(n)s ấn phẩm", "%(n)s ấn phẩm", "count"),
    "inspections": ngettext_lazy("%(n)s cuộc", "%(n)s cuộc", "count"),
    "violations_found": ngettext_lazy("%(n)s vi phạm", "%(n)s vi phạm", "count"),
}
UNITS.update(
    (key, UNITS["received_total"]) for key in SECTION_OF_INDICATOR if key.startswith("received_")
)

# What "no data" is about, section by section ("… không có số liệu về tiếp nhận nạn nhân").
SECTION_SUBJECTS = {
    "reception": gettext_lazy("tiếp nhận nạn nhân"),
    "verification": gettext_lazy("xác minh, xác định nạn nhân"),
    "support": gettext_lazy("hỗ trợ nạn nhân"),
    "referral": gettext_lazy("chuyển gửi, kết nối dịch vụ"),
    "reintegration": gettext_lazy("theo dõi, hỗ trợ tái hòa nhập"),
    "prevention": gettext_lazy("công tác phòng ngừa, thông tin, truyền thông"),
}

# The comparisons of the assessment (section IV), in order: (indicator, what it counts).
ASSESSED = (
    ("received_total", gettext_lazy("số người được tiếp nhận")),
    ("identified_total", gettext_lazy("số người được xác định là nạn nhân")),
    ("supports_provided_people", gettext_lazy("số người được hỗ trợ")),
    ("supports_provided_amount_vnd", gettext_lazy("kinh phí hỗ trợ")),
    ("referrals_sent", gettext_lazy("số lượt chuyển gửi")),
    ("training_participants", gettext_lazy("số lượt người dự tập huấn")),
    ("communication_events", gettext_lazy("số hoạt động truyền thông")),
)

# The narrative sentences the template may write as {{ text.<key> }}.
TEXT_KEYS = (
    "situation",
    "reception",
    "criminal_cases",
    "verification",
    "support",
    "referral",
    "reintegration",
    "directives",
    "prevention",
    "assessment",
)


def _date(day) -> str:
    return f"{day:%d/%m/%Y}"


def _hidden(value) -> bool:
    """A small count hidden as "<5" (viewers' copies of an area below the province)."""
    return isinstance(value, str)


def _some(value) -> bool:
    """Whether a figure says something happened: a hidden count is between 1 and k-1."""
    return _hidden(value) or bool(value)


def _plural_count(value) -> int:
    """The number that picks a plural form for a figure: a hidden small count ("<5") reads as
    several."""
    return 2 if _hidden(value) else int(value)


def _figure(key: str, value) -> str:
    """A count as "1.234" (a hidden small count stays "<5"); an amount as "1.234.000 ₫"."""
    return format_vnd(value) if key.endswith("_vnd") else number(value)


def _equal(first, second) -> bool:
    """Two figures known to be equal (hidden counts are never known to be)."""
    return not _hidden(first) and not _hidden(second) and first == second


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", ":")) else ".")


def has_data(data: dict, section: str, part: str = "value") -> bool:
    """Whether `data` holds any figure of `section` in the period (`part="value"`) or in the
    previous period (`part="previous"`): an indicator, a table cell or, for the period itself,
    a directive listed."""
    for key, item in data["indicators"].items():
        if SECTION_OF_INDICATOR.get(key) == section and _some(item.get(part, 0)):
            return True
    cells = "values" if part == "value" else "previous"
    for key, table in data["tables"].items():
        if SECTION_OF_TABLE.get(key) != section:
            continue
        for row in table["rows"]:
            if any(_some(value) for value in row.get(cells, {}).values()):
                return True
    return part == "value" and section == "prevention" and bool(data.get("directives"))


def _previous_period(run, data: dict) -> Period:
    """The period compared with: the one indicators.json names if it does, else the period
    before the run's."""
    period = data.get("period", {})
    if period.get("previous_start") and period.get("previous_end"):
        return Period(
            run.kind,
            datetime.date.fromisoformat(period["previous_start"]),
            datetime.date.fromisoformat(period["previous_end"]),
        )
    return run.period.previous()


class Narrative:
    """The sentences of the report for one set of indicators."""

    def __init__(self, data: dict, previous_period: Period):
        self.data = data
        self.indicators = data["indicators"]
        self.previous_period = previous_period
        self.current = {section: has_data(data, section) for section in SECTIONS}
        self.before = {section: has_data(data, section, "previous") for section in SECTIONS}

    # -- figures ----------------------------------------------------------------------------
    def value(self, key: str):
        return self.indicators.get(key, {}).get("value", 0)

    def previous(self, key: str):
        return self.indicators.get(key, {}).get("previous", 0)

    def f(self, key: str) -> str:
        return _figure(key, self.value(key))

    def counts(self, key: str) -> dict:
        """The figure `key` as `n` and, as `count`, the number that picks the plural form
        (issue 16 item 7)."""
        return {"n": self.f(key), "count": self.plural(key)}

    def plural(self, key: str) -> int:
        return _plural_count(self.value(key))

    def stated(self, key: str, text: str) -> str:
        """`text` with the figure `key` as `%(n)s`, or nothing when the figure is zero."""
        return text % self.counts(key) if _some(self.value(key)) else ""

    def all_stated(self, *pairs) -> list:
        """The texts of (key, text) pairs whose figure is not zero, in order."""
        return [text for text in (self.stated(key, text) for key, text in pairs) if text]

    def comparable(self, key: str) -> bool:
        """The previous period is compared only where the system holds data of that section
        in it."""
        return self.before.get(SECTION_OF_INDICATOR.get(key), False)

    def change(self, key: str) -> dict:
        """The comparison of `key` with the previous period: its parts and its words ("" when
        it is not compared)."""
        value, previous = self.value(key), self.previous(key)
        result = {"comparable": False, "hidden": False, "up": False, "down": False, "n": ""}
        if not self.comparable(key):
            return {**result, "text": ""}
        result["comparable"] = True
        if _hidden(value) or _hidden(previous):
            return {**result, "hidden": True, "text": _("không so sánh được do số nhỏ được ẩn")}
        difference = value - previous
        if key.endswith("_vnd"):
            amount = format_vnd(abs(difference))
        else:
            counted = UNITS.get(key)
            amount = (
                counted % {"n": number(abs(difference)), "count": abs(difference)}
                if counted
                else number(abs(difference))
            )
        result.update(up=difference > 0, down=difference < 0, n=amount)
        if difference > 0:
            text = _("tăng %(amount)s so với kỳ trước") % {"amount": amount}
        elif difference < 0:
            text = _("giảm %(amount)s so với kỳ trước") % {"amount": amount}
        else:
            text = _("bằng kỳ trước")
        return {**result, "text": text}

    def compared(self, key: str) -> str:
        """ " (tăng 3 người so với kỳ trước)", or nothing where the period is not compared."""
        text = self.change(key)["text"]
        return f" ({text})" if text else ""

    def no_data(self, section: str) -> str:
        return _("Trong kỳ báo cáo, hệ thống không có số liệu về %(subject)s.") % {
            "subject": SECTION_SUBJECTS[section]
        }

    # -- sections (one of the indicators' is written only when the period has figures on it:
    # `texts`) ------------------------------------------------------------------------------
    def situation(self) -> str:
        clauses = []
        if _some(self.value("received_total")):
            clauses.append(
                ngettext_lazy(
                    "tiếp nhận %(n)s người trở về", "tiếp nhận %(n)s người trở về", "count"
                )
                % self.counts("received_total")
                + self.compared("received_total")
            )
        if _some(self.value("identified_total")):
            clauses.append(
                ngettext_lazy(
                    "xác định %(n)s người là nạn nhân", "xác định %(n)s người là nạn nhân", "count"
                )
                % self.counts("identified_total")
            )
        if _some(self.value("supports_provided_count")):
            clauses.append(
                ngettext_lazy(
                    "thực hiện %(count)s lượt hỗ trợ cho %(people)s người",
                    "thực hiện %(count)s lượt hỗ trợ cho %(people)s người",
                    "number",
                )
                % {
                    "count": self.f("supports_provided_count"),
                    "number": self.plural("supports_provided_count"),
                    "people": self.f("supports_provided_people"),
                }
            )
        organised = self.all_stated(
            (
                "training_classes",
                ngettext_lazy(
                    "%(n)s lớp tập huấn, bồi dưỡng", "%(n)s lớp tập huấn, bồi dưỡng", "count"
                ),
            ),
            (
                "communication_events",
                ngettext_lazy(
                    "%(n)s hoạt động truyền thông", "%(n)s hoạt động truyền thông", "count"
                ),
            ),
        )
        if organised:
            clauses.append(_("tổ chức %(parts)s") % {"parts": _(" và ").join(organised)})
        if not clauses:
            if any(self.current.values()):
                return _(
                    "Trong kỳ báo cáo, trên địa bàn không có người trở về được tiếp nhận, "
                    "không có lượt hỗ trợ và hoạt động tập huấn, truyền thông nào được ghi nhận."
                )
            return _(
                "Trong kỳ báo cáo, hệ thống không có số liệu về công tác tiếp nhận, hỗ trợ nạn "
                "nhân và phòng ngừa mua bán người trên địa bàn."
            )
        return _sentence(
            _("Trong kỳ báo cáo, trên địa bàn đã %(clauses)s") % {"clauses": "; ".join(clauses)}
        )

    def reception(self) -> str:
        total = self.value("received_total")
        if not _some(total):
            return _("Trong kỳ báo cáo không có người trở về được tiếp nhận.")
        parts = []
        female, male = self.value("received_female"), self.value("received_male")
        sexes = []
        if _some(female):
            sexes.append(
                ngettext_lazy("%(n)s nữ", "%(n)s nữ", "count") % self.counts("received_female")
            )
        if _some(male):
            sexes.append(
                ngettext_lazy("%(n)s nam", "%(n)s nam", "count") % self.counts("received_male")
            )
        if not any(_hidden(v) for v in (total, female, male)) and total - female - male > 0:
            sexes.append(
                ngettext_lazy(
                    "%(n)s người chưa rõ giới tính", "%(n)s người chưa rõ giới tính", "count"
                )
                % {"n": number(total - female - male), "count": total - female - male}
            )
        if sexes:
            parts.append(", ".join(sexes))
        if _some(self.value("received_under_18")):
            minors = ngettext_lazy(
                "%(n)s người dưới 18 tuổi", "%(n)s người dưới 18 tuổi", "count"
            ) % self.counts("received_under_18")
            if _some(self.value("received_under_16")):
                minors += ngettext_lazy(
                    ", trong đó %(n)s trẻ em dưới 16 tuổi",
                    ", trong đó %(n)s trẻ em dưới 16 tuổi",
                    "count",
                ) % self.counts("received_under_16")
            parts.append(minors)
        residence = []
        if _some(self.value("received_in_province")):
            residence.append(
                ngettext_lazy(
                    "%(n)s người thường trú trong tỉnh",
                    "%(n)s người thường trú trong tỉnh",
                    "count",
                )
                % self.counts("received_in_province")
            )
        if _some(self.value("received_other_province")):
            residence.append(
                ngettext_lazy(
                    "%(n)s người thường trú ngoại tỉnh",
                    "%(n)s người thường trú ngoại tỉnh",
                    "count",
                )
                % self.counts("received_other_province")
            )
        if residence:
            parts.append(", ".join(residence))
        if _some(self.value("received_abroad")):
            parts.append(
                ngettext_lazy(
                    "%(n)s người bị mua bán ra nước ngoài",
                    "%(n)s người bị mua bán ra nước ngoài",
                    "count",
                )
                % self.counts("received_abroad")
            )
        return _sentence(
            ngettext_lazy(
                "Trong số %(total)s người được tiếp nhận: %(parts)s",
                "Trong số %(total)s người được tiếp nhận: %(parts)s",
                "count",
            )
            % {
                "total": self.f("received_total"),
                "count": self.plural("received_total"),
                "parts": "; ".join(parts),
            }
        )

    def criminal_cases(self) -> str:
        """The people received and verified through criminal cases, with the residence split
        only when they are all the people received (the split counts all of them)."""
        total, through = self.value("received_total"), self.value("received_through_criminal_cases")
        if not _some(total):
            return ""
        if not _some(through):
            return _("Trong kỳ không có người được tiếp nhận, xác minh qua các vụ án.")
        if _equal(total, through):
            residence = []
            if _some(self.value("received_other_province")):
                residence.append(
                    ngettext_lazy(
                        "%(n)s người thường trú ngoại tỉnh",
                        "%(n)s người thường trú ngoại tỉnh",
                        "count",
                    )
                    % self.counts("received_other_province")
                )
            if _some(self.value("received_in_province")):
                residence.append(
                    ngettext_lazy(
                        "%(n)s người thường trú trong tỉnh",
                        "%(n)s người thường trú trong tỉnh",
                        "count",
                    )
                    % self.counts("received_in_province")
                )
            split = (
                _(", trong đó %(parts)s") % {"parts": _(" và ").join(residence)}
                if residence
                else ""
            )
            return _sentence(
                ngettext_lazy(
                    "Tiếp nhận, xác minh qua các vụ án: %(n)s người",
                    "Tiếp nhận, xác minh qua các vụ án: %(n)s người",
                    "count",
                )
                % self.counts("received_total")
                + split
            )
        return _sentence(
            ngettext_lazy(
                "Tiếp nhận, xác minh qua các vụ án: %(n)s người (trong tổng số %(total)s người "
                "được tiếp nhận)",
                "Tiếp nhận, xác minh qua các vụ án: %(n)s người (trong tổng số %(total)s người "
                "được tiếp nhận)",
                "count",
            )
            % {**self.counts("received_through_criminal_cases"), "total": self.f("received_total")}
        )

    def verification(self) -> str:
        sentences = []
        outcomes = self.all_stated(
            (
                "identified_total",
                ngettext_lazy(
                    "%(n)s người đã được xác định là nạn nhân",
                    "%(n)s người đã được xác định là nạn nhân",
                    "count",
                ),
            ),
            (
                "not_victim_total",
                ngettext_lazy(
                    "%(n)s người được xác định không phải là nạn nhân",
                    "%(n)s người được xác định không phải là nạn nhân",
                    "count",
                ),
            ),
            (
                "pending_total",
                ngettext_lazy(
                    "%(n)s người đang được xác minh", "%(n)s người đang được xác minh", "count"
                ),
            ),
        )
        if outcomes and _some(self.value("received_total")):
            sentences.append(
                _sentence(
                    ngettext_lazy(
                        "Trong số %(total)s người được tiếp nhận trong kỳ, %(outcomes)s",
                        "Trong số %(total)s người được tiếp nhận trong kỳ, %(outcomes)s",
                        "count",
                    )
                    % {
                        "total": self.f("received_total"),
                        "count": self.plural("received_total"),
                        "outcomes": "; ".join(outcomes),
                    }
                )
            )
        if _some(self.value("dossiers_overdue")):
            sentences.append(
                ngettext_lazy(
                    "Có %(n)s hồ sơ xác minh quá hạn tại ngày cuối kỳ.",
                    "Có %(n)s hồ sơ xác minh quá hạn tại ngày cuối kỳ.",
                    "count",
                )
                % self.counts("dossiers_overdue")
            )
        elif sentences:
            sentences.append(_("Không có hồ sơ xác minh quá hạn."))
        return " ".join(sentences)

    def support(self) -> str:
        sentences = []
        if _some(self.value("supports_provided_count")):
            text = ngettext_lazy(
                "Đã thực hiện %(count)s lượt hỗ trợ cho %(people)s người",
                "Đã thực hiện %(count)s lượt hỗ trợ cho %(people)s người",
                "number",
            ) % {
                "count": self.f("supports_provided_count"),
                "number": self.plural("supports_provided_count"),
                "people": self.f("supports_provided_people"),
            }
            if _some(self.value("supports_provided_amount_vnd")):
                text += _(", tổng kinh phí %(amount)s") % {
                    "amount": self.f("supports_provided_amount_vnd")
                } + self.compared("supports_provided_amount_vnd")
            sentences.append(_sentence(text))
        else:
            sentences.append(_("Trong kỳ chưa có lượt hỗ trợ nào được thực hiện."))
        decisions = self.all_stated(
            (
                "supports_proposed",
                ngettext_lazy(
                    "%(n)s lượt hỗ trợ được đề xuất", "%(n)s lượt hỗ trợ được đề xuất", "count"
                ),
            ),
            (
                "supports_approved",
                ngettext_lazy("%(n)s lượt được quyết định", "%(n)s lượt được quyết định", "count"),
            ),
        )
        if decisions:
            sentences.append(
                _sentence(_("Trong kỳ có %(parts)s") % {"parts": ", ".join(decisions)})
            )
        return " ".join(sentences)

    def referral(self) -> str:
        sentences = []
        if _some(self.value("referrals_sent")):
            text = ngettext_lazy(
                "Đã chuyển gửi %(sent)s lượt cho %(people)s người đến các cơ sở cung cấp dịch "
                "vụ và chương trình (giảm nghèo, giáo dục nghề nghiệp - việc làm, trợ giúp xã "
                "hội, bảo hiểm y tế, bảo vệ trẻ em...)",
                "Đã chuyển gửi %(sent)s lượt cho %(people)s người đến các cơ sở cung cấp dịch "
                "vụ và chương trình (giảm nghèo, giáo dục nghề nghiệp - việc làm, trợ giúp xã "
                "hội, bảo hiểm y tế, bảo vệ trẻ em...)",
                "count",
            ) % {
                "sent": self.f("referrals_sent"),
                "count": self.plural("referrals_sent"),
                "people": self.f("referrals_people"),
            }
            if _some(self.value("referrals_completed")):
                text += ngettext_lazy(
                    ", trong đó %(n)s lượt đã hoàn thành",
                    ", trong đó %(n)s lượt đã hoàn thành",
                    "count",
                ) % self.counts("referrals_completed")
            sentences.append(_sentence(text))
        else:
            sentences.append(_("Trong kỳ không có lượt chuyển gửi mới."))
        sentences += self.all_stated(
            (
                "referrals_overdue",
                ngettext_lazy(
                    "Có %(n)s lượt chuyển gửi quá hạn trả lời tại ngày cuối kỳ.",
                    "Có %(n)s lượt chuyển gửi quá hạn trả lời tại ngày cuối kỳ.",
                    "count",
                ),
            )
        )
        return " ".join(sentences)

    def reintegration(self) -> str:
        sentences = []
        if _some(self.value("followups_done")):
            text = ngettext_lazy(
                "Đã thực hiện %(n)s lượt thăm, theo dõi",
                "Đã thực hiện %(n)s lượt thăm, theo dõi",
                "count",
            ) % self.counts("followups_done")
            if _some(self.value("followups_high_risk")):
                text += ngettext_lazy(
                    ", qua đó %(n)s người được đánh giá có nguy cơ bị mua bán lại cao",
                    ", qua đó %(n)s người được đánh giá có nguy cơ bị mua bán lại cao",
                    "count",
                ) % self.counts("followups_high_risk")
            sentences.append(_sentence(text))
        sentences += [
            self.stated(
                "followups_lost_contact",
                ngettext_lazy(
                    "Có %(n)s lượt thăm ghi nhận mất liên lạc.",
                    "Có %(n)s lượt thăm ghi nhận mất liên lạc.",
                    "count",
                ),
            ),
            self.stated(
                "followups_overdue",
                ngettext_lazy(
                    "Có %(n)s lượt thăm đã đến hạn nhưng chưa thực hiện tại ngày cuối kỳ.",
                    "Có %(n)s lượt thăm đã đến hạn nhưng chưa thực hiện tại ngày cuối kỳ.",
                    "count",
                ),
            ),
            self.stated(
                "cases_closed",
                ngettext_lazy("Đã đóng %(n)s hồ sơ.", "Đã đóng %(n)s hồ sơ.", "count"),
            ),
        ]
        return " ".join(sentence for sentence in sentences if sentence)

    def directives(self) -> str:
        if not self.current["prevention"]:
            return ""
        listed = self.data.get("directives", [])
        if listed:
            return ngettext_lazy(
                "Ban hành %(n)s văn bản chỉ đạo, kế hoạch:",
                "Ban hành %(n)s văn bản chỉ đạo, kế hoạch:",
                "count",
            ) % {"n": number(len(listed)), "count": len(listed)}
        return _("Trong kỳ không ban hành văn bản chỉ đạo, kế hoạch mới.")

    def prevention(self) -> str:
        organised = []
        classes, trained = self.value("training_classes"), self.value("training_participants")
        if _some(classes) and _some(trained):
            organised.append(
                ngettext_lazy(
                    "%(classes)s lớp tập huấn, bồi dưỡng cho %(people)s lượt người",
                    "%(classes)s lớp tập huấn, bồi dưỡng cho %(people)s lượt người",
                    "count",
                )
                % {
                    "classes": self.f("training_classes"),
                    "count": self.plural("training_classes"),
                    "people": self.f("training_participants"),
                }
            )
        elif _some(classes):
            organised.append(
                ngettext_lazy(
                    "%(n)s lớp tập huấn, bồi dưỡng", "%(n)s lớp tập huấn, bồi dưỡng", "count"
                )
                % self.counts("training_classes")
            )
        elif _some(trained):
            organised.append(
                ngettext_lazy(
                    "tập huấn, bồi dưỡng cho %(n)s lượt người",
                    "tập huấn, bồi dưỡng cho %(n)s lượt người",
                    "count",
                )
                % self.counts("training_participants")
            )
        if _some(self.value("communication_events")):
            events = ngettext_lazy(
                "%(n)s hoạt động truyền thông", "%(n)s hoạt động truyền thông", "count"
            ) % self.counts("communication_events")
            if _some(self.value("national_day_events")):
                events += ngettext_lazy(
                    ", trong đó %(n)s hoạt động hưởng ứng Ngày toàn quốc phòng, chống mua bán "
                    "người 30/7",
                    ", trong đó %(n)s hoạt động hưởng ứng Ngày toàn quốc phòng, chống mua bán "
                    "người 30/7",
                    "count",
                ) % self.counts("national_day_events")
            organised.append(events)
        clauses = [
            _("tổ chức %(parts)s") % {"parts": "; ".join(organised)} if organised else "",
            self.stated(
                "media_items",
                ngettext_lazy(
                    "đăng, phát %(n)s tin, bài trên báo chí, phát thanh, truyền hình",
                    "đăng, phát %(n)s tin, bài trên báo chí, phát thanh, truyền hình",
                    "count",
                ),
            ),
            self.stated(
                "items_distributed",
                ngettext_lazy(
                    "in, phát hành %(n)s tờ rơi, áp phích, ấn phẩm",
                    "in, phát hành %(n)s tờ rơi, áp phích, ấn phẩm",
                    "count",
                ),
            ),
            self.stated(
                "counselled_people",
                ngettext_lazy(
                    "tư vấn di cư an toàn, phòng tránh lừa đảo việc làm cho %(n)s lượt người",
                    "tư vấn di cư an toàn, phòng tránh lừa đảo việc làm cho %(n)s lượt người",
                    "count",
                ),
            ),
        ]
        clauses = [clause for clause in clauses if clause]
        if _some(self.value("inspections")):
            inspections = ngettext_lazy(
                "tiến hành %(n)s cuộc kiểm tra dịch vụ đưa người lao động đi làm việc ở nước ngoài",
                "tiến hành %(n)s cuộc kiểm tra dịch vụ đưa người lao động đi làm việc ở nước ngoài",
                "count",
            ) % self.counts("inspections")
            if _some(self.value("violations_found")):
                inspections += ngettext_lazy(
                    ", phát hiện %(n)s vi phạm", ", phát hiện %(n)s vi phạm", "count"
                ) % self.counts("violations_found")
            else:
                inspections += _(", không phát hiện vi phạm")
            clauses.append(inspections)
        sentences = [_sentence("; ".join(clauses))] if clauses else []
        sentences += self.partnered()
        if _some(self.value("prevention_cost_vnd")):
            sentences.append(
                _("Tổng kinh phí các hoạt động phòng ngừa: %(amount)s.")
                % {"amount": self.f("prevention_cost_vnd")}
            )
        return " ".join(sentences)

    def partnered(self) -> list:
        """The activities done with other units, grouped by those units and the activity's
        kind ("Phối hợp với Huyện Thạch Thành: 4 hoạt động tập huấn … cho 240 lượt người.")."""
        groups = {}
        for activity in self.data.get("activities", []):
            if activity.get("partners"):
                key = (", ".join(activity["partners"]), activity["type_label"])
                count, participants = groups.get(key, (0, 0))
                groups[key] = (count + 1, participants + (activity.get("participants") or 0))
        sentences = []
        for (partners, kind), (count, participants) in groups.items():
            text = ngettext_lazy(
                "Phối hợp với %(partners)s: %(n)s hoạt động %(kind)s",
                "Phối hợp với %(partners)s: %(n)s hoạt động %(kind)s",
                "count",
            ) % {
                "partners": partners,
                "n": number(count),
                "count": count,
                "kind": kind[:1].lower() + kind[1:],
            }
            if participants:
                text += ngettext_lazy(
                    " cho %(people)s lượt người", " cho %(people)s lượt người", "count"
                ) % {"people": number(participants), "count": participants}
            sentences.append(_sentence(text))
        return sentences

    def assessment(self) -> str:
        previous = _("kỳ trước (từ %(start)s đến %(end)s)") % {
            "start": _date(self.previous_period.start),
            "end": _date(self.previous_period.end),
        }
        if not any(self.before.values()):
            return _(
                "Hệ thống không có số liệu của %(previous)s nên báo cáo không so sánh với kỳ trước."
            ) % {"previous": previous}
        sentences, compared, hidden = [], [], []
        for key, label in ASSESSED:
            if not self.comparable(key):
                continue
            if self.change(key)["hidden"]:
                hidden.append(str(label))
            else:
                compared.append(self.assessed(key, label))
        if compared:
            sentences.append(
                _sentence(
                    _("So với %(previous)s, %(items)s")
                    % {"previous": previous, "items": "; ".join(compared)}
                )
            )
        if hidden:
            sentences.append(
                _sentence(
                    _("Không so sánh được %(items)s với kỳ trước do số nhỏ được ẩn")
                    % {"items": ", ".join(hidden)}
                )
            )
        missing = [
            str(SECTION_SUBJECTS[section])
            for section in SECTIONS
            if not self.before[section] and self.current[section]
        ]
        if missing:
            sentences.append(
                _("Hệ thống không có số liệu của kỳ trước về %(subjects)s nên không so sánh.")
                % {"subjects": ", ".join(missing)}
            )
        return " ".join(sentences)

    def assessed(self, key: str, label) -> str:
        """ "số người được tiếp nhận giảm 14 người": one comparison of the assessment."""
        change = self.change(key)
        if change["up"]:
            template = _("%(what)s tăng %(amount)s")
        elif change["down"]:
            template = _("%(what)s giảm %(amount)s")
        else:
            template = _("%(what)s không thay đổi")
        return template % {"what": label, "amount": change["n"]}

    def texts(self) -> dict:
        """Each text of the report; the text of a section of the indicators (`SECTIONS`) with no
        figure in the period says only that (`no_data`)."""
        return {
            key: self.no_data(key)
            if key in self.current and not self.current[key]
            else getattr(self, key)()
            for key in TEXT_KEYS
        }


def heading_context(run) -> dict:
    """The department acting for the province at the end of the period, and today's date."""
    province = run.unit.province()
    profile = department_for(province, run.end) if province else None
    today = timezone.localdate()
    return {
        "governing_body": profile.governing_body if profile else "",
        "department_name": profile.department_name if profile else "",
        "department_abbreviation": profile.department_abbreviation if profile else "",
        "signing_place": profile.signing_place
        if profile
        else (province.short_name if province else ""),
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
    }


HEADING_KEYS = (
    "governing_body",
    "department_name",
    "department_abbreviation",
    "signing_place",
    "day",
    "month",
    "year",
)


def _table(table, content: dict) -> dict:
    keys = [key for key, _label in content["columns"]]
    return {
        "label": str(table.label),
        "columns": [label for _key, label in content["columns"]],
        "rows": [
            {
                "label": row["label"],
                "cells": [
                    {
                        "current": number(row["values"].get(key, 0)),
                        "previous": number(row["previous"].get(key, 0)),
                    }
                    for key in keys
                ],
            }
            for row in content["rows"]
        ],
    }


def body_context(*, start, end, unit_name: str, previous_period: Period, data: dict) -> dict:
    """Everything the template writes but the heading, from `data` (indicators.json) alone."""
    narrative = Narrative(data, previous_period)
    indicators = data["indicators"]
    directives = data.get("directives", [])
    return {
        "start": _date(start),
        "end": _date(end),
        "unit_name": unit_name,
        "period_note": data.get("period", {}).get("note", ""),
        "previous_start": _date(previous_period.start),
        "previous_end": _date(previous_period.end),
        "has_previous": any(narrative.before.values()),
        "sections": {
            section: {
                "has_data": narrative.current[section],
                "has_previous": narrative.before[section],
            }
            for section in SECTIONS
        },
        "figures": {key: _figure(key, item["value"]) for key, item in indicators.items()},
        "previous_figures": {
            key: _figure(key, item["previous"]) for key, item in indicators.items()
        },
        "changes": {key: narrative.change(key) for key in indicators},
        "tables": {
            table.key: _table(table, data["tables"][table.key])
            for table in TABLES
            if table.key in data["tables"]
        },
        "directives": directives,
        "directive_count": number(len(directives)),
        "text": narrative.texts(),
    }


def document_context(run, data: dict) -> dict:
    return {
        **heading_context(run),
        **body_context(
            start=run.start,
            end=run.end,
            unit_name=run.unit.name,
            previous_period=_previous_period(run, data),
            data=data,
        ),
    }


def jinja_environment(**options) -> SandboxedEnvironment:
    """The environment templates are rendered in: sandboxed, since a supervisor may upload a
    template (a tag must not reach Python's internals), and escaping every value."""
    return SandboxedEnvironment(autoescape=True, **options)


def render(template_source, context: dict, **options) -> bytes:
    """The document of the template (a path or a file-like object of .docx bytes) filled with
    `context`."""
    template = DocxTemplate(template_source)
    template.render(context, jinja_environment(**options), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def document_bytes(run, data: dict) -> bytes:
    """The report of `run` from `data` (the shape of indicators.json), always in Vietnamese,
    in the province's active template or the built-in one."""
    from reports.word_templates import template_source_for

    with translation.override("vi"):
        return render(template_source_for(run.unit), document_context(run, data))
