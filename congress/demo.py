"""The demo township: Wushenzhao (乌审召镇), its 4th term and sessions.

Every app adds its part of the demo in its own ``demo.py`` with a ``load()``
function; ``load_demo()`` runs them in INSTALLED_APPS order, and only into a
database that holds nothing people entered (``entered_rows()`` is empty): the
loaders find their own records by natural keys (names), which in a database
with real records could pick up, or overwrite, what staff entered. Replacing
what is there with the demo is ``reset_to_demo()`` (``manage.py demo_reset``),
which erases first. The chair 王宝平 is the only real name (the seed report
gives it); every other person in the demo is fictional.

The installation's first township is 乌审召镇: every ``load()`` runs inside its scope, so its
figures are the seed report's whatever else is loaded. A second township, 图克镇 (``/t/tuke/``),
has a smaller 2022/2023 of its own: each module's ``load_second_township()``, if it has one,
runs afterwards inside 图克镇's scope (its staff sign in as ``tuke_staff``).
"""

import datetime
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Session, Term, Township, TownshipProfile
from .roles import Role, grant_role
from .townships import KNOWN_SLUGS, first_township_id, place_account, scoped

DEMO_PASSWORD = "demo-2022"
DOMAIN_APPS = ("congress", "deputies", "suggestions", "livelihood")

# The demo logins this module creates; every demo module lists its own.
ACCOUNTS = [
    ("admin", "超级管理员（运维）"),
    ("staff", "人大办工作人员：录入与管理全部记录"),
    ("tuke_staff", "图克镇人大办工作人员：只看到、只录入图克镇的记录"),
]
# The installation's second demo township: a smaller year of its own (each app's ``load_second_township()``).
SECOND_TOWNSHIP = "图克镇"


def demo_modules():
    """The demo modules of the domain apps, in INSTALLED_APPS order."""
    from django.utils.module_loading import module_has_submodule

    for label in DOMAIN_APPS:
        app = apps.get_app_config(label)
        if module_has_submodule(app.module, "demo"):
            yield import_module(f"{app.name}.demo")


# Rows a migration makes (settings, the page cache's token, the first township): neither counted nor erased.
MIGRATION_MADE = {"congress.dataversion", "deputies.dutypointweight", "congress.township"}
# Beyond the project's own apps, what people enter or what names them.
ACCOUNT_MODELS = ("auth.user",)
RESET_ALSO = ("admin.logentry", "sessions.session")


def _project_models():
    """The concrete models of the project's apps (not of installed packages), history included.

    The history of a migration-made row counts: it names the accounts that changed it."""
    for app in apps.get_app_configs():
        path = Path(app.path)
        if not path.is_relative_to(settings.BASE_DIR) or {"site-packages", "dist-packages"} & set(path.parts):
            continue
        for model in app.get_models():
            if not model._meta.proxy and model._meta.label_lower not in MIGRATION_MADE:
                yield model


def is_history(model) -> bool:
    return hasattr(model, "instance_type")


def entered_rows() -> dict:
    """{model: rows} of every model holding rows that people (or an import, or the demo) put in."""
    models = [*_project_models(), *(apps.get_model(label) for label in ACCOUNT_MODELS)]
    counts = {model: model._base_manager.count() for model in models}
    return {model: n for model, n in counts.items() if n}


def load_demo() -> list[str]:
    """Load the demo township into a database that holds no records; the loaded modules' names."""
    with transaction.atomic():
        if entered_rows():
            raise RuntimeError("load_demo() runs on a database without records only; see reset_to_demo()")
        loaded = []
        with scoped(first_township_id()):
            for module in demo_modules():
                module.load()
                loaded.append(module.__name__)
        second = second_township()
        with scoped(second):
            for module in demo_modules():
                if hasattr(module, "load_second_township"):
                    module.load_second_township()
                    loaded.append(f"{module.__name__} ({second})")
    return loaded


def second_township() -> Township:
    """图克镇, the demo's second township (its public pages under /t/tuke/)."""
    township, _created = Township.objects.get_or_create(
        name=SECOND_TOWNSHIP, defaults={"slug": KNOWN_SLUGS[SECOND_TOWNSHIP], "sort_order": 3}
    )
    return township


def reset_to_demo() -> dict:
    """Erase every record and account (not the files), then load the demo; the rows erased, by model."""
    from . import cache
    from .backup import _clear_tables

    with transaction.atomic():
        erased = entered_rows()
        labels = [m._meta.label_lower for m in _project_models()]
        labels += [*ACCOUNT_MODELS, *RESET_ALSO]
        _clear_tables(transaction.get_connection(), labels)
        load_demo()
        cache.bump()
    return erased


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


def term_with_sessions(fields: dict, sessions, *, place: str):
    """The township in scope's term and its sessions ((ordinal, start, end, deputies present), held at ``place``)."""
    term, _created = Term.objects.update_or_create(ordinal=fields["ordinal"], defaults=fields)
    for ordinal, start, end, present in sessions:
        Session.objects.update_or_create(
            term=term,
            ordinal=ordinal,
            defaults={
                "title": "",
                "start_date": start,
                "end_date": end,
                "place": place,
                "deputies_present": present,
            },
        )
    return term


def load():
    # The installation's first township (a fresh database has a placeholder) is 乌审召镇.
    Township.objects.filter(pk=first_township_id()).update(name="乌审召镇", slug="wushenzhao", sort_order=2)
    TownshipProfile.objects.update_or_create(
        township_id=first_township_id(),
        defaults={
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
    term = term_with_sessions(FOURTH_TERM, SESSIONS, place="乌审召镇人民政府会议室")
    demo_user("admin", superuser=True, first_name="管理员")
    demo_user("staff", Role.STAFF, first_name="人大办")
    return term


# ---- the second township: 图克镇 ------------------------------------------------------------------

TUKE_TERM = {
    "ordinal": 4,
    "start_date": datetime.date(2021, 9, 24),
    "end_date": datetime.date(2026, 12, 31),
    "seats": 10,
}
TUKE_SESSIONS = [
    (1, datetime.date(2021, 9, 24), datetime.date(2021, 9, 24), 10),
    (2, datetime.date(2022, 1, 13), datetime.date(2022, 1, 13), 10),
    (3, datetime.date(2022, 12, 15), datetime.date(2022, 12, 15), 9),
]


def load_second_township():
    """图克镇 (inside its scope): the profile, the 4th term and its sessions, the staff's account."""
    township_id = second_township().pk
    TownshipProfile.objects.update_or_create(
        township_id=township_id,
        defaults={
            "banner": "乌审旗",
            "city": "鄂尔多斯市",
            "region": "内蒙古自治区",
            "presidium_address": "图克镇人民政府院内（演示地址）",
            "deputies_home_address": "图克镇人大代表之家（演示地址）",
            "office_contact": "李文静（演示）",
            "office_phone": "0477-0000001",
            "platform_title": "图克镇人大主席团工作平台",
            "introduction": (
                "图克镇位于鄂尔多斯市乌审旗东北部，镇人大主席团在闭会期间主持镇人大工作。"
                "本平台中图克镇的人员、建议和项目均为演示用虚构内容。"
            ),
        },
    )
    term = term_with_sessions(TUKE_TERM, TUKE_SESSIONS, place="图克镇人民政府会议室")
    staff = demo_user("tuke_staff", Role.STAFF, first_name="图克镇人大办")
    place_account(staff, township_id)
    return term
