"""Demo supervision notes (督办记录) on the 2023 key items, and the demo member account as 斯琴's.

斯琴, the vice-chair in charge of following the deputies' suggestions, is the ``member`` login:
she supervises the cattle-breeding training item and has written a note on it; the chair's notes
on the ear-tag item were recorded by the office on his behalf. Dated from today, as the items'
deadlines are, so that "how long since" reads naturally. A second run adds nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from deputies.models import Deputy

from . import supervision
from .choices import SupervisionForm
from .models import Suggestion

MEMBER_LOGIN, MEMBER_DEPUTY = "member", "斯琴"

# title of the item, days ago, form, text, written by the member herself (else staff for the chair)
NOTES = [
    (
        "关于为牧户统一配发动物防疫耳标的建议",
        38,
        SupervisionForm.MEETING,
        "约见镇农业综合服务中心负责人，听取耳标配发进度汇报，要求按嘎查分片上门配发，月底前完成。",
        False,
    ),
    (
        "关于为牧户统一配发动物防疫耳标的建议",
        9,
        SupervisionForm.DEADLINE,
        "电话催办：距办理时限不足半月，要求承办单位本周内报送配发台账，并当面向代表通报进展。",
        False,
    ),
    (
        "关于开展肉牛冻精改良技术培训的建议",
        12,
        SupervisionForm.VISIT,
        "到巴音陶勒盖嘎查实地了解培训场地和牧户报名情况，督促承办单位尽快制定分片培训方案。",
        True,
    ),
]


def load(staff, term):
    member_user = _member_account(term)
    today = timezone.localdate()
    for title, days, form, text, by_member in NOTES:
        item = Suggestion.objects.filter(title=title).select_related("current_round").first()
        if item is None or item.supervision_notes.filter(text=text).exists():
            continue
        actor = member_user if by_member and member_user is not None else staff
        if not supervision.may_write(actor, item):
            continue  # an older demo database: the item is no longer under a member's supervision
        supervision.supervision_note_record(
            item, actor=actor, date=today - datetime.timedelta(days=days), form=form, text=text
        )


def _member_account(term):
    """The demo member login, linked to 斯琴's seat unless either is linked already."""
    user = get_user_model().objects.filter(username=MEMBER_LOGIN).first()
    deputy = Deputy.objects.filter(term=term, name=MEMBER_DEPUTY).first()
    if user is None or deputy is None:
        return None
    if deputy.user_id is None and not Deputy.objects.filter(user=user).exists():
        deputy.user = user
        deputy.save(update_fields=["user"])
    return user if deputy.user_id == user.pk else None
