"""The deputy roster (代表名册) as an Excel sheet, in and out."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from congress.importing import (
    ChoiceWidget,
    MonthWidget,
    OfficeSheetResource,
    TextWidget,
    clean_text,
)
from congress.models import Term

from .models import Constituency, Deputy, Gender, PoliticalAffiliation


class ConstituencyWidget(widgets.ForeignKeyWidget):
    """A constituency by name, created the first time a roster names it."""

    def __init__(self):
        super().__init__(Constituency, field="name")

    def clean(self, value, row=None, **kwargs):
        name = clean_text(value)
        if not name:
            return None
        # Inside the import's transaction: a failed or previewed import rolls this back.
        return Constituency.objects.get_or_create(name=name)[0]


class LevelsWidget(widgets.Widget):
    """兼任 column: '旗人大代表、市人大代表' → the three level flags."""

    def clean(self, value, row=None, **kwargs):
        return clean_text(value)

    def render(self, value, obj=None, **kwargs):
        return "、".join(obj.levels) if obj else ""


POLITICAL_ALIASES = {
    "党员": PoliticalAffiliation.CPC,
    "中共党员": PoliticalAffiliation.CPC,
    "中国共产党党员": PoliticalAffiliation.CPC,
    "预备党员": PoliticalAffiliation.CPC_PROBATIONARY,
    "中共预备党员": PoliticalAffiliation.CPC_PROBATIONARY,
    "团员": PoliticalAffiliation.CYL,
    "共青团员": PoliticalAffiliation.CYL,
    "群众": PoliticalAffiliation.MASSES,
    "无党派": PoliticalAffiliation.NON_PARTY,
    "无党派人士": PoliticalAffiliation.NON_PARTY,
    **{
        name: PoliticalAffiliation.DEMOCRATIC_PARTY
        for name in ["民主党派", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"]
    },
}


class RosterResource(OfficeSheetResource, resources.ModelResource):
    """The roster of the current term; a deputy is matched by name and birth month."""

    name = fields.Field("name", "姓名", widget=TextWidget())
    gender = fields.Field(
        "gender", "性别", widget=ChoiceWidget(Gender.choices, {"男": Gender.MALE, "女": Gender.FEMALE})
    )
    ethnicity = fields.Field("ethnicity", "民族", widget=TextWidget())
    birth_month = fields.Field("birth_month", "出生年月", widget=MonthWidget())
    political_affiliation = fields.Field(
        "political_affiliation",
        "政治面貌",
        widget=ChoiceWidget(PoliticalAffiliation.choices, POLITICAL_ALIASES),
    )
    education = fields.Field("education", "文化程度", widget=TextWidget())
    occupation = fields.Field("occupation", "工作单位及职务", widget=TextWidget())
    constituency = fields.Field("constituency", "选区", widget=ConstituencyWidget())
    phone = fields.Field("phone", "联系电话", widget=TextWidget())
    id_number = fields.Field("id_number", "身份证号码", widget=TextWidget())
    levels = fields.Field(None, "兼任", widget=LevelsWidget())
    notes = fields.Field("notes", "备注", widget=TextWidget())

    header_aliases = {
        "出生日期": "出生年月",
        "出生年月日": "出生年月",
        "学历": "文化程度",
        "文化": "文化程度",
        "工作单位及职务(职称)": "工作单位及职务",
        "工作单位": "工作单位及职务",
        "单位及职务": "工作单位及职务",
        "所在选区": "选区",
        "选区名称": "选区",
        "电话": "联系电话",
        "手机": "联系电话",
        "手机号": "联系电话",
        "手机号码": "联系电话",
        "身份证号": "身份证号码",
        "兼任代表": "兼任",
        "其他层级代表": "兼任",
    }
    required_headers = ("姓名",)

    class Meta:
        model = Deputy
        fields = (
            "name",
            "gender",
            "ethnicity",
            "birth_month",
            "political_affiliation",
            "education",
            "occupation",
            "constituency",
            "phone",
            "id_number",
            "levels",
            "notes",
        )
        import_id_fields = ("name", "birth_month")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, term: Term | None = None, **kwargs):
        super().__init__(**kwargs)
        self.term = term

    def get_term(self):
        if self.term is None:
            self.term = Term.objects.current()
            if self.term is None:
                from django.core.exceptions import ValidationError

                raise ValidationError(_("Create the current term before importing its roster."))
        return self.term

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.get_term()

    def get_queryset(self):
        queryset = Deputy.objects.select_related("constituency", "term")
        return queryset.filter(term=self.term) if self.term else queryset

    def get_instance(self, instance_loader, row):
        name = self.fields["name"].clean(row)
        try:
            birth_month = self.fields["birth_month"].clean(row) if "出生年月" in row else None
        except ValueError:
            return None  # reported when the row's fields are imported
        return self.get_queryset().filter(name=name, birth_month=birth_month).first()

    def init_instance(self, row=None):
        term = self.get_term()
        return Deputy(term=term, took_office=term.start_date)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if "兼任" in row:
            text = clean_text(row["兼任"])
            instance.is_banner_deputy = "旗" in text or "县" in text
            instance.is_city_deputy = "市" in text
            instance.is_region_deputy = "自治区" in text or "省" in text
        if not instance.name:
            from django.core.exceptions import ValidationError

            raise ValidationError({"name": _("The name is empty.")})

    def dehydrate_levels(self, deputy):
        return "、".join(deputy.levels)
