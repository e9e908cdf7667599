"""The deputy roster (代表名册) as an Excel sheet, in and out.

The sheet arrives whole: every column is imported or named in the preview as not
imported (``OfficeSheetResource``), names lose the spaces inside them (each change
shown), a deputy whose name another deputy of the term (or another row) has too
is flagged, 届别 must be the term being imported, and new constituencies take
the number in their name (Constituency 3 → 3) or the sheet's order.
"""

from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from congress.importing import (
    BooleanTextWidget,
    ChoiceWidget,
    MonthWidget,
    OfficeSheetResource,
    TextWidget,
    clean_text,
    parse_month,
    refuse_sheet,
)
from congress.models import Term
from congress.numerals import chinese_ordinal, parse_number

from .models import Constituency, Deputy, Gender, PoliticalAffiliation
from .models.roster import namesake_hints, normalise_name

NAME = "姓名"
TERM = "届别"
LEVELS = "兼任"


class NameWidget(TextWidget):
    """A name without the spaces inside it ('罗　宝音' → '罗宝音')."""

    def clean(self, value, row=None, **kwargs):
        return normalise_name(clean_text(value))


class ConstituencyWidget(widgets.ForeignKeyWidget):
    """A constituency by name, created the first time a roster names it (in the sheet's order)."""

    def __init__(self):
        super().__init__(Constituency, field="name")

    def clean(self, value, row=None, **kwargs):
        name = normalise_name(clean_text(value))
        if not name:
            return None
        limit = Constituency._meta.get_field("name").max_length
        if len(name) > limit:
            raise ValueError(
                _("A constituency's name has at most %(limit)s characters; this one has %(length)s.")
                % {"limit": limit, "length": len(name)}
            )
        # Inside the import's transaction: a failed or previewed import rolls this back.
        return Constituency.objects.get_or_create(name=name)[0]


class LevelsWidget(widgets.Widget):
    """兼任 column: '旗人大代表、市人大代表' → the three level flags (set by the resource)."""

    def clean(self, value, row=None, **kwargs):
        return clean_text(value)

    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class TermWidget(widgets.Widget):
    """届别 column: '第四届', '四', '4' must be the term being imported (``term``, set by the resource)."""

    term: Term | None = None

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value).replace(" ", "")
        if not text:
            return self.term
        ordinal = parse_number(text.removeprefix("第").removesuffix("届"))
        if ordinal is None:
            raise ValueError(
                _("Cannot read the term “%(value)s”; write it like %(example)s.")
                % {"value": text, "example": term_name(self.term)}
            )
        if ordinal != self.term.ordinal:
            raise ValueError(
                _(
                    "This row is of the %(row_term)s, but the roster is imported into the %(term)s "
                    "(the current term): correct the cell, or import the sheet when its term is the current one."
                )
                % {"row_term": f"第{chinese_ordinal(ordinal)}届", "term": term_name(self.term)}
            )
        return self.term

    def render(self, value, obj=None, **kwargs):
        return term_name(value) if value else ""


def levels_of(text: str) -> dict[str, bool]:
    """The level flags a 兼任 cell names."""
    return {
        "is_banner_deputy": "旗" in text or "县" in text,
        "is_city_deputy": "市" in text,
        "is_region_deputy": "自治区" in text or "省" in text,
    }


def term_name(term: Term) -> str:
    return f"第{chinese_ordinal(term.ordinal)}届"


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

# Yes/no columns for the other congresses a deputy sits in, as offices head them.
LEVEL_COLUMNS = {
    "is_banner_deputy": (
        "是否旗人大代表",
        ["旗人大代表", "是否为旗人大代表", "旗级人大代表", "是否旗级人大代表"],
    ),
    "is_city_deputy": ("是否市人大代表", ["市人大代表", "是否为市人大代表", "市级人大代表"]),
    "is_region_deputy": (
        "是否自治区人大代表",
        ["自治区人大代表", "是否为自治区人大代表", "区人大代表", "是否区人大代表"],
    ),
}


