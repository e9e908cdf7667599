"""The ledger (台账) as an Excel sheet: exported with the latest reply and evaluation, imported from an office's own.

An imported row is replayed through the workflow as the importing staff
member (register → assign → contacts → reply → evaluate → close, or reject),
so every imported item has the same events, rounds and history as one entered
by hand. A row whose 编号 is already on the platform is skipped. Nothing is
written if any row is wrong (``congress.importing.run_import``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from congress.importing import (
    BooleanTextWidget,
    ChoiceWidget,
    DateTextWidget,
    OfficeSheetResource,
    TextWidget,
    clean_text,
    parse_date,
)
from congress.models import Term
from deputies.models import Deputy, PresidiumMembership

from . import notifications, workflow
from .choices import (
    GOOD_RATINGS,
    Category,
    ContactForm,
    Rating,
    ResultClass,
    Source,
    State,
    Transition,
)
from .models import Contact, HandlingUnit, Suggestion

SEPARATORS = re.compile(r"[、,，;；/\s]+")
NUMBER = re.compile(r"^\d{4}-\d{1,4}$")

# The words offices write, whatever the interface language.
CHINESE = {
    "source": {
        Source.SESSION: "会议期间",
        Source.BETWEEN_SESSIONS: "闭会期间",
        Source.RECEPTION: "接待选民",
        Source.DELIBERATION: "审议意见",
        Source.BANNER_DEPUTY: "旗人大代表建议",
        Source.BANNER_CPPCC: "旗政协委员提案",
        Source.VOTER_OPINION: "社情民意",
    },
    "category": {
        Category.AGRICULTURE: "农牧业",
        Category.INFRASTRUCTURE: "道路、供水和基础设施",
        Category.TOWN: "住房供暖与城镇建设",
        Category.ECOLOGY: "生态环境",
        Category.SOCIAL: "社会保障与教育卫生",
        Category.GOVERNANCE: "社会治理与矛盾纠纷",
        Category.OTHER: "其他",
    },
    "state": {
        State.REGISTERED: "已登记",
        State.ASSIGNED: "已交办",
        State.IN_HANDLING: "办理中",
        State.REPLIED: "已答复",
        State.EVALUATED: "已测评",
        State.CLOSED: "已办结",
        State.REJECTED: "不予立案",
    },
    "result_class": {cls: f"{cls}类" for cls in ResultClass.values},
    "rating": {
        Rating.SATISFIED: "满意",
        Rating.BASICALLY_SATISFIED: "基本满意",
        Rating.UNSATISFIED: "不满意",
    },
    "contact_form": {
        ContactForm.IN_PERSON: "面谈",
        ContactForm.PHONE: "电话",
        ContactForm.VISIT: "走访",
        ContactForm.FORUM: "座谈",
        ContactForm.ONLINE: "微信",
    },
}
ALIASES = {
    "source": {
        "大会期间": Source.SESSION,
        "人代会期间": Source.SESSION,
        "会议": Source.SESSION,
        "闭会": Source.BETWEEN_SESSIONS,
        "接待": Source.RECEPTION,
        "接待日": Source.RECEPTION,
        "审议": Source.DELIBERATION,
        "旗人大代表": Source.BANNER_DEPUTY,
        "旗人大建议": Source.BANNER_DEPUTY,
        "旗政协提案": Source.BANNER_CPPCC,
        "政协提案": Source.BANNER_CPPCC,
    },
    "result_class": {
        **{cls: cls for cls in ResultClass.values},
        **{cls.lower(): cls for cls in ResultClass.values},
        "已经解决或基本解决": ResultClass.A,
        "已解决": ResultClass.A,
        "正在解决": ResultClass.B,
        "列入计划": ResultClass.C,
        "留作参考": ResultClass.D,
    },
    "rating": {"较满意": Rating.BASICALLY_SATISFIED},
    "contact_form": {"见面": ContactForm.IN_PERSON, "上门": ContactForm.VISIT, "视频": ContactForm.ONLINE},
}


class OfficeChoiceWidget(ChoiceWidget):
    """A choice written in the office's Chinese word (or an alias); exported the same way."""

    def __init__(self, name: str, choices):
        words = CHINESE[name]
        # The labels of the interface (in its language) are accepted too; errors list the office words.
        aliases = {str(label): value for value, label in choices} | ALIASES.get(name, {})
        super().__init__([(value, words[value]) for value, _label in choices], aliases)
        self.words = words

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None

    def render(self, value, obj=None, **kwargs):
        return self.words.get(value, "") if value else ""


def split_names(value) -> list[str]:
    return [name for name in SEPARATORS.split(clean_text(value)) if name]


