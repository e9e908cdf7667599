"""The ledger (台账) as an Excel sheet: exported with the latest reply and evaluation, imported from an office's own.

An imported row is replayed through the workflow as the importing staff
member (register → assign → contacts → reply → evaluate → close, or reject),
so every imported item has the same events, rounds and history as one entered
by hand. A row whose 编号 is already on the platform is skipped. Nothing is
written if any row is wrong (``congress.importing.run_import``).

Two paths give the same records. ``LedgerResource`` (the admin's, the default)
takes each row's transitions in memory — the states, reach and guards of
``workflow.ALLOWED``, the same handlers' rules — while it checks the sheet, and
once every row is good writes each table with a few INSERTs (``LedgerWriter``):
a 10,000-row ledger costs a few hundred statements instead of 60 a row. The
names a sheet refers to (deputies, units, supervisors) are read once per import
(``Lookups``). ``LedgerReplayResource`` replays each row through
``workflow.apply`` one transition at a time; the tests hold the two to the same
records.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from simple_history.models import HistoricalRecords

from congress import cache
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
from congress.roles import Role, has_role, is_staff_member
from deputies.models import Deputy, PresidiumMembership

from . import notifications, supervision, workflow
from .choices import (
    GOOD_RATINGS,
    AssignmentRole,
    Category,
    ContactForm,
    Rating,
    ResultClass,
    Source,
    State,
    Transition,
)
from .models import (
    Assignment,
    Contact,
    Evaluation,
    HandlingUnit,
    Reply,
    Round,
    Suggestion,
    SuggestionEvent,
    YearCounter,
)
from .workflow import Reach, TransitionError

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


class Lookups:
    """The names a sheet refers to, each read once per import instead of once per cell.

    The same answers as asking the database cell by cell: a deputy by name on the
    current term's roster (two of one name is an error), a unit by its name, a
    supervisor among the presidium members still in office (the first one in the
    presidium's order).
    """

    @cached_property
    def _deputies(self) -> dict[str, list[Deputy]]:
        term = Term.objects.current()
        deputies = Deputy.objects.all() if term is None else Deputy.objects.filter(term=term)
        by_name: dict[str, list[Deputy]] = {}
        for deputy in deputies:
            by_name.setdefault(deputy.name, []).append(deputy)
        return by_name

    @cached_property
    def _units(self) -> dict[str, HandlingUnit]:
        return {unit.name: unit for unit in HandlingUnit.objects.all()}

    @cached_property
    def _members(self) -> dict[str, PresidiumMembership]:
        members: dict[str, PresidiumMembership] = {}
        for member in PresidiumMembership.objects.filter(end_date__isnull=True).select_related("deputy"):
            members.setdefault(member.deputy.name, member)
        return members

    def deputy(self, name: str) -> Deputy:
        found = self._deputies.get(name, [])
        if not found:
            raise ValueError(_("No deputy named “%(name)s” is on the roster.") % {"name": name})
        if len(found) > 1:
            raise ValueError(
                _("Two deputies are named “%(name)s”; enter this item by hand.") % {"name": name}
            )
        return found[0]

    def unit(self, name: str) -> HandlingUnit:
        unit = self._units.get(name)
        if unit is None:
            raise ValueError(
                _("No handling unit is called “%(name)s”; add it under handling units first.")
                % {"name": name}
            )
        return unit

    def supervisor(self, text: str) -> PresidiumMembership | str:
        return self._members.get(text.replace(" ", "")) or text


class LookupWidget(widgets.Widget):
    """A widget that finds records by name through the import's ``Lookups`` (set by the resource)."""

    lookups: Lookups | None = None

    def found(self) -> Lookups:
        if self.lookups is None:
            self.lookups = Lookups()
        return self.lookups


class DeputyWidget(LookupWidget):
    """A deputy by name, on the current term's roster."""

    def clean(self, value, row=None, **kwargs):
        name = clean_text(value).replace(" ", "")
        if not name:
            return None
        return self.found().deputy(name)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class DeputiesWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        return [self.found().deputy(name) for name in split_names(value)]

    def render(self, value, obj=None, **kwargs):
        return "、".join(d.name for d in value or [])


class UnitWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        name = clean_text(value).replace(" ", "")
        return self.found().unit(name) if name else None


class UnitsWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        return [self.found().unit(name) for name in split_names(value)]


class SupervisorWidget(LookupWidget):
    """督办人: a presidium member by name, otherwise the township leader as written."""

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return None
        supervisor = self.found().supervisor(text)
        if isinstance(supervisor, str):  # a leader as written: it must fit the round's column
            try:
                MaxLengthValidator(Round._meta.get_field("supervisor_leader").max_length)(supervisor)
            except ValidationError as error:
                raise ValueError(error.messages[0]) from None
        return supervisor


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


class PreviewRow(resources.Diff):
    """A row of the import preview: the values the row brings, as they are.

    import-export's own diff compares every cell with the record's former value,
    character by character. A ledger import only adds items (a row already on
    file is skipped, not changed), so there is nothing to compare: showing the
    values costs a tenth of it.
    """

    def __init__(self, resource, instance, new):
        self.left, self.right, self.new = [], [], new

    def as_html(self):
        return [force_str(value) for value in self.right]  # the template escapes them


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
    # Export only: the latest supervision note and how many days ago it was (read-only on import).
    supervision_note = fields.Field(
        "export_supervision_note", "最新督办记录", widget=TextWidget(), readonly=True
    )
    supervision_days = fields.Field("export_supervision_days", "距最新督办天数", readonly=True)
    public = fields.Field("public", "公开", widget=BooleanTextWidget())
    note = fields.Field("import_note", "备注", widget=TextWidget())
    # Export only: what the office entered for a unit or the deputy, and who entered it (代录).
    on_behalf = fields.Field("import_on_behalf", "由人大办代录", widget=TextWidget(), readonly=True)

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
            "supervision_note",
            "supervision_days",
            "public",
            "note",
            "on_behalf",
        )
        import_id_fields = ("number",)
        skip_unchanged = False
        report_skipped = True
        clean_model_instances = True
        # Rows are checked (and their transitions taken in memory) one by one; nothing is
        # written until every row is good, then ``bulk_create`` writes them all.
        use_bulk = True
        batch_size = None  # all rows at the end, not a thousand at a time: a bad row must stop every write

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self.writer: LedgerWriter | None = None

    # --- import ---------------------------------------------------------------------------------

    def get_diff_class(self):
        return PreviewRow

    @cached_property
    def _import_attributes(self) -> list[str]:
        return [f.attribute for f in self.get_import_fields()]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)  # finds the header row, names the columns
        lookups = Lookups()
        for import_field in self.fields.values():
            if isinstance(import_field.widget, LookupWidget):
                import_field.widget.lookups = lookups
        if self._meta.use_bulk:
            given = dataset["编号"] if "编号" in (dataset.headers or []) else []
            self.writer = LedgerWriter(self.actor, numbers=[clean_text(n) for n in given])

    def get_instance(self, instance_loader, row):
        number = clean_text(row.get("编号"))
        if not number:
            return None
        if self.writer is not None:  # the numbers on file were read once; earlier rows count as on file
            return self.writer.numbered(number)
        return Suggestion.objects.filter(number=number).first()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An item already on the platform (or on an earlier row) is handled there, not overwritten.
        return instance.pk is not None or LedgerWriter.is_planned(instance)

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None or LedgerWriter.is_planned(instance):
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
            # The lead deputy was found on the roster just now, and the row rules above hold the
            # constraints (a proposer; the state is the workflow's): no queries to check them again.
            instance.full_clean(
                exclude=[*errors, "number", "state", "current_round", "lead_deputy"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_row(self, s, errors: dict) -> None:
        """The rules one row must keep, named by attribute (reported under the Chinese column)."""
        pending = {attribute: getattr(s, attribute, None) for attribute in self._import_attributes}
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
        """Replay the row through the workflow as the importing staff member, telling no one.

        In bulk the transitions are taken in memory (a rule the row breaks is
        reported on its row now) and written with every other row's by ``bulk_create``.
        """
        if self._meta.use_bulk:
            self._replay(instance, self.writer.plan(instance))
            self.create_instances.append(instance)
            return
        with notifications.muted():
            self._replay(instance, _Replay(instance, self.actor))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write every planned row, unless a row was refused: then nothing is written."""
        try:
            refused = result is not None and (result.has_errors() or result.has_validation_errors())
            if self.create_instances and not refused and (using_transactions or not dry_run):
                self.writer.write()
        except Exception as error:  # reported as the import's error, as import-export does
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def _replay(self, s, run):
        """The row's history, transition by transition (``run`` takes them now or plans them)."""

        def get(key):
            return getattr(s, f"import_{key}", None)

        noon = workflow.noon
        run.apply(
            Transition.REGISTER,
            at=noon(s.received_on),
            number=s.number or None,
            co_signers=get("co_signers") or [],
        )
        if get("state") == State.REJECTED:
            run.apply(Transition.REJECT, reason=get("note") or _("Rejected (imported)."))
            return
        if not get("lead_unit"):
            return
        supervisor = get("supervisor")
        assigned_on = get("assigned_on") or s.received_on
        run.apply(
            Transition.ASSIGN,
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
            run.apply(Transition.START, at=noon(first_date), form=first_form, contacted_on=first_date)
            for contacted_on, form in contacts[1:]:
                run.add_contact(form=form, contacted_on=contacted_on)
        if get("reply_text"):
            run.apply(
                Transition.REPLY,
                at=noon(get("replied_on")),
                text=get("reply_text"),
                result_class=get("result_class"),
                replied_on=get("replied_on"),
            )
        if get("rating"):
            evaluated_on = get("evaluated_on") or get("replied_on")
            run.apply(
                Transition.EVALUATE,
                at=noon(evaluated_on),
                rating=get("rating"),
                comment=get("comment") or "",
                evaluated_on=evaluated_on,
            )
        if get("state") == State.CLOSED:
            # Closed without a rating (an outside proposer's item): the sheet's note is the reason.
            reason = "" if get("rating") else (get("note") or _("Closed in the imported ledger."))
            run.apply(Transition.CLOSE, reason=reason)

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

    def dehydrate_supervision_note(self, s):
        note = supervision.latest_note(s) if s.pk else None
        return supervision.summary(note, age=False) if note else ""

    def dehydrate_supervision_days(self, s):
        note = supervision.latest_note(s) if s.pk else None
        return supervision.days_since(note) if note else ""

    def dehydrate_on_behalf(self, s):
        from .selectors import on_behalf_entries

        return "；".join(on_behalf_entries(s))

    def dehydrate_note(self, s):
        if s.state == State.REJECTED:
            return next((e.note for e in s.events.all() if e.transition == Transition.REJECT), "")
        if s.state == State.CLOSED and s.lead_deputy_id is None and self._evaluation(s) is None:
            # An outside proposer's item closed without an evaluation: the reason it was closed.
            return next((e.note for e in s.events.all() if e.transition == Transition.CLOSE), "")
        return ""

    def get_queryset(self):
        from .selectors import ledger

        return ledger().prefetch_related("events").order_by("received_on", "number")


class LedgerReplayResource(LedgerResource):
    """The same ledger import, each row written through ``workflow.apply`` as it is read.

    About 60 statements a row: kept as the reference the bulk path is tested against.
    """

    class Meta:
        use_bulk = False


@dataclass
class _Replay:
    """Takes a row's transitions now, through ``workflow.apply`` (the row-by-row path)."""

    suggestion: Suggestion
    actor: object

    def apply(self, transition, **data):
        workflow.apply(self.suggestion, transition, actor=self.actor, **data)

    def add_contact(self, *, form, contacted_on):
        round_ = self.suggestion.current_round
        contact = Contact(
            round=round_,
            unit=round_.lead_unit,
            form=form,
            contacted_on=contacted_on,
            recorded_by=self.actor,
            on_behalf=True,  # the office's ledger: staff entered it
        )
        contact._history_user = self.actor
        contact.save()


# --- the bulk path ---------------------------------------------------------------------------------

BATCH_SIZE = 1000


@dataclass
class _Snapshot:
    """One historical record of a suggestion, as a ``save()`` at that step would have written it."""

    history_type: str
    reason: str
    state: str
    round: Round | None


@dataclass
class _Planned:
    """One row's records, built in memory by taking its transitions as ``workflow.apply`` does."""

    writer: LedgerWriter
    suggestion: Suggestion
    co_signers: list = field(default_factory=list)
    round: Round | None = None
    assignments: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    reply: Reply | None = None
    evaluation: Evaluation | None = None
    events: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)
    registered: bool = False

    # -- what workflow.apply does, on unsaved records --

    def apply(self, transition, *, at=None, note: str = "", **data):
        transition = Transition(transition)
        rule = workflow.ALLOWED[transition]
        s = self.suggestion
        from_state = s.state if self.registered else ""
        if (from_state or None) not in rule.sources:
            raise TransitionError(
                _("Suggestion %(number)s is “%(state)s”: “%(transition)s” is not possible now.")
                % {
                    "number": s.number,
                    "state": State(from_state).label if from_state else "—",
                    "transition": transition.label,
                }
            )
        reach = self.reach()
        if not rule.reach & reach:
            raise PermissionDenied(
                _("You may not %(transition)s this suggestion.") % {"transition": transition.label}
            )
        if rule.guard and (reason := rule.guard(s, reach)):
            raise TransitionError(reason)
        handler = getattr(self, f"_{transition.value}")
        label = str(transition.label)
        party_data = {}
        if transition in workflow.PARTY_STEPS:  # workflow.apply: a party's step entered by staff
            on_behalf = workflow.PARTY_STEPS[transition] not in reach
            party = self.lead_unit if workflow.PARTY_STEPS[transition] == Reach.LEAD_UNIT else s.lead_deputy
            party_data = {"on_behalf": on_behalf}
            party_name = str(party) if party is not None else s.external_proposer
            if on_behalf:
                label = f"{transition.label}（{workflow.on_behalf_label(None)}）"
        event_data = handler(reach=reach, note=note, **data, **party_data)
        if party_data.get("on_behalf"):
            event_data["on_behalf"] = True
            event_data["on_behalf_of"] = party_name
        note = event_data.pop("note", note)
        s.state = rule.target
        if transition == Transition.REGISTER:
            self._snapshot("+", label)
            if self.co_signers:  # co_signers.set() after the first save: its own record
                self._snapshot("~", label)
        else:
            self._snapshot("~", label)
        self.events.append(
            SuggestionEvent(
                suggestion=s,
                transition=transition,
                from_state=from_state,
                to_state=rule.target,
                round=event_data.pop("round", None) or s.current_round,
                actor=self.writer.actor,
                at=at or timezone.now(),
                note=note,
                data=event_data,
            )
        )

    def add_contact(self, *, form, contacted_on):
        self.contacts.append(
            Contact(
                round=self.round,
                unit=self.lead_unit,
                form=form,
                contacted_on=contacted_on,
                recorded_by=self.writer.actor,
                on_behalf=True,  # the office's ledger: staff entered it
            )
        )

    def reach(self) -> set[Reach]:
        """``workflow.reach_of`` for this row's records."""
        writer, s = self.writer, self.suggestion
        reach = set(writer.reach)
        if s.current_round is not None and writer.unit_ids is not None:
            for assignment in self.assignments:
                if assignment.unit_id in writer.unit_ids:
                    reach.add(Reach.LEAD_UNIT if assignment.role == AssignmentRole.LEAD else Reach.CO_UNIT)
        if s.lead_deputy_id and writer.deputy_id is not None and writer.deputy_id == s.lead_deputy_id:
            reach.add(Reach.LEAD_DEPUTY)
        return reach

    @property
    def lead_unit(self):
        return next((a.unit for a in self.assignments if a.role == AssignmentRole.LEAD), None)

    @property
    def co_units(self):
        # In the lists' order (Assignment.Meta.ordering: by the unit's name).
        return sorted((a.unit for a in self.assignments if a.role == AssignmentRole.CO), key=lambda u: u.name)

    def _snapshot(self, history_type: str, reason: str):
        s = self.suggestion
        self.snapshots.append(_Snapshot(history_type, reason, s.state, s.current_round))

    # -- the handlers (workflow._register, _assign, … on unsaved records) --

    def _register(self, *, reach, co_signers=(), number: str | None = None, note=""):
        s = self.suggestion
        s.number = self.writer.allocate_number(s.received_on.year, number)
        s.state = State.REGISTERED
        self.registered = True
        self.writer.claim(s)
        if co_signers:
            self.co_signers = list({d.pk: d for d in co_signers if d.pk != s.lead_deputy_id}.values())
        return {"number": s.number, "source": s.source}

    def _reject(self, *, reach, reason: str = "", note=""):
        if not reason.strip():
            raise TransitionError({"reason": _("Give the reason for not registering the item.")})
        return {"note": reason.strip()}

    def _assign(self, *, reach, key_supervision: bool | None = None, note="", **round_fields):
        round_ = self._new_round(**workflow._round_kwargs(round_fields))
        if key_supervision is not None:
            self.suggestion.key_supervision = key_supervision
        return {
            "round": round_,
            "round_number": round_.number,
            "lead_unit": str(self.lead_unit),
            "co_units": [str(unit) for unit in self.co_units],
            "deadline": round_.deadline.isoformat(),
            "supervisor": round_.supervisor,
        }

    def _new_round(
        self,
        *,
        lead_unit,
        co_units=(),
        assigned_on: datetime.date | None = None,
        deadline: datetime.date | None = None,
        supervisor_member=None,
        supervisor_leader: str = "",
    ) -> Round:
        assigned_on, deadline, supervisor_leader = workflow.round_terms(
            lead_unit=lead_unit,
            supervisor_member=supervisor_member,
            supervisor_leader=supervisor_leader,
            assigned_on=assigned_on,
            deadline=deadline,
        )
        round_ = Round(
            suggestion=self.suggestion,
            number=1,  # a new item's first round
            assigned_on=assigned_on,
            deadline=deadline,
            supervisor_member=supervisor_member,
            supervisor_leader=supervisor_leader,
        )
        self.assignments = [Assignment(round=round_, unit=lead_unit, role=AssignmentRole.LEAD)] + [
            Assignment(round=round_, unit=unit, role=AssignmentRole.CO)
            for unit in {u.pk: u for u in co_units if u.pk != lead_unit.pk}.values()
        ]
        self.round = round_
        self.suggestion.current_round = round_
        return round_

    def _start(self, *, reach, form: str = "", contacted_on=None, note: str = "", on_behalf=False):
        if not form:
            raise TransitionError({"form": _("Record how the unit contacted the deputy.")})
        unit = self.lead_unit
        if Reach.LEAD_UNIT in reach or Reach.CO_UNIT in reach:  # workflow._actor_unit
            unit = next(a.unit for a in self.assignments if a.unit_id in self.writer.unit_ids)
        contact = Contact(
            round=self.round,
            unit=unit,
            form=form,
            contacted_on=contacted_on or timezone.localdate(),
            note=note,
            recorded_by=self.writer.actor,
            on_behalf=on_behalf,
        )
        self.contacts.append(contact)
        return {"contact": contact.get_form_display(), "contacted_on": contact.contacted_on.isoformat()}

    def _reply(
        self, *, reach, text: str = "", result_class: str = "", replied_on=None, note="", on_behalf=False
    ):
        errors = {}
        if not text.strip():
            errors["text"] = _("Write the reply.")
        if not result_class:
            errors["result_class"] = _("Choose the result class A, B, C or D.")
        if errors:
            raise TransitionError(errors)
        if Reach.STAFF not in reach:
            waiting = [str(unit) for unit in self.co_units]  # no co-handling opinion is on a new round
            if waiting:
                raise TransitionError(
                    _("The co-handling units give their opinions before the reply: %(units)s.")
                    % {"units": "、".join(waiting)}
                )
        reply = Reply(
            text=text.strip(),
            result_class=result_class,
            replied_on=replied_on or timezone.localdate(),
            replied_by=self.writer.actor,
            on_behalf=on_behalf,
        )
        self.round.reply = reply  # also reply.round; the guards read it from the round
        self.reply = reply
        return {
            "result_class": reply.result_class,
            "replied_on": reply.replied_on.isoformat(),
            "on_time": reply.on_time,
        }

    def _evaluate(
        self, *, reach, rating: str = "", comment: str = "", evaluated_on=None, note="", on_behalf=False
    ):
        if not rating:
            raise TransitionError({"rating": _("Choose a rating.")})
        if rating == Rating.UNSATISFIED and not comment.strip():
            raise TransitionError(
                {"comment": _("Say what is missing, so that the unit can handle it again.")}
            )
        if self.evaluation is not None:
            raise TransitionError(_("This round's reply has already been evaluated."))
        evaluation = Evaluation(
            rating=rating,
            comment=comment.strip(),
            evaluated_on=evaluated_on or timezone.localdate(),
            evaluated_by=self.writer.actor,
            on_behalf=on_behalf,
        )
        self.round.evaluation = evaluation
        self.evaluation = evaluation
        return {"rating": evaluation.rating, "on_behalf": evaluation.on_behalf, "note": evaluation.comment}

    def _close(self, *, reach, reason: str = "", note=""):
        # As workflow._close: an outside proposer's unrated reply is closed with the reason.
        reason = (reason or note or "").strip()
        if self.suggestion.state == State.REPLIED:
            if not reason:
                raise TransitionError(
                    {"reason": _("Give the reason for closing the item without the proposer's evaluation.")}
                )
            return {"note": reason, "without_evaluation": True}
        return {"note": reason} if reason else {}


class LedgerWriter:
    """The bulk path of the ledger import: rows planned in memory, then every table written at once.

    ``plan(suggestion)`` gives the row's ``_Planned`` (its ``apply`` takes the
    transitions as ``workflow.apply`` would, on unsaved records, and raises on
    the row what the workflow would refuse). Numbers are handed out in the
    rows' order from the year's counter, locked for the transaction when the
    year is first met. ``write()`` then inserts the suggestions, co-signers,
    rounds, assignments, contacts, replies, evaluations, workflow events and
    every history record ``save()`` would have made, a thousand rows a statement.
    """

    def __init__(self, actor, *, numbers=()):
        self.actor = actor
        self.planned: list[_Planned] = []
        self.counters: dict[int, YearCounter] = {}
        self.claimed: dict[str, Suggestion] = {}
        authenticated = actor is not None and actor.is_authenticated
        self.reach = {Reach.STAFF} if authenticated and is_staff_member(actor) else set()
        self.unit_ids = (
            set(actor.handling_units.values_list("pk", flat=True))
            if authenticated and has_role(actor, Role.UNIT)
            else None
        )
        deputy = getattr(actor, "deputy", None) if authenticated and has_role(actor, Role.DEPUTY) else None
        self.deputy_id = deputy.pk if deputy is not None else None
        # The numbers the sheet gives, as written and as they would be stored, looked up once.
        wanted = {n for n in numbers if n} | {_stored_number(n) for n in numbers if n} - {None}
        self.on_file = {s.number: s for s in Suggestion.objects.filter(number__in=wanted)} if wanted else {}

    # -- while the rows are read --

    def numbered(self, number: str) -> Suggestion | None:
        """The item with this number on file or on an earlier row of the sheet (the row is then skipped)."""
        return self.on_file.get(number) or self.claimed.get(number)

    @staticmethod
    def is_planned(suggestion: Suggestion) -> bool:
        return getattr(suggestion, "_ledger_planned", False)

    def plan(self, suggestion: Suggestion) -> _Planned:
        planned = _Planned(writer=self, suggestion=suggestion)
        self.planned.append(planned)
        return planned

    def claim(self, suggestion: Suggestion) -> None:
        suggestion._ledger_planned = True
        self.claimed[suggestion.number] = suggestion

    def allocate_number(self, year: int, given: str | None = None) -> str:
        """``workflow.allocate_number``: the year's next number, or the office's own if unused."""
        counter = self.counters.get(year)
        if counter is None:
            counter, _created = YearCounter.objects.select_for_update().get_or_create(year=year)
            self.counters[year] = counter
        if given:
            try:
                given_year, sequence = (int(part) for part in given.split("-"))
            except ValueError:
                raise TransitionError(
                    _("The number “%(number)s” is not like 2022-001.") % {"number": given}
                ) from None
            if given_year != year:
                raise TransitionError(
                    _("The number %(number)s does not belong to the year received, %(year)s.")
                    % {"number": given, "year": year}
                )
            number = f"{year}-{sequence:03d}"
            if number in self.on_file or number in self.claimed:
                raise TransitionError(_("The number %(number)s is already taken.") % {"number": number})
            counter.last = max(counter.last, sequence)
        else:
            counter.last += 1
            number = f"{year}-{counter.last:03d}"
        return number

    # -- once every row is good --

    @transaction.atomic
    def write(self) -> None:
        planned = [p for p in self.planned if p.registered]
        self.planned = []
        if not planned:
            return
        now = timezone.now()
        for counter in self.counters.values():
            counter.save(update_fields=["last"])
        handled = [p for p in planned if p.round is not None]
        for p in handled:  # the suggestion is saved before its round: linked to it afterwards
            p.suggestion.current_round = None
        self._create(Suggestion, [p.suggestion for p in planned])
        through = Suggestion.co_signers.through
        self._create(
            through, [through(suggestion=p.suggestion, deputy=d) for p in planned for d in p.co_signers]
        )
        rounds = self._create(Round, [p.round for p in handled])
        for p in handled:
            p.suggestion.current_round = p.round
        first_round = Subquery(Round.objects.filter(suggestion=OuterRef("pk")).values("pk")[:1])
        for ids in _chunks([p.suggestion.pk for p in handled]):
            Suggestion.objects.filter(pk__in=ids).update(current_round=first_round)
        created = {
            Round: rounds,
            Assignment: self._create(Assignment, [a for p in handled for a in p.assignments]),
            Contact: self._create(Contact, [c for p in handled for c in p.contacts]),
            Reply: self._create(Reply, [p.reply for p in handled if p.reply]),
            Evaluation: self._create(Evaluation, [p.evaluation for p in handled if p.evaluation]),
        }
        self._create(SuggestionEvent, [e for p in planned for e in p.events])
        for model, objects in created.items():
            if objects:
                # As save() records them: "created", no reason, the user of the request (if any) — and
                # for what the workflow enters for a unit or a deputy, the importing staff member.
                user = model.history.model.get_default_history_user(objects[0])
                if model in (Contact, Reply, Evaluation):
                    user = self.actor
                _copy_to_history(model, [o.pk for o in objects], date=now, user=user)
        self._suggestion_history(planned, now)
        cache.data_changed()  # bulk_create sends no signals: a new data version on commit

    @staticmethod
    def _create(model, objects: list) -> list:
        return model.objects.bulk_create(objects, batch_size=BATCH_SIZE) if objects else objects

    def _suggestion_history(self, planned: list[_Planned], now) -> None:
        """Each suggestion's records as its saves made them: one per transition (and one for co-signers).

        A record is the suggestion as written, with the state (and, before the
        assignment, no round) it had at that step; records of the same step are
        copied in one statement, and every record after the co-signers were set
        lists them, as simple_history's records of a many-to-many field do.
        """
        steps: dict[tuple, list[int]] = {}
        for p in planned:
            for step, snapshot in enumerate(p.snapshots):
                key = (
                    step,
                    snapshot.history_type,
                    snapshot.reason,
                    snapshot.state,
                    snapshot.round is None,
                )
                steps.setdefault(key, []).append(p.suggestion.pk)
        for (step, history_type, reason, state, no_round), ids in sorted(steps.items()):
            overrides = {"state": state} | ({"current_round_id": None} if no_round else {})
            _copy_to_history(
                Suggestion,
                ids,
                # A microsecond apart, so that each record's previous one is well defined.
                date=now + datetime.timedelta(microseconds=step),
                user=self.actor,
                reason=reason,
                history_type=history_type,
                overrides=overrides,
            )
        history = Suggestion.history.model
        m2m = HistoricalRecords.m2m_models[Suggestion._meta.get_field("co_signers")]
        through = Suggestion.co_signers.through
        qn = connection.ops.quote_name

        def column(model, name):
            return qn(model._meta.get_field(name).column)

        for ids in _chunks([p.suggestion.pk for p in planned if p.co_signers]):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {qn(m2m._meta.db_table)} "
                    f"({column(m2m, 'history')}, {column(m2m, 'id')}, {column(m2m, 'suggestion')}, "
                    f"{column(m2m, 'deputy')}) "
                    f"SELECT h.{column(history, 'history_id')}, t.{column(through, 'id')}, "
                    f"t.{column(through, 'suggestion')}, t.{column(through, 'deputy')} "
                    f"FROM {qn(history._meta.db_table)} h INNER JOIN {qn(through._meta.db_table)} t "
                    f"ON t.{column(through, 'suggestion')} = h.{column(history, 'id')} "
                    f"WHERE h.{column(history, 'history_type')} = %s "
                    f"AND h.{column(history, 'id')} IN ({', '.join(['%s'] * len(ids))})",
                    ["~", *ids],
                )


def _chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _copy_to_history(model, ids, *, date, user, reason=None, history_type="+", overrides=None) -> None:
    """History records of rows just written, copied by the database (INSERT … SELECT) instead of built in Python.

    ``overrides`` gives a column its value at that step (e.g. the state before
    the later transitions); every other column is the row's.
    """
    history = model.history.model
    qn = connection.ops.quote_name
    overrides = overrides or {}
    columns, select, params = [], [], []
    for tracked in history.tracked_fields:
        columns.append(qn(history._meta.get_field(tracked.name).column))
        if tracked.attname in overrides:
            select.append("%s")
            params.append(overrides[tracked.attname])
        else:
            select.append(qn(model._meta.get_field(tracked.name).column))
    for name, value in (
        ("history_date", connection.ops.adapt_datetimefield_value(date)),
        ("history_type", history_type),
        ("history_user", getattr(user, "pk", None)),
        ("history_change_reason", reason),
    ):
        columns.append(qn(history._meta.get_field(name).column))
        select.append("%s")
        params.append(value)
    head = (
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} IN "
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(list(ids)):
            cursor.execute(head + f"({', '.join(['%s'] * len(chunk))})", [*params, *chunk])


def _stored_number(given: str) -> str | None:
    """2022-3 → 2022-003, as ``allocate_number`` keeps an office's own number (None if not a number)."""
    try:
        year, sequence = (int(part) for part in given.split("-"))
    except ValueError:
        return None
    return f"{year}-{sequence:03d}"
