"""The candidate list (民生实事候选项目) of a plan as offices keep it in Excel."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from congress.importing import (
    ChoiceWidget,
    OfficeSheetResource,
    TextWidget,
    clean_text,
    parse_date,
    parse_month,
)

from . import selectors
from .models import Candidate, Category, LivelihoodPlan, Origin


class WanYuanWidget(widgets.Widget):
    """An amount in 万元 as typed: 120, 120.5, 1,200, 120万元."""

    NUMBER = re.compile(r"^\d+(\.\d+)?$")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = str(value)
        else:
            text = clean_text(value).replace(" ", "").replace(",", "").replace("，", "")
            text = text.removesuffix("万元").removesuffix("万")
            if not text:
                return None
            if not self.NUMBER.match(text):
                raise self.unreadable(value)
        try:
            return Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation as exc:  # too large (or infinite) to hold in cents
            raise self.unreadable(value) from exc

    @staticmethod
    def unreadable(value) -> ValueError:
        return ValueError(
            _("“%(value)s” is not an amount in 10,000 yuan; write a number like 120 or 85.5.")
            % {"value": clean_text(value)}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value}"


class PlannedDateWidget(widgets.Widget):
    """A planned date: a full date (2022-04-15, 2022年4月15日) or a month (2022.04, 2022年4月)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_date(value)
        except ValueError:
            return parse_month(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


CATEGORY_ALIASES = {
    "道路": Category.ROADS,
    "交通": Category.ROADS,
    "交通道路": Category.ROADS,
    "道路交通": Category.ROADS,
    "供水": Category.WATER,
    "供排水": Category.WATER,
    "供水排水": Category.WATER,
    "给排水": Category.WATER,
    "人居环境": Category.HOUSING,
    "住房": Category.HOUSING,
    "小区改造": Category.HOUSING,
    "文化体育": Category.CULTURE,
    "文体": Category.CULTURE,
    "文化": Category.CULTURE,
    "公共安全": Category.SAFETY,
    "安全": Category.SAFETY,
    "教育医疗": Category.EDUCATION_HEALTH,
    "教育卫生": Category.EDUCATION_HEALTH,
    "教育": Category.EDUCATION_HEALTH,
    "医疗": Category.EDUCATION_HEALTH,
    "养老": Category.ELDERLY,
    "社会服务": Category.ELDERLY,
    "其他": Category.OTHER,
    "其它": Category.OTHER,
}
ORIGIN_ALIASES = {
    "代表": Origin.DEPUTIES,
    "代表提出": Origin.DEPUTIES,
    "代表建议": Origin.DEPUTIES,
    "人大代表": Origin.DEPUTIES,
    "选民": Origin.VOTERS,
    "群众": Origin.VOTERS,
    "群众提出": Origin.VOTERS,
    "选民提出": Origin.VOTERS,
    "群众反映": Origin.VOTERS,
    "政府": Origin.GOVERNMENT,
    "政府提出": Origin.GOVERNMENT,
    "镇政府": Origin.GOVERNMENT,
    "政府部门": Origin.GOVERNMENT,
}


class CandidateResource(OfficeSheetResource, resources.ModelResource):
    """Candidates of one plan; a row with the name of a candidate already in the plan updates it."""

    name = fields.Field("name", "项目名称", widget=TextWidget())
    category = fields.Field("category", "类别", widget=ChoiceWidget(Category.choices, CATEGORY_ALIASES))
    description = fields.Field("description", "建设内容", widget=TextWidget())
    place = fields.Field("place", "建设地点", widget=TextWidget())
    estimated_investment = fields.Field("estimated_investment", "预计投资(万元)", widget=WanYuanWidget())
    funding_source = fields.Field("funding_source", "资金来源", widget=TextWidget())
    responsible_unit = fields.Field("responsible_unit", "责任单位", widget=TextWidget())
    planned_start = fields.Field("planned_start", "计划开工", widget=PlannedDateWidget())
    planned_end = fields.Field("planned_end", "计划完工", widget=PlannedDateWidget())
    origin = fields.Field("origin", "来源", widget=ChoiceWidget(Origin.choices, ORIGIN_ALIASES))

    header_aliases = {
        "项目": "项目名称",
        "名称": "项目名称",
        "项目类别": "类别",
        "类型": "类别",
        "项目内容": "建设内容",
        "建设规模及内容": "建设内容",
        "主要内容": "建设内容",
        "地点": "建设地点",
        "实施地点": "建设地点",
        "预计投资": "预计投资(万元)",
        "估算投资(万元)": "预计投资(万元)",
        "投资(万元)": "预计投资(万元)",
        "总投资(万元)": "预计投资(万元)",
        "资金渠道": "资金来源",
        "责任部门": "责任单位",
        "实施单位": "责任单位",
        "牵头单位": "责任单位",
        "开工时间": "计划开工",
        "计划开工时间": "计划开工",
        "完工时间": "计划完工",
        "计划完工时间": "计划完工",
        "计划竣工": "计划完工",
        "项目来源": "来源",
    }
    required_headers = ("项目名称",)

    class Meta:
        model = Candidate
        fields = (
            "name",
            "category",
            "description",
            "place",
            "estimated_investment",
            "funding_source",
            "responsible_unit",
            "planned_start",
            "planned_end",
            "origin",
        )
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, plan: LivelihoodPlan | None = None, **kwargs):
        super().__init__(**kwargs)
        self.plan = plan

    def before_import(self, dataset, **kwargs):
        if self.plan is None:
            raise ValidationError(_("Choose the plan the candidates belong to."))
        if selectors.effective_vote(self.plan):
            raise ValidationError(
                _("The vote on %(plan)s is confirmed: its candidates can no longer change.")
                % {"plan": self.plan}
            )
        super().before_import(dataset, **kwargs)

    def get_queryset(self):
        return Candidate.objects.filter(plan=self.plan)

    def get_instance(self, instance_loader, row):
        name = clean_text(row.get("项目名称"))
        return self.get_queryset().filter(name=name).first() if name else None

    def init_instance(self, row=None):
        return Candidate(plan=self.plan)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.name:
            raise ValidationError({"name": _("The project name is empty.")})