class DeputyWidget(widgets.Widget):
    """A deputy by name, on the current term's roster."""

    def clean(self, value, row=None, **kwargs):
        name = clean_text(value).replace(" ", "")
        if not name:
            return None
        return find_deputy(name)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def find_deputy(name: str) -> Deputy:
    term = Term.objects.current()
    deputies = Deputy.objects.filter(name=name)
    if term is not None:
        deputies = deputies.filter(term=term)
    found = list(deputies[:2])
    if not found:
        raise ValueError(_("No deputy named “%(name)s” is on the roster.") % {"name": name})
    if len(found) > 1:
        raise ValueError(_("Two deputies are named “%(name)s”; enter this item by hand.") % {"name": name})
    return found[0]


class DeputiesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return [find_deputy(name) for name in split_names(value)]

    def render(self, value, obj=None, **kwargs):
        return "、".join(d.name for d in value or [])


def find_unit(name: str) -> HandlingUnit:
    unit = HandlingUnit.objects.filter(name=name).first()
    if unit is None:
        raise ValueError(
            _("No handling unit is called “%(name)s”; add it under handling units first.") % {"name": name}
        )
    return unit


class UnitWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        name = clean_text(value).replace(" ", "")
        return find_unit(name) if name else None


class UnitsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return [find_unit(name) for name in split_names(value)]


class SupervisorWidget(widgets.Widget):
    """督办人: a presidium member by name, otherwise the township leader as written."""

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return None
        member = (
            PresidiumMembership.objects.filter(deputy__name=text.replace(" ", ""), end_date__isnull=True)
            .select_related("deputy")
            .first()
        )
        return member or text


class ContactsWidget(widgets.Widget):
    """见面情况: "2023-03-01 电话；2023-04-02 面谈" → [(date, form), …]."""

    words = OfficeChoiceWidget("contact_form", ContactForm.choices)

    def clean(self, value, row=None, **kwargs):
        contacts = []
        for part in re.split(r"[；;\n]+", clean_text(value)):
            part = part.strip()
            if not part:
                continue
            date_text, _space, form_text = part.partition(" ")
            contacts.append((parse_date(date_text), self.words.clean(form_text or "面谈")))
        return contacts


