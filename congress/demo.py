"""The demo township: Wushenzhao (乌审召镇), its 4th term and sessions.

Every app adds its part of the demo in its own ``demo.py`` with a ``load()``
function; ``manage.py load_demo`` runs them in INSTALLED_APPS order. Each
loader is idempotent: it finds its records by natural keys and updates them.
The chair 王宝平 is the only real name (the seed report gives it); every
other person in the demo is fictional.
"""

import datetime
from importlib import import_module

from django.contrib.auth import get_user_model

from .models import Session, Term, TownshipProfile
from .roles import Role, grant_role

DEMO_PASSWORD = "demo-2022"
DOMAIN_APPS = ("congress", "deputies", "suggestions", "livelihood")

# The demo logins this module creates; every demo module lists its own.
ACCOUNTS = [
    ("admin", "超级管理员（运维）"),
    ("staff", "人大办工作人员：录入与管理全部记录"),
]


def demo_modules():
    """The demo modules of the domain apps, in INSTALLED_APPS order."""
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for label in DOMAIN_APPS:
        app = apps.get_app_config(label)
        if module_has_submodule(app.module, "demo"):
            yield import_module(f"{app.name}.demo")


def demo_user(username: str, role: Role | None = None, *, superuser=False, **fields):
    """Create or reset a demo account with the demo password."""
    user, _created = get_user_model().objects.get_or_create(username=username, defaults=fields)
    for key, value in fields.items():
        setattr(user, key, value)
    user.is_superuser = superuser
    user.is_staff = superuser or user.is_staff
    user.set_password(DEMO_PASSWORD)
    user.save()
    if role:
        grant_role(user, role)
    return user


FOURTH_TERM = {
    "ordinal": 4,
    "start_date": datetime.date(2021, 9, 22),
    "end_date": datetime.date(2026, 12, 31),
    "seats": 70,
}
SESSIONS = [
    (1, datetime.date(2021, 9, 22), datetime.date(2021, 9, 23), 68),
    (2, datetime.date(2022, 1, 14), datetime.date(2022, 1, 14), 64),
    (3, datetime.date(2022, 12, 16), datetime.date(2022, 12, 16), 62),
]


def load():
    TownshipProfile.objects.update_or_create(
        pk=1,
        defaults={
            "township": "乌审召镇",
            "banner": "乌审旗",
            "city": "鄂尔多斯市",
            "region": "内蒙古自治区",
            "presidium_address": "乌审召镇人民政府院内（演示地址）",
            "deputies_home_address": "乌审召镇人大代表之家（演示地址）",
            "office_contact": "张晓燕（演示）",
            "office_phone": "0477-0000000",
            "platform_title": "乌审召镇人大主席团工作平台",
            "introduction": (
                "乌审召镇位于鄂尔多斯市乌审旗，镇人大主席团在闭会期间主持镇人大工作，"
                "联系代表、督办代表建议、组织民生实事项目票决。本平台中的人员除人大主席外均为演示用虚构人物。"
            ),
        },
    )
    term, _created = Term.objects.update_or_create(ordinal=FOURTH_TERM["ordinal"], defaults=FOURTH_TERM)
    for ordinal, start, end, present in SESSIONS:
        Session.objects.update_or_create(
            term=term,
            ordinal=ordinal,
            defaults={
                "title": "",
                "start_date": start,
                "end_date": end,
                "place": "乌审召镇人民政府会议室",
                "deputies_present": present,
            },
        )
    demo_user("admin", superuser=True, first_name="管理员")
    demo_user("staff", Role.STAFF, first_name="人大办")
    return term
