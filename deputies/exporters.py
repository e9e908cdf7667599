"""Spreadsheets staff take away: the reception ledger (接待选民台账) and the duty records (履职档案)."""

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from congress.spreadsheets import xlsx

from .models import ActivityKind, DutyPointItem, Reception, ReceptionMatter
from .selectors import duty_record_rows


class DeputiesWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "、".join(deputy.name for deputy in value.all()) if value is not None else ""


class ChoiceLabelWidget(widgets.Widget):
    def __init__(self, choices):
        self.labels = dict(choices)

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


class YesNoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ReceptionLedgerResource(resources.ModelResource):
    """接待选民台账, one row per reception day. Staff only: it carries the voters' contacts."""

    date = fields.Field("date", "接待日期", widget=widgets.DateWidget("%Y-%m-%d"))
    place = fields.Field("place", "接待地点")
    home = fields.Field("home__name", "代表之家/联络站")
    deputies = fields.Field("deputies", "值班代表", widget=DeputiesWidget())
    visitors = fields.Field("visitors", "接待人次", widget=widgets.IntegerWidget(coerce_to_string=False))
    matters = fields.Field(None, "反映问题")
    voters = fields.Field(None, "选民及联系方式")
    outcomes = fields.Field(None, "办理情况")
    confirmed = fields.Field("confirmed", "已确认", widget=YesNoWidget())
    notes = fields.Field("notes", "备注")

    class Meta:
        model = Reception
        fields = (
            "date",
            "place",
            "home",
            "deputies",
            "visitors",
            "matters",
            "voters",
            "outcomes",
            "confirmed",
            "notes",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("home").prefetch_related("deputies", "matters")

    @staticmethod
    def _lines(reception, text):
        matters = list(reception.matters.all())
        if len(matters) == 1:
            return text(matters[0])
        return "\n".join(f"{i}. {text(m)}" for i, m in enumerate(matters, 1))

    def dehydrate_matters(self, reception):
        return self._lines(reception, lambda m: f"[{m.get_category_display()}] {m.summary}")

    def dehydrate_voters(self, reception):
        return self._lines(
            reception, lambda m: " ".join(filter(None, [m.voter_name, m.voter_contact])) or "—"
        )

    def dehydrate_outcomes(self, reception):
        return self._lines(
            reception, lambda m: "：".join(filter(None, [str(m.get_outcome_display()), m.outcome_note]))
        )


class ReceptionMatterResource(resources.ModelResource):
    """The matters raised, one row each (a ledger to follow them up). Staff only."""

    date = fields.Field("reception__date", "接待日期", widget=widgets.DateWidget("%Y-%m-%d"))
    place = fields.Field("reception__place", "接待地点")
    deputies = fields.Field("reception__deputies", "值班代表", widget=DeputiesWidget())
    category = fields.Field(
        "category", "类别", widget=ChoiceLabelWidget(ReceptionMatter._meta.get_field("category").choices)
    )
    summary = fields.Field("summary", "反映问题")
    voter_name = fields.Field("voter_name", "选民姓名")
    voter_contact = fields.Field("voter_contact", "联系方式")
    may_contact = fields.Field("may_contact", "同意回访", widget=YesNoWidget())
    outcome = fields.Field(
        "outcome", "办理情况", widget=ChoiceLabelWidget(ReceptionMatter._meta.get_field("outcome").choices)
    )
    outcome_note = fields.Field("outcome_note", "办理说明")

    class Meta:
        model = ReceptionMatter
        fields = (
            "date",
            "place",
            "deputies",
            "category",
            "summary",
            "voter_name",
            "voter_contact",
            "may_contact",
            "outcome",
            "outcome_note",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("reception").prefetch_related("reception__deputies")


def duty_records_xlsx(year: int) -> bytes:
    """All deputies' duty records of ``year``: one row per deputy, counts per item and the points."""
    items = [
        (DutyPointItem.RECEPTION, "接待选民（次）"),
        (DutyPointItem.DUTY_REPORT, "代表述职（次）"),
        *[(DutyPointItem(kind.value), f"{kind.label}（次）") for kind in ActivityKind],
        (DutyPointItem.ABSENCE, "缺席活动（次）"),
        (DutyPointItem.DELIBERATION, "参加审议（次）"),
        (DutyPointItem.OPINION, "提出意见（条）"),
    ]
    headers = [
        "序号",
        "姓名",
        "选区",
        "在任情况",
        *[label for _item, label in items],
        "联系选民点",
        "履职积分",
    ]
    data = tablib.Dataset(headers=headers, title=_("Duty records %(year)s") % {"year": year})
    for number, row in enumerate(duty_record_rows(year), 1):
        deputy = row.deputy
        status = str(deputy.get_status_display())
        if deputy.left_office:
            status += f"（{deputy.left_office:%Y-%m-%d}）"
        data.append(
            [
                number,
                deputy.name,
                str(deputy.constituency or ""),
                status,
                *[row.count(item) for item, _label in items],
                "、".join(row.contact_points),
                float(row.points),
            ]
        )
    return xlsx(data)
