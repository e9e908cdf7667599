"""图克镇's suggestions: three of 2022 (two closed, one replied and rated) and one of 2023 in handling."""

import datetime

from suggestions.choices import Category, Rating, Source, UnitKind

D = datetime.date

FARM = "图克镇农牧业综合服务中心"
BUILD = "图克镇村镇建设服务中心"
SOCIAL = "图克镇社会事务办公室"
UNITS = [
    (FARM, UnitKind.TOWNSHIP_DEPARTMENT, "农牧业技术推广"),
    (BUILD, UnitKind.TOWNSHIP_DEPARTMENT, "村镇建设、供水和道路"),
    (SOCIAL, UnitKind.TOWNSHIP_DEPARTMENT, "民政、卫生健康、文化体育"),
]
VICE_CHAIR = "包金花"
CHAIR = "赵立新"
SESSION_DAY = D(2022, 1, 13)

# title, content, category, source, lead deputy, co-signers, received on, unit, result, rating, closed
ITEMS = [
    (
        "关于硬化葫芦素嘎查通组道路的建议",
        "葫芦素嘎查通往各牧业组的道路为砂石路，雨季泥泞，牧民出行和拉运饲草困难。",
        Category.INFRASTRUCTURE,
        Source.SESSION,
        "特木尔",
        ["额尔德尼"],
        SESSION_DAY,
        BUILD,
        "B",
        Rating.BASICALLY_SATISFIED,
        True,
    ),
    (
        "关于解决图克嘎查牧户饮水困难的建议",
        "图克嘎查部分牧户饮水井水量不足，夏季用水紧张，希望打新井或接通集中供水。",
        Category.INFRASTRUCTURE,
        Source.RECEPTION,
        "敖其尔",
        [],
        D(2022, 3, 15),
        BUILD,
        "A",
        Rating.SATISFIED,
        True,
    ),
    (
        "关于增设图克社区健身器材的建议",
        "图克社区居民健身场地少，现有器材老化，希望增设一批健身器材。",
        Category.SOCIAL,
        Source.BETWEEN_SESSIONS,
        "马晓红",
        ["周振宇"],
        D(2022, 5, 9),
        SOCIAL,
        "A",
        Rating.SATISFIED,
        False,
    ),
]
# In handling: assigned, the unit has met the deputy, no reply yet.
IN_HANDLING = (
    "关于开展牧区舍饲养殖技术培训的建议",
    "牧户转向舍饲养殖后缺少饲喂和防疫技术，希望镇里组织技术培训。",
    Category.AGRICULTURE,
    "吉雅",
    D(2023, 4, 10),
    FARM,
)
