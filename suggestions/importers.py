"""The ledger (台账) as an Excel sheet: exported with the latest reply and evaluation, imported from an office's own.

An imported row is replayed through the workflow as the importing staff
member (register → assign → contacts → reply → evaluate → close, or reject),
so every imported item has the same events, rounds and history as one entered
by hand. A row whose 编号 is already on the platform is skipped. Nothing is
written if any row is wrong (``congress.importing.run_import``).

While the sheet is checked, each row's transitions are the workflow's own
plans (``workflow.plan``: its states, reach, guards and refusals), taken in
memory; what the workflow refuses is reported on the row, under the column of
the input it refused. Once every row is good ``ledger_writer.LedgerWriter``
writes each table with a few INSERTs: a 10,000-row ledger costs a few hundred
statements instead of 60 a row. The columns and the widgets that read names
(read once per import) are in ``ledger_columns``.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from congress.importing import BooleanTextWidget, DateTextWidget, OfficeSheetResource, TextWidget, clean_text
from deputies.models import PresidiumMembership

from . import supervision, workflow
from .choices import Category, Rating, ResultClass, Source, State, Transition
from .ledger_columns import (  # noqa: F401 (CHINESE: the bench reads the words here)
    CHINESE,
    NUMBER,
    ContactsWidget,
    DeputiesWidget,
    DeputyWidget,
    Lookups,
    LookupWidget,
    OfficeChoiceWidget,
    PreviewRow,
    SupervisorWidget,
    UnitsWidget,
    UnitWidget,
)
from .ledger_writer import LedgerWriter
from .models import Suggestion
from .workflow import TransitionError

# A further contact of the round, after the first one that started the handling (not a transition).
CONTACT = "contact"

# Where the workflow's refusals are reported: the column holding the input each refused.
COLUMN_OF_INPUT = {
    "number": "number",
    "lead_unit": "import_lead_unit",
    "supervisor_member": "import_supervisor",
    "supervisor_leader": "import_supervisor",
    "assigned_on": "import_assigned_on",
    "deadline": "import_deadline",
    "form": "import_contacts",
    "text": "import_reply_text",
    "result_class": "import_result_class",
    "rating": "import_rating",
    "comment": "import_comment",
    "reason": "import_note",
}
COLUMN_OF_STEP = {
    Transition.REGISTER: "number",
    Transition.REJECT: "import_state",
    Transition.ASSIGN: "import_lead_unit",
    Transition.START: "import_contacts",
    Transition.REPLY: "import_reply_text",
    Transition.EVALUATE: "import_rating",
    Transition.CLOSE: "import_state",
    CONTACT: "import_contacts",
}


def _on_columns(error: ValidationError, step) -> dict:
    """A workflow refusal as a row's errors, under the columns of the input it refused."""
    if hasattr(error, "error_dict"):
        errors: dict = {}
        for name, messages in error.message_dict.items():
            errors.setdefault(COLUMN_OF_INPUT.get(name, COLUMN_OF_STEP[step]), []).extend(messages)
        return errors
    return {COLUMN_OF_STEP[step]: error.messages}


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
        """The model's own checks, except the number and state the workflow gives; then the row's steps.

        The steps are planned by the workflow as the importing staff member
        (``LedgerWriter.plan``): what it refuses is reported on the row, under
        the column that holds the input it refused.
        """
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
        if not errors:
            planned = self.writer.plan(instance)
            step = Transition.REGISTER
            try:
                for step, data in self._steps(instance):
                    if step == CONTACT:
                        planned.add_contact(**data)
                    else:
                        planned.apply(step, **data)
            except TransitionError as error:
                errors = _on_columns(error, step)
            except PermissionDenied as error:
                errors = {NON_FIELD_ERRORS: [str(error)]}
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
        if replied and not pending.get("import_replied_on"):
            errors.setdefault("import_replied_on", [_("Give the date of the reply.")])
        if pending.get("import_rating") and not replied:
            errors.setdefault("import_rating", [_("Only a reply can be rated.")])
        if state == State.IN_HANDLING and not pending.get("import_contacts"):
            errors.setdefault(
                "import_contacts", [_("An item in handling has a recorded contact with the deputy.")]
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        """The row's steps were planned when it was checked: written with every other row's by ``bulk_create``."""
        self.create_instances.append(instance)

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

    def _steps(self, s):
        """The row's history as workflow steps: ``(transition, data)``, and ``(CONTACT, data)`` for a further contact."""

        def get(key):
            return getattr(s, f"import_{key}", None)

        noon = workflow.noon
        yield (
            Transition.REGISTER,
            {
                "at": noon(s.received_on),
                "number": s.number or None,
                "co_signers": get("co_signers") or [],
            },
        )
        if get("state") == State.REJECTED:
            yield Transition.REJECT, {"reason": get("note") or _("Rejected (imported).")}
            return
        if not get("lead_unit"):
            return
        supervisor = get("supervisor")
        assigned_on = get("assigned_on") or s.received_on
        yield (
            Transition.ASSIGN,
            {
                "at": noon(assigned_on),
                "lead_unit": get("lead_unit"),
                "co_units": get("co_units") or [],
                "assigned_on": assigned_on,
                "deadline": get("deadline"),
                "supervisor_member": supervisor if isinstance(supervisor, PresidiumMembership) else None,
                "supervisor_leader": supervisor if isinstance(supervisor, str) else "",
                "key_supervision": s.key_supervision,
            },
        )
        contacts = get("contacts") or []
        if contacts:
            first_date, first_form = contacts[0]
            yield Transition.START, {"at": noon(first_date), "form": first_form, "contacted_on": first_date}
            for contacted_on, form in contacts[1:]:
                yield CONTACT, {"form": form, "contacted_on": contacted_on}
        if get("reply_text") or get("result_class"):
            yield (
                Transition.REPLY,
                {
                    "at": noon(get("replied_on")) if get("replied_on") else None,
                    "text": get("reply_text") or "",
                    "result_class": get("result_class") or "",
                    "replied_on": get("replied_on"),
                },
            )
        if get("rating"):
            evaluated_on = get("evaluated_on") or get("replied_on")
            yield (
                Transition.EVALUATE,
                {
                    "at": noon(evaluated_on),
                    "rating": get("rating"),
                    "comment": get("comment") or "",
                    "evaluated_on": evaluated_on,
                },
            )
        if get("state") == State.CLOSED:
            # Closed without a rating (an outside proposer's item): the sheet's note is the reason.
            reason = "" if get("rating") else (get("note") or _("Closed in the imported ledger."))
            yield Transition.CLOSE, {"reason": reason}

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
