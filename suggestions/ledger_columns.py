"""The ledger sheet's columns: the words offices write, and the widgets that read names and lists.

The names a sheet refers to (deputies, units, supervisors) are read once per
import (``Lookups``) and shared by the widgets of its columns.
"""

from __future__ import annotations

import re
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import resources, widgets

from congress.importing import ChoiceWidget, clean_text, parse_date
from congress.models import Term
from deputies.models import Deputy, PresidiumMembership

from .choices import Category, ContactForm, Rating, ResultClass, Source, State
from .models import HandlingUnit, Round

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