class LedgerResource(OfficeSheetResource, resources.ModelResource):
    """台账: one row per suggestion with its latest round (units, deadline, reply, evaluation)."""

    number = fields.Field("number", "编号", widget=TextWidget())
    title = fields.Field("title", "标题", widget=TextWidget())
    content = fields.Field("content", "建议内容", widget=TextWidget())
    category = fields.Field("category", "类别", widget=OfficeChoiceWidget("category", Category.choices))
    source = fields.Field("source", "来源", widget=OfficeChoiceWidget("source", Source.choices))
    lead_deputy = fields.Field("lead_deputy", "领衔代表", widget=DeputyWidget())
    co_signers = fields.Field("import_co_signers", "附议代表", widget=DeputiesWidget())
    external_proposer = fields.Field("external_proposer", "提出人", widget=TextWidget())
    received_on = fields.Field("received_on", "收到日期", widget=DateTextWidget())
    lead_unit = fields.Field("import_lead_unit", "承办单位", widget=UnitWidget())
    co_units = fields.Field("import_co_units", "协办单位", widget=UnitsWidget())
    supervisor = fields.Field("import_supervisor", "督办人", widget=SupervisorWidget())
    assigned_on = fields.Field("import_assigned_on", "交办日期", widget=DateTextWidget())
    deadline = fields.Field("import_deadline", "办理时限", widget=DateTextWidget())
    state = fields.Field("import_state", "办理状态", widget=OfficeChoiceWidget("state", State.choices))
    contacts = fields.Field("import_contacts", "见面情况", widget=ContactsWidget())
    reply_text = fields.Field("import_reply_text", "答复情况", widget=TextWidget())
    replied_on = fields.Field("import_replied_on", "答复日期", widget=DateTextWidget())
    result_class = fields.Field(
        "import_result_class", "办理结果", widget=OfficeChoiceWidget("result_class", ResultClass.choices)
    )
    rating = fields.Field("import_rating", "满意度", widget=OfficeChoiceWidget("rating", Rating.choices))
    evaluated_on = fields.Field("import_evaluated_on", "测评日期", widget=DateTextWidget())
    comment = fields.Field("import_comment", "测评意见", widget=TextWidget())
    key_supervision = fields.Field("key_supervision", "重点督办", widget=BooleanTextWidget())
    public = fields.Field("public", "公开", widget=BooleanTextWidget())
    note = fields.Field("import_note", "备注", widget=TextWidget())

    header_aliases = {
        "建议编号": "编号",
        "序列号": "编号",
        "建议标题": "标题",
        "案由": "标题",
        "题目": "标题",
        "内容": "建议内容",
        "主要内容": "建议内容",
        "建议、批评和意见": "建议内容",
        "分类": "类别",
        "建议来源": "来源",
        "领衔人": "领衔代表",
        "提出代表": "领衔代表",
        "代表姓名": "领衔代表",
        "附议人": "附议代表",
        "联名代表": "附议代表",
        "提案人": "提出人",
        "登记日期": "收到日期",
        "提出日期": "收到日期",
        "主办单位": "承办单位",
        "牵头单位": "承办单位",
        "配合单位": "协办单位",
        "领衔督办": "督办人",
        "督办领导": "督办人",
        "办理期限": "办理时限",
        "期限": "办理时限",
        "状态": "办理状态",
        "见面": "见面情况",
        "答复内容": "答复情况",
        "办理情况": "答复情况",
        "办理结果类别": "办理结果",
        "结果": "办理结果",
        "满意度测评": "满意度",
        "代表意见": "测评意见",
        "测评时间": "测评日期",
    }
    required_headers = ("建议内容",)

    class Meta:
        model = Suggestion
        fields = (
            "number",
            "title",
            "content",
            "category",
            "source",
            "lead_deputy",
            "co_signers",
            "external_proposer",
            "received_on",
            "lead_unit",
            "co_units",
            "supervisor",
            "assigned_on",
            "deadline",
            "state",
            "contacts",
            "reply_text",
            "replied_on",
            "result_class",
            "rating",
            "evaluated_on",
            "comment",
            "key_supervision",
            "public",
            "note",
        )
        import_id_fields = ("number",)
        skip_unchanged = False
        report_skipped = True
        clean_model_instances = True

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor

    # --- import ---------------------------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        number = clean_text(row.get("编号"))
        return Suggestion.objects.filter(number=number).first() if number else None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An item already on the platform is handled there, not overwritten from a sheet.
        return instance.pk is not None

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            return
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._check_row(instance, errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, except the number and state the workflow gives."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "number", "state", "current_round"], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_row(self, s, errors: dict) -> None:
        """The rules one row must keep, named by attribute (reported under the Chinese column)."""
        pending = {f.attribute: getattr(s, f.attribute, None) for f in self.get_import_fields()}
        number = clean_text(s.number)
        if number and not NUMBER.match(number):
            errors["number"] = [_("Write the number like 2022-001.")]
        elif number and s.received_on and not number.startswith(f"{s.received_on.year}-"):
            errors["number"] = [_("The number's year is not the year received.")]
        if not s.title and s.content:
            s.title = s.content[:30]
        if not s.received_on and "received_on" not in errors:
            errors["received_on"] = [_("Give the date the suggestion was received.")]
        if s.lead_deputy is None and not s.external_proposer and "lead_deputy" not in errors:
            errors["lead_deputy"] = [
                _("Name the lead deputy, or the external proposer of a handed-down item.")
            ]
        if not s.source:
            s.source = Source.BANNER_DEPUTY if s.lead_deputy is None else Source.SESSION
        if not s.category:
            s.category = Category.OTHER
        state = pending.get("import_state")
        replied = pending.get("import_reply_text") or pending.get("import_result_class")
        if state == State.REJECTED:
            if pending.get("import_lead_unit"):
                errors["import_state"] = [_("A rejected item has no handling unit.")]
            return
        if (replied or pending.get("import_deadline")) and not pending.get("import_lead_unit"):
            errors.setdefault("import_lead_unit", [_("Name the lead unit of a handled item.")])
        if pending.get("import_lead_unit") and not pending.get("import_supervisor"):
            errors.setdefault(
                "import_supervisor",
                [_("Name the supervisor: a presidium member or a principal township leader.")],
            )
        if replied and not (pending.get("import_reply_text") and pending.get("import_result_class")):
            errors.setdefault("import_result_class", [_("A reply needs its text and its result class A–D.")])
        if replied and not pending.get("import_replied_on"):
            errors.setdefault("import_replied_on", [_("Give the date of the reply.")])
        if pending.get("import_rating") and not replied:
            errors.setdefault("import_rating", [_("Only a reply can be rated.")])
        if pending.get("import_rating") == Rating.UNSATISFIED and not pending.get("import_comment"):
            errors.setdefault(
                "import_comment", [_("Say what is missing, so that the unit can handle it again.")]
            )
        if state == State.CLOSED:
            rating = pending.get("import_rating")
            if rating and rating not in GOOD_RATINGS or not rating and s.lead_deputy is not None:
                errors.setdefault(
                    "import_state", [_("Only a satisfied or basically satisfied item is closed.")]
                )
        if state == State.IN_HANDLING and not pending.get("import_contacts"):
            errors.setdefault(
                "import_contacts", [_("An item in handling has a recorded contact with the deputy.")]
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        """Replay the row through the workflow as the importing staff member, telling no one."""
        with notifications.muted():
            self._replay(instance)

    def _replay(self, s):
        actor = self.actor
        noon = workflow.noon

        def get(key):
            return getattr(s, f"import_{key}", None)

        workflow.apply(
            s,
            Transition.REGISTER,
            actor=actor,
            at=noon(s.received_on),
            number=s.number or None,
            co_signers=get("co_signers") or [],
        )
        if get("state") == State.REJECTED:
            workflow.apply(s, Transition.REJECT, actor=actor, reason=get("note") or _("Rejected (imported)."))
            return
        if not get("lead_unit"):
            return
        supervisor = get("supervisor")
        assigned_on = get("assigned_on") or s.received_on
        workflow.apply(
            s,
            Transition.ASSIGN,
            actor=actor,
            at=noon(assigned_on),
            lead_unit=get("lead_unit"),
            co_units=get("co_units") or [],
            assigned_on=assigned_on,
            deadline=get("deadline"),
            supervisor_member=supervisor if isinstance(supervisor, PresidiumMembership) else None,
            supervisor_leader=supervisor if isinstance(supervisor, str) else "",
            key_supervision=s.key_supervision,
        )
        contacts = get("contacts") or []
        if contacts:
            first_date, first_form = contacts[0]
            workflow.apply(
                s,
                Transition.START,
                actor=actor,
                at=noon(first_date),
                form=first_form,
                contacted_on=first_date,
            )
            for contacted_on, form in contacts[1:]:
                Contact.objects.create(
                    round=s.current_round,
                    unit=s.current_round.lead_unit,
                    form=form,
                    contacted_on=contacted_on,
                    recorded_by=actor,
                )
        if get("reply_text"):
            workflow.apply(
                s,
                Transition.REPLY,
                actor=actor,
                at=noon(get("replied_on")),
                text=get("reply_text"),
                result_class=get("result_class"),
                replied_on=get("replied_on"),
            )
        if get("rating"):
            evaluated_on = get("evaluated_on") or get("replied_on")
            workflow.apply(
                s,
                Transition.EVALUATE,
                actor=actor,
                at=noon(evaluated_on),
                rating=get("rating"),
                comment=get("comment") or "",
                evaluated_on=evaluated_on,
            )
        if get("state") == State.CLOSED:
            workflow.apply(s, Transition.CLOSE, actor=actor)

    def save_m2m(self, instance, row, **kwargs):
        """Co-signers are set when the item is registered."""

    # --- export: the latest round of each item ------------------------------------------------

    def _round(self, s):
        return s.current_round

    def _reply(self, s):
        return workflow.reply_of(s.current_round)

    def _evaluation(self, s):
        return workflow.evaluation_of(s.current_round)

    def dehydrate_co_signers(self, s):
        return "、".join(d.name for d in s.co_signers.all()) if s.pk else ""

    def dehydrate_lead_unit(self, s):
        return str(s.current_round.lead_unit or "") if s.current_round else ""

    def dehydrate_co_units(self, s):
        return "、".join(str(a.unit) for a in s.current_round.co_assignments) if s.current_round else ""

    def dehydrate_supervisor(self, s):
        return s.current_round.supervisor if s.current_round else ""

    def dehydrate_assigned_on(self, s):
        return s.current_round.assigned_on.isoformat() if s.current_round else ""

    def dehydrate_deadline(self, s):
        return s.current_round.deadline.isoformat() if s.current_round else ""

    def dehydrate_state(self, s):
        return CHINESE["state"].get(s.state, "")

    def dehydrate_contacts(self, s):
        if not s.current_round:
            return ""
        words = CHINESE["contact_form"]
        return "；".join(
            f"{c.contacted_on.isoformat()} {words[c.form]}" for c in s.current_round.contacts.all()
        )

    def dehydrate_reply_text(self, s):
        reply = self._reply(s)
        return reply.text if reply else ""

    def dehydrate_replied_on(self, s):
        reply = self._reply(s)
        return reply.replied_on.isoformat() if reply else ""

    def dehydrate_result_class(self, s):
        reply = self._reply(s)
        return CHINESE["result_class"][reply.result_class] if reply else ""

    def dehydrate_rating(self, s):
        evaluation = self._evaluation(s)
        return CHINESE["rating"][evaluation.rating] if evaluation else ""

    def dehydrate_evaluated_on(self, s):
        evaluation = self._evaluation(s)
        return evaluation.evaluated_on.isoformat() if evaluation else ""

    def dehydrate_comment(self, s):
        evaluation = self._evaluation(s)
        return evaluation.comment if evaluation else ""

    def dehydrate_note(self, s):
        if s.state == State.REJECTED:
            return next((e.note for e in s.events.all() if e.transition == Transition.REJECT), "")
        return ""

    def get_queryset(self):
        from .selectors import ledger

        return ledger().prefetch_related("events").order_by("received_on", "number")
