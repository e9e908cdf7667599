"""图克镇, the demo's second township: a smaller 2022 and 2023 of its own (every person fictional).

Ten deputies of its 4th term in three constituencies, a chair and a vice-chair, its deputies'
home, two reception days, a research trip with its attendance and a post about it.
"""

import datetime

from deputies.models import HomeKind, MatterCategory, Outcome, PresidiumRole

D = datetime.date

CONSTITUENCIES = [
    ("图克嘎查选区", "图克嘎查"),
    ("葫芦素嘎查选区", "葫芦素嘎查"),
    ("图克社区选区", "图克社区及镇直单位"),
]

# name, gender, ethnicity, birth year, occupation, constituency (index), banner deputy
DEPUTIES = [
    ("赵立新", "male", "汉族", 1971, "图克镇党委委员、人大主席", 2, True),
    ("包金花", "female", "蒙古族", 1979, "图克镇人大专职副主席", 2, False),
    ("敖其尔", "male", "蒙古族", 1968, "图克嘎查党支部书记、嘎查委员会主任", 0, False),
    ("吉雅", "female", "蒙古族", 1985, "图克嘎查牧民", 0, False),
    ("孙海军", "male", "汉族", 1976, "图克嘎查种养殖大户", 0, False),
    ("特木尔", "male", "蒙古族", 1973, "葫芦素嘎查党支部书记", 1, True),
    ("陈秀兰", "female", "汉族", 1982, "葫芦素嘎查村医", 1, False),
    ("额尔德尼", "male", "蒙古族", 1990, "葫芦素嘎查合作社理事长", 1, False),
    ("马晓红", "female", "回族", 1987, "图克镇中心学校教师", 2, False),
    ("周振宇", "male", "汉族", 1980, "图克社区个体工商户", 2, False),
]
PRESIDIUM = [
    ("赵立新", PresidiumRole.CHAIR, "镇党委委员、人大主席", "主持主席团全面工作"),
    ("包金花", PresidiumRole.VICE_CHAIR, "人大专职副主席", "负责代表建议督办和代表之家建设"),
]

HOME = {
    "name": "图克镇人大代表之家",
    "kind": HomeKind.HOME,
    "address": "图克镇人民政府院内（演示地址）",
    "facilities": "代表接待室、代表议事室，配备代表履职书籍资料",
    "opening_hours": "工作日 8:30—12:00，14:30—18:00",
    "reception_day": 15,
    "reception_schedule": "每月15日为代表集中接待选民日（遇节假日顺延），各选区代表轮流值班。",
    "star_rating": 4,
    "rated_on": D(2022, 11, 18),
    "rated_by": "乌审旗人大常委会",
    "activity_rules": "代表之家由人大专职副主席负责日常工作；选民反映的问题建立台账，按期反馈。",
    "is_public": True,
}

# (date, visitors, deputies on duty, matters: (summary, category, outcome, outcome note))
RECEPTIONS = [
    (
        D(2022, 3, 15),
        6,
        ["包金花", "敖其尔"],
        [
            (
                "图克嘎查部分牧户饮水井水量不足。",
                MatterCategory.INFRASTRUCTURE,
                Outcome.SUGGESTION,
                "已形成代表建议交办。",
            ),
            ("咨询草原生态补奖发放时间。", MatterCategory.ECOLOGY, Outcome.ANSWERED, "当场解答。"),
        ],
    ),
    (
        D(2023, 3, 15),
        4,
        ["特木尔", "陈秀兰"],
        [
            (
                "葫芦素嘎查卫生室缺少常用药品。",
                MatterCategory.HEALTH_EDUCATION,
                Outcome.PASSED_TO_UNIT,
                "已转镇卫生院。",
            )
        ],
    ),
]

RESEARCH_TRIP = {
    "title": "赴嘎鲁图镇学习考察牧区现代化建设",
    "start": D(2022, 6, 16),
    "destination": "乌审旗嘎鲁图镇",
    "description": "考察嘎鲁图镇家庭牧场和合作社，交流牧区现代化试点的做法。",
}
ABSENT = {"孙海军": "外出务工", "周振宇": "家中有事请假"}

POST = (
    "赴嘎鲁图镇学习考察牧区现代化建设",
    "6月16日，镇人大主席团组织代表赴嘎鲁图镇考察家庭牧场和合作社，"
    "代表们结合图克镇实际，就发展舍饲养殖、壮大嘎查集体经济提出了意见建议。",
)
