"""The demo data in the tests: loaded as `make run` loads it, and the facts of the seed report it holds."""

import io

from django.core.management import call_command

# The livelihood projects the deputies voted for 2022, in the seed report's order.
SEED_PROJECTS_2022 = [
    "旧镇区文化广场球场建设项目",
    "新建镇区三处红绿灯项目",
    "查汗庙嘎查集中供水管道翻修项目",
    "绿洲社区和惠泽社区居民小区改造项目",
    "惠泽社区巷道硬化及新建雨污支管网项目",
    "巴音陶勒盖嘎查巴塔尔牧业社到苏东17号集气站道路改造项目",
]


def load_demo() -> str:
    """``manage.py load_demo`` (what start-up runs); returns what it printed."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()