class RosterResource(OfficeSheetResource, resources.ModelResource):
    """The roster of the current term; a deputy is matched by name (spaces aside) and birth month."""

    term_column = fields.Field("term", TERM, widget=TermWidget())
    name = fields.Field("name", NAME, widget=NameWidget())
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
    deputy_group = fields.Field("deputy_group", "代表小组", widget=TextWidget())
    phone = fields.Field("phone", "联系电话", widget=TextWidget())
    id_number = fields.Field("id_number", "身份证号码", widget=TextWidget())
    levels = fields.Field("levels", LEVELS, widget=LevelsWidget(), readonly=True)
    is_banner_deputy = fields.Field(
        "is_banner_deputy", LEVEL_COLUMNS["is_banner_deputy"][0], BooleanTextWidget()
    )
    is_city_deputy = fields.Field("is_city_deputy", LEVEL_COLUMNS["is_city_deputy"][0], BooleanTextWidget())
    is_region_deputy = fields.Field(
        "is_region_deputy", LEVEL_COLUMNS["is_region_deputy"][0], BooleanTextWidget()
    )
    notes = fields.Field("notes", "备注", widget=TextWidget())

    header_aliases = {
        "代表姓名": NAME,
        "出生日期": "出生年月",
        "出生年月日": "出生年月",
        "学历": "文化程度",
        "文化": "文化程度",
        "工作单位及职务(职称)": "工作单位及职务",
        "工作单位": "工作单位及职务",
        "单位及职务": "工作单位及职务",
        "所在选区": "选区",
        "选区名称": "选区",
        "代表组": "代表小组",
        "所在代表小组": "代表小组",
        "所属代表小组": "代表小组",
        "届次": TERM,
        "届": TERM,
        "电话": "联系电话",
        "手机": "联系电话",
        "手机号": "联系电话",
        "手机号码": "联系电话",
        "身份证号": "身份证号码",
        "兼任代表": LEVELS,
        "其他层级代表": LEVELS,
        **{alias: column for column, aliases in LEVEL_COLUMNS.values() for alias in aliases},
    }
    required_headers = (NAME, "出生年月")
    # Read from a sheet; the export writes the three flags once, in 兼任.
    import_only = ("is_banner_deputy", "is_city_deputy", "is_region_deputy")

    class Meta:
        model = Deputy
        fields = (
            "term_column",
            "name",
            "gender",
            "ethnicity",
            "birth_month",
            "political_affiliation",
            "education",
            "occupation",
            "constituency",
            "deputy_group",
            "phone",
            "id_number",
            "levels",
            "is_banner_deputy",
            "is_city_deputy",
            "is_region_deputy",
            "notes",
        )
        import_id_fields = ("name", "birth_month")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, term: Term | None = None, **kwargs):
        super().__init__(**kwargs)
        self.term = term

    def get_term(self, dataset=None):
        if self.term is None:
            self.term = Term.objects.current()
            if self.term is None:
                message = _("Create the current term before importing its roster.")
                if dataset is not None:
                    refuse_sheet(dataset, message)
                raise ValidationError(message)
        return self.term

    def get_export_order(self):
        return tuple(name for name in super().get_export_order() if name not in self.import_only)

    # ---- import ----------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._by_name, self._by_key, self._sheet = defaultdict(list), {}, defaultdict(list)
        term = self.get_term(dataset)
        self.fields["term_column"].widget.term = term
        super().before_import(dataset, **kwargs)
        # The term's roster, read once: by name (spaces aside) and by name and birth month.
        for deputy in Deputy.objects.filter(term=term).select_related("constituency"):
            name = normalise_name(deputy.name)
            self._by_name[name].append(deputy)
            self._by_key.setdefault((name, deputy.birth_month), deputy)
        # The sheet's rows of each name (Excel numbers), to flag namesakes and repeated rows.
        for index, row in enumerate(dataset.dict, 1):
            name = normalise_name(clean_text(row.get(NAME)))
            if name:
                self._sheet[name].append((self.excel_row(index), self._month(row)))

    @staticmethod
    def _month(row):
        try:
            return parse_month(row.get("出生年月"))
        except ValueError:
            return None  # reported when the row's fields are imported

    def get_queryset(self):
        queryset = Deputy.objects.select_related("constituency", "term")
        return queryset.filter(term=self.term) if self.term else queryset

    def get_instance(self, instance_loader, row):
        key = (normalise_name(clean_text(row.get(NAME))), self._month(row))
        return self._by_key.get(key)

    def init_instance(self, row=None):
        term = self.get_term()
        return Deputy(term=term, took_office=term.start_date)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        number = kwargs.get("row_number", 0)
        self._apply_levels(instance, row, errors)
        self._check_name(instance, row, number, errors)
        if errors:
            raise ValidationError(errors)

    def _apply_levels(self, instance, row, errors):
        """兼任 sets the three flags; where a flag has a yes/no column of its own, a filled 兼任 must agree."""
        if LEVELS not in row:
            return
        text = clean_text(row[LEVELS])
        for attribute, flag in levels_of(text).items():
            column = LEVEL_COLUMNS[attribute][0]
            if column not in row:
                setattr(instance, attribute, flag)
            elif text and attribute not in errors and getattr(instance, attribute) != flag:
                errors.setdefault(attribute, []).append(
                    _("“%(value)s” disagrees with the column %(other)s (“%(text)s”).")
                    % {"value": clean_text(row[column]), "other": LEVELS, "text": text}
                )

    def _check_name(self, instance, row, number, errors):
        typed = str(row.get(NAME) or "").strip()  # as typed: the preview shows which spaces go
        if not instance.name:
            errors.setdefault("name", []).append(_("The name is empty."))
            return
        if typed != instance.name:
            self.notice(
                _("“%(typed)s” is imported as “%(name)s” (spaces inside a name removed).")
                % {"typed": typed, "name": instance.name},
                row_number=number,
                column=NAME,
            )
        here = self.excel_row(number)
        month = instance.birth_month
        rows = self._sheet.get(instance.name, [])
        earlier = [r for r, m in rows if m == month and r < here]
        if earlier:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("This row repeats row %(row)s (the same name and birth month): keep one of the two.")
                % {"row": earlier[0]}
            )
        others = [r for r, m in rows if m != month]
        if others:
            self.notice(
                _(
                    "Rows %(rows)s of this sheet have a deputy of the same name: lists will tell them apart by "
                    "birth month and constituency."
                )
                % {"rows": "、".join(str(r) for r in sorted({here, *others}))},
                row_number=number,
                column=NAME,
            )
        namesakes = [d for d in self._by_name.get(instance.name, []) if d.pk != instance.pk]
        if namesakes:
            hints = namesake_hints(namesakes)
            self.notice(
                _(
                    "The roster already has %(others)s, another deputy of this name: both are kept, and lists "
                    "will tell them apart by birth month and constituency."
                )
                % {"others": "、".join(f"{d.name}（{hints[d.pk]}）" for d in namesakes)},
                row_number=number,
                column=NAME,
            )
