"""Demo of the deputies' duty work: Wushenzhao's 2022 as the seed report tells it, and a little of 2023.

Called from ``deputies.demo.load()`` after the roster. The 2022 figures it
yields are the seed's: 83 reception person-times ("80多人次"), 5 research
trips, 60 deputies at research activities of 67 in office (89.55%), 6
deliberations of government special work reports with 32 opinions ("30余条").
Every person except the chair is fictional; voters are anonymised.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from congress.models import Session

from .models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Deliberation,
    DeputiesHome,
    DutyReport,
    HomeKind,
    MatterCategory,
    Opinion,
    Outcome,
    PresidiumContact,
    PresidiumMembership,
    Reception,
    ReceptionMatter,
    ReportingBody,
    VoterContact,
)

D = datetime.date

# Who each presidium member keeps in touch with: the constituencies of their duty division.
PRESIDIUM_CONTACTS = {
    "王宝平": ["镇直机关选区"],
    "斯琴": ["查汗庙嘎查选区", "巴音陶勒盖嘎查选区"],
    "额尔敦": ["乌审召嘎查选区"],
    "刘海燕": ["绿洲社区选区"],
    "巴雅尔": ["巴音敖包嘎查选区"],
    "张志强": ["惠泽社区选区"],
}

# Contact points (嘎查/社区 and their 牧业社/小区) per constituency.
CONTACT_POINTS = {
    "乌审召嘎查选区": ["乌审召嘎查第一牧业社", "乌审召嘎查第二牧业社", "乌审召嘎查第三牧业社"],
    "查汗庙嘎查选区": ["查汗庙嘎查第一牧业社", "查汗庙嘎查第二牧业社", "查汗庙嘎查第三牧业社"],
    "巴音陶勒盖嘎查选区": [
        "巴音陶勒盖嘎查巴塔尔牧业社",
        "巴音陶勒盖嘎查第二牧业社",
        "巴音陶勒盖嘎查第三牧业社",
    ],
    "巴音敖包嘎查选区": ["巴音敖包嘎查第一牧业社", "巴音敖包嘎查第二牧业社"],
    "绿洲社区选区": ["绿洲社区一小区", "绿洲社区二小区", "绿洲社区三小区"],
    "惠泽社区选区": ["惠泽社区东区", "惠泽社区西区", "惠泽社区南区"],
    "镇直机关选区": ["绿洲社区", "惠泽社区"],
}

HOME = {
    "name": "乌审召镇人大代表之家",
    "kind": HomeKind.HOME,
    "address": "乌审召镇人民政府院内一楼（演示地址）",
    "facilities": "代表接待室、代表议事室、学习阅览室、履职档案室；配备电脑、投影、代表履职书籍资料，设代表之家工作交流微信群",
    "opening_hours": "工作日 8:30—12:00，14:30—18:00",
    "reception_day": 10,
    "reception_schedule": (
        "每月10日为代表集中接待选民日（遇节假日顺延），由主席团成员和各选区代表轮流值班，"
        "当场答复或登记转办选民反映的问题。平时选民可到代表之家或通过所在嘎查（社区）代表联络站反映意见建议。"
    ),
    "star_rating": 5,
    "rated_on": D(2022, 11, 18),
    "rated_by": "乌审旗人大常委会",
    "activity_rules": (
        "一、代表之家由镇人大主席团管理，人大专职副主席负责日常工作。\n"
        "二、每月10日为集中接待选民日，代表按排班值班，做好接待登记。\n"
        "三、选民反映的问题建立台账，能当场答复的当场答复，不能当场答复的转交有关单位或形成代表建议，并及时反馈。\n"
        "四、代表每年至少向原选区选民述职一次，接受选民评议。\n"
        "五、定期组织代表学习研讨、视察调研，开展微信“晒活动”。"
    ),
    "is_public": True,
}
STATION = {
    "name": "查汗庙嘎查代表联络站",
    "kind": HomeKind.STATION,
    "address": "查汗庙嘎查党群服务中心（演示地址）",
    "facilities": "接待室一间，代表公示栏",
    "opening_hours": "每周三上午",
    "reception_day": None,
    "reception_schedule": "每周三上午由本嘎查代表轮流接待选民。",
    "star_rating": None,
    "rated_on": None,
    "rated_by": "",
    "activity_rules": "",
    "is_public": True,
}

# The four 2022 reception matters that became suggestions (the suggestions demo links to them).
SUGGESTION_MATTERS = [
    "冬季饲草料价格上涨，部分牧户储草困难，希望协调饲草料储备和调运。",
    "绿洲社区老旧小区楼道照明损坏、无物业管理，居民出行不便。",
    "巴音敖包嘎查部分牧户家中手机和网络信号弱，影响生产生活。",
    "旧镇区文化广场缺少健身器材和夜间照明，群众活动不便。",
]

# 2022 reception days (each month on the 10th, postponed past holidays): visitors add up to 83.
# (date, visitors, deputies on duty, matters: (summary, category, outcome, outcome note))
RECEPTIONS_2022 = [
    (
        D(2022, 1, 10),
        6,
        ["斯琴", "乌云其其格", "阿拉坦"],
        [
            (
                "绿洲社区部分楼栋暖气不热，室温偏低。",
                MatterCategory.INFRASTRUCTURE,
                Outcome.PASSED_TO_UNIT,
                "已转镇规划建设办协调供热企业排查管网。",
            ),
            (SUGGESTION_MATTERS[0], MatterCategory.AGRICULTURE, Outcome.SUGGESTION, "已形成代表建议交办。"),
        ],
    ),
    (
        D(2022, 2, 10),
        5,
        ["王宝平", "其木格"],
        [
            (
                "咨询城乡居民医疗保险缴费时间和标准。",
                MatterCategory.SOCIAL_SECURITY,
                Outcome.ANSWERED,
                "当场解答缴费期限和渠道。",
            ),
        ],
    ),
    (
        D(2022, 3, 10),
        8,
        ["额尔敦", "图雅", "巴特尔"],
        [
            (
                "草畜平衡奖励资金何时发放。",
                MatterCategory.AGRICULTURE,
                Outcome.ANSWERED,
                "当场说明发放时间和查询方式。",
            ),
            (
                "两户牧民草场边界存在争议。",
                MatterCategory.GOVERNANCE,
                Outcome.PASSED_TO_UNIT,
                "已转镇司法所调解，双方达成协议。",
            ),
        ],
    ),
    (
        D(2022, 4, 11),
        7,
        ["刘海燕", "满都拉", "其其格"],
        [
            (
                SUGGESTION_MATTERS[1],
                MatterCategory.INFRASTRUCTURE,
                Outcome.SUGGESTION,
                "已形成代表建议交办。",
            ),
            (
                "咨询疫情期间外出务工返乡报备要求。",
                MatterCategory.HEALTH_EDUCATION,
                Outcome.ANSWERED,
                "当场解答报备流程。",
            ),
        ],
    ),
    (
        D(2022, 5, 10),
        9,
        ["巴雅尔", "朝鲁", "乌云其其格"],
        [
            (
                SUGGESTION_MATTERS[2],
                MatterCategory.INFRASTRUCTURE,
                Outcome.SUGGESTION,
                "已形成代表建议交办。",
            ),
            (
                "春季接羔期间兽药价格偏高。",
                MatterCategory.AGRICULTURE,
                Outcome.PASSED_TO_UNIT,
                "已转镇农牧业综合服务中心了解情况。",
            ),
        ],
    ),
    (
        D(2022, 6, 10),
        6,
        ["张志强", "宝音", "查干"],
        [
            (
                "惠泽社区小区门口道路破损。",
                MatterCategory.INFRASTRUCTURE,
                Outcome.PASSED_TO_UNIT,
                "已转镇规划建设办，列入维修计划。",
            ),
        ],
    ),
    (
        D(2022, 7, 11),
        7,
        ["斯琴", "高娃", "托娅"],
        [
            (
                "查汗庙嘎查低保户申请流程。",
                MatterCategory.SOCIAL_SECURITY,
                Outcome.ANSWERED,
                "当场讲解申请条件和材料。",
            ),
            (
                "夏季禁牧期间舍饲圈养补贴政策。",
                MatterCategory.ECOLOGY,
                Outcome.ANSWERED,
                "当场解答补贴标准。",
            ),
        ],
    ),
    (
        D(2022, 8, 10),
        8,
        ["王宝平", "乌云其其格", "娜仁花"],
        [
            (
                SUGGESTION_MATTERS[3],
                MatterCategory.HEALTH_EDUCATION,
                Outcome.SUGGESTION,
                "已形成代表建议交办。",
            ),
            (
                "嘎查集体经济收益分配不够公开。",
                MatterCategory.GOVERNANCE,
                Outcome.PASSED_TO_UNIT,
                "已转镇农村牧区经营管理站督促公开。",
            ),
        ],
    ),
    (
        D(2022, 9, 13),
        5,
        ["额尔敦", "孟和"],
        [
            (
                "中小学生上下学校车接送时间。",
                MatterCategory.HEALTH_EDUCATION,
                Outcome.ANSWERED,
                "当场说明校车运行安排。",
            ),
        ],
    ),
    (
        D(2022, 10, 10),
        9,
        ["斯琴", "苏日娜", "塔娜"],
        [
            (
                "疫情静默期间生活物资配送。",
                MatterCategory.SOCIAL_SECURITY,
                Outcome.PASSED_TO_UNIT,
                "已转镇疫情防控指挥部保供组。",
            ),
            (
                "冬季取暖用煤储备不足。",
                MatterCategory.SOCIAL_SECURITY,
                Outcome.PASSED_TO_UNIT,
                "已转镇应急办协调储煤。",
            ),
        ],
    ),
    (
        D(2022, 11, 10),
        6,
        ["刘海燕", "乌云其其格"],
        [
            (
                "老人高龄津贴认证方式。",
                MatterCategory.SOCIAL_SECURITY,
                Outcome.ANSWERED,
                "当场协助完成线上认证。",
            ),
        ],
    ),
    (
        D(2022, 12, 12),
        7,
        ["张志强", "萨仁", "哈斯"],
        [
            (
                "邻里之间因排水问题发生矛盾。",
                MatterCategory.GOVERNANCE,
                Outcome.PASSED_TO_UNIT,
                "已转社区调解委员会调解。",
            ),
            ("希望增加冬季牧区道路除雪频次。", MatterCategory.INFRASTRUCTURE, Outcome.PENDING, ""),
        ],
    ),
]
RECEPTIONS_2023 = [
    (
        D(2023, 1, 10),
        5,
        ["斯琴", "乌云其其格"],
        [
            (
                "春节前农民工工资支付。",
                MatterCategory.SOCIAL_SECURITY,
                Outcome.PASSED_TO_UNIT,
                "已转镇劳动保障所督办。",
            ),
        ],
    ),
    (
        D(2023, 2, 10),
        7,
        ["王宝平", "巴特尔"],
        [
            ("咨询2023年草原生态补奖政策。", MatterCategory.ECOLOGY, Outcome.ANSWERED, "当场解答。"),
        ],
    ),
    (
        D(2023, 3, 10),
        6,
        ["额尔敦", "乌云其其格", "图雅"],
        [
            ("嘎查活动室冬季取暖设施老化。", MatterCategory.INFRASTRUCTURE, Outcome.PENDING, ""),
        ],
    ),
]
# A reception the demo deputy logged in her portal, waiting for staff to confirm it.
PORTAL_RECEPTION = (D(2023, 3, 18), 4, "查汗庙嘎查党群服务中心", "牧户反映春季防火宣传不到位，希望增加宣传。")

DUTY_REPORTS_2022 = [
    # deputy, date, place, audience, satisfied, basically satisfied, unsatisfied
    ("乌云其其格", D(2022, 6, 21), "查汗庙嘎查党群服务中心", 36, 31, 5, 0),
    ("斯琴", D(2022, 6, 23), "巴音陶勒盖嘎查党群服务中心", 32, 28, 4, 0),
    ("额尔敦", D(2022, 7, 5), "乌审召嘎查党群服务中心", 30, 25, 5, 0),
    ("刘海燕", D(2022, 7, 12), "绿洲社区党群服务中心", 41, 35, 5, 1),
    ("巴雅尔", D(2022, 8, 2), "巴音敖包嘎查党群服务中心", 27, 22, 5, 0),
    ("张志强", D(2022, 8, 9), "惠泽社区党群服务中心", 38, 33, 4, 1),
    ("其木格", D(2022, 9, 6), "乌审召镇人大代表之家", 25, 21, 4, 0),
    ("巴特尔", D(2022, 9, 20), "乌审召嘎查党群服务中心", 29, 24, 5, 0),
]
DUTY_REPORTS_2023 = [
    ("阿拉坦", D(2023, 4, 12), "查汗庙嘎查党群服务中心", 30, 26, 4, 0),
]

# Research: five trips out and three visits to neighbouring townships. Sixty deputies of the
# 67 in office took part; these seven did not (and the two who left in 2022 did not either).
NOT_AT_RESEARCH = ["达来", "格日勒", "杨永平", "吴振华", "马文斌", "郭晓东", "高建军"]
# Of them, two missed every activity of the year.
NEVER_PRESENT = {"马文斌": "长期在外务工", "高建军": "长期病休"}
ABSENCE_REASONS = ["生病住院", "外出务工", "春季接羔", "家中有事请假", "疫情管控无法参加", "工作冲突"]

RESEARCH_TRIPS = [
    (
        D(2022, 4, 12),
        D(2022, 4, 13),
        "赴五原县学习考察乡村振兴工作",
        "巴彦淖尔市五原县",
        "学习五原县现代农业产业园、高标准农田建设和村集体经济发展经验。",
        "",
    ),
    (
        D(2022, 5, 17),
        D(2022, 5, 18),
        "赴杭锦后旗调研乡村振兴发展",
        "巴彦淖尔市杭锦后旗",
        "考察杭锦后旗乡村振兴示范村、农畜产品加工和人居环境整治。",
        "",
    ),
    (
        D(2022, 6, 14),
        D(2022, 6, 14),
        "赴鄂托克前旗调研草原生态保护",
        "鄂尔多斯市鄂托克前旗",
        "座谈交流草原生态保护补助奖励政策落实和舍饲养殖经验。",
        "",
    ),
    (
        D(2022, 7, 19),
        D(2022, 7, 20),
        "赴临河区调研现代农牧业",
        "巴彦淖尔市临河区",
        "考察临河区设施农业、肉羊养殖合作社和农牧民增收做法。",
        "",
    ),
    (
        D(2022, 8, 16),
        D(2022, 8, 17),
        "赴磴口县调研农业生态化转型",
        "巴彦淖尔市磴口县",
        "考察磴口县沙产业和生态农业，总结各地经验，对照反思我镇工作中的不足。",
        "形成《农业生态化转型调研报告》：提出推进草畜平衡、发展特色种养、培育合作社品牌、"
        "加强农牧业技术培训等四方面建议，已报镇党委、镇人民政府参考。",
    ),
]
REPORT_TITLE = "农业生态化转型调研报告"
# What the report says the five trips looked into ("就乡村振兴发展方面外出调研5次").
RESEARCH_SUBJECT = "乡村振兴发展"
SURVEYS = [
    (D(2022, 5, 26), "赴图克镇调研嘎查集体经济发展", "乌审旗图克镇"),
    (D(2022, 7, 7), "赴嘎鲁图镇调研人居环境整治", "乌审旗嘎鲁图镇"),
    (D(2022, 9, 15), "赴无定河镇调研代表之家建设", "乌审旗无定河镇"),
]

DELIBERATIONS_2022 = [
    (
        D(2022, 3, 25),
        "镇人民政府关于2022年民生实事项目实施计划的报告",
        [
            "建议民生实事项目分解到月，明确责任人和完工时限。",
            "查汗庙嘎查供水管道翻修要避开用水高峰期施工。",
            "镇区红绿灯选址要征求周边商户和学校意见。",
            "社区小区改造要公开施工方案，接受居民监督。",
            "巷道硬化同步考虑雨污分流，避免重复开挖。",
            "项目完工后要组织代表视察验收。",
        ],
    ),
    (
        D(2022, 5, 20),
        "镇人民政府关于草原生态保护和禁牧休牧工作情况的报告",
        [
            "禁牧休牧期间加大巡查力度，同时做好政策宣传。",
            "草原生态补奖资金要及时足额发放到户。",
            "协调解决休牧期牧户饲草料短缺问题。",
            "加强沙化草场治理，推广人工种草。",
            "对草场纠纷建立调解台账，及时化解矛盾。",
        ],
    ),
    (
        D(2022, 6, 28),
        "镇人民政府关于上半年经济社会发展情况的报告",
        [
            "下半年要抓紧推进重点项目开工，防止进度滞后。",
            "关注疫情对个体工商户经营的影响，落实纾困政策。",
            "加大对合作社和家庭牧场的金融支持。",
            "做好高校毕业生和返乡青年就业服务。",
            "加强安全生产检查，特别是燃气和道路交通安全。",
            "提高财政资金使用效率，严控一般性支出。",
        ],
    ),
    (
        D(2022, 8, 26),
        "镇人民政府关于乡村振兴和农牧业产业发展工作情况的报告",
        [
            "打造乌审召牛羊肉区域品牌，提升产品附加值。",
            "加强农牧业技术培训，培养本土技术人才。",
            "推动嘎查集体经济项目提质增效。",
            "完善农畜产品冷链和物流设施。",
            "巩固拓展脱贫攻坚成果，防止规模性返贫。",
        ],
    ),
    (
        D(2022, 9, 23),
        "镇人民政府关于人居环境整治和安全生产工作情况的报告",
        [
            "建立农村牧区垃圾收运长效机制。",
            "推进牧区旱厕改造，注重实用和群众意愿。",
            "加强对危化品运输车辆的管控。",
            "冬季前完成老旧燃气管道排查。",
            "开展防火宣传进嘎查、进社区、进牧户。",
        ],
    ),
    (
        D(2022, 11, 25),
        "镇人民政府关于疫情防控和冬季保供工作情况的报告",
        [
            "完善疫情期间生活物资保供预案，确保特殊群体需求。",
            "做好冬季取暖用煤储备和价格监测。",
            "畅通牧区就医购药渠道。",
            "关心一线防疫人员和志愿者的工作生活。",
            "及时公开防控政策，回应群众关切。",
        ],
    ),
]
# The two 2022 opinions that became suggestions (the suggestions demo links to them).
SUGGESTION_OPINIONS = [DELIBERATIONS_2022[1][2][2], DELIBERATIONS_2022[5][2][1]]
OTHER_DELIBERATIONS = [
    (
        D(2021, 12, 17),
        ReportingBody.PROCURATORATE,
        "乌审旗人民检察院驻乌审召镇检察室工作情况的报告",
        ["加强农村牧区法治宣传。", "关注涉农涉牧案件的法律监督。"],
    ),
    (
        D(2023, 4, 18),
        ReportingBody.TRIBUNAL,
        "乌审旗人民法院乌审召人民法庭工作情况的报告",
        ["推行巡回审判，方便牧民诉讼。", "加强草场纠纷诉前调解。", "公开典型案例，以案释法。"],
    ),
]


def load(term, deputies: dict):
    """Load the duty work of the demo term; ``deputies`` maps names to the roster's Deputy rows."""
    ordered = list(deputies.values())
    homes = load_homes()
    load_contacts(term, deputies)
    load_receptions(term, deputies, homes[0])
    load_duty_reports(deputies)
    load_activities(term, deputies, ordered)
    load_deliberations(term, deputies, ordered)
    return {"home": homes[0]}


def load_homes():
    return [
        DeputiesHome.objects.update_or_create(name=row["name"], defaults=row)[0] for row in (HOME, STATION)
    ]


def load_contacts(term, deputies):
    seats = {m.deputy.name: m for m in PresidiumMembership.objects.filter(term=term, end_date__isnull=True)}
    for member, constituencies in PRESIDIUM_CONTACTS.items():
        seat = seats[member]
        contacted = [
            d
            for d in deputies.values()
            if d.constituency.name in constituencies and d.name not in seats and d.left_office is None
        ]
        for deputy in contacted:
            PresidiumContact.objects.update_or_create(
                presidium_member=seat, deputy=deputy, defaults={"term": term}
            )
        PresidiumContact.objects.filter(presidium_member=seat).exclude(deputy__in=contacted).delete()
    rng = random.Random(1957)
    for index, deputy in enumerate(deputies.values()):
        points = CONTACT_POINTS[deputy.constituency.name]
        point = points[index % len(points)]
        households = rng.randint(18, 60)
        VoterContact.objects.update_or_create(
            term=term,
            deputy=deputy,
            contact_point=point,
            defaults={"households": households, "voters": households * 2 + rng.randint(0, 20)},
        )


def _reception(term, home, date, visitors, on_duty, matters, deputies, **fields):
    reception, _created = Reception.objects.update_or_create(
        term=term,
        date=date,
        place=fields.pop("place", home.name if home else ""),
        defaults={"home": home, "visitors": visitors, "confirmed": True, "logged_by": None, **fields},
    )
    reception.deputies.set([deputies[name] for name in on_duty])
    rng = random.Random(date.toordinal())
    summaries = []
    for summary, category, outcome, note in matters:
        summaries.append(summary)
        ReceptionMatter.objects.update_or_create(
            reception=reception,
            summary=summary,
            defaults={
                "category": category,
                "outcome": outcome,
                "outcome_note": note,
                "voter_name": f"{rng.choice('王李张刘乌巴苏何')}某某（演示）",
                "voter_contact": f"1394770{rng.randint(1000, 9999)}（演示）",
                "may_contact": rng.random() < 0.7,
            },
        )
    reception.matters.exclude(summary__in=summaries).delete()
    return reception


def load_receptions(term, deputies, home):
    for date, visitors, on_duty, matters in RECEPTIONS_2022 + RECEPTIONS_2023:
        _reception(term, home, date, visitors, on_duty, matters, deputies)
    demo = deputies["乌云其其格"]
    date, visitors, place, summary = PORTAL_RECEPTION
    _reception(
        term,
        None,
        date,
        visitors,
        [demo.name],
        [(summary, MatterCategory.ECOLOGY, Outcome.PENDING, "")],
        deputies,
        place=place,
        confirmed=False,
        logged_by=demo.user,
    )


def load_duty_reports(deputies):
    for name, date, place, audience, satisfied, basic, unsatisfied in DUTY_REPORTS_2022 + DUTY_REPORTS_2023:
        DutyReport.objects.update_or_create(
            deputy=deputies[name],
            date=date,
            defaults={
                "place": place,
                "form": "oral",
                "audience": audience,
                "satisfied": satisfied,
                "basically_satisfied": basic,
                "unsatisfied": unsatisfied,
                "notes": "口头述职，现场发放测评表。",
            },
        )


def _activity(term, kind, title, start, end=None, **fields):
    activity, _created = Activity.objects.update_or_create(
        term=term,
        title=title,
        start_date=start,
        defaults={"kind": kind, "end_date": end or start, "organizer": "乌审召镇人大主席团", **fields},
    )
    return activity


def _attendance(activity, present, absent: dict | None = None, invited=()):
    """Set the activity's attendance list exactly: present deputies, absent ones with reasons, still invited."""
    rows = {d.pk: (d, AttendanceStatus.PRESENT, "") for d in present}
    rows.update({d.pk: (d, AttendanceStatus.ABSENT, reason) for d, reason in (absent or {}).items()})
    rows.update({d.pk: (d, AttendanceStatus.INVITED, "") for d in invited if d.pk not in rows})
    for deputy, status, reason in rows.values():
        Attendance.objects.update_or_create(
            activity=activity, deputy=deputy, defaults={"status": status, "absence_reason": reason}
        )
    activity.attendances.exclude(deputy_id__in=rows).delete()


def _report_document() -> ContentFile:
    from docx import Document

    document = Document()
    document.add_heading(REPORT_TITLE, level=1)
    document.add_paragraph("乌审召镇人大主席团 · 2022年8月（演示文档）")
    document.add_paragraph(RESEARCH_TRIPS[-1][5])
    buffer = io.BytesIO()
    document.save(buffer)
    return ContentFile(buffer.getvalue(), name=f"{REPORT_TITLE}.docx")


def load_activities(term, deputies, ordered):
    def in_office(day):
        return [d for d in ordered if d.is_in_office(day)]

    never = {deputies[name]: reason for name, reason in NEVER_PRESENT.items()}

    def everyone(activity, absent_names: dict):
        """Invite all in office; the never-present and ``absent_names`` are absent, the rest present."""
        day = activity.start_date
        absent = {d: r for d, r in never.items() if d.is_in_office(day)}
        absent.update({deputies[name]: reason for name, reason in absent_names.items()})
        _attendance(activity, [d for d in in_office(day) if d not in absent], absent)

    # Sessions of the township congress and of the banner congress.
    second = Session.objects.get(term=term, ordinal=2)
    third = Session.objects.get(term=term, ordinal=3)
    everyone(
        _activity(term, ActivityKind.MEETING, f"出席{second}", second.start_date, **place_of(second)),
        {"何永平": "病重住院", "杨永平": "外出务工", "郭晓东": "家中有事请假"},
    )
    everyone(
        _activity(term, ActivityKind.MEETING, f"出席{third}", third.start_date, **place_of(third)),
        {"吴振华": "疫情管控无法参加", "达来": "生病住院", "格日勒": "外出务工"},
    )
    banner = [d for d in in_office(D(2022, 1, 6)) if d.is_banner_deputy]
    _attendance(
        _activity(
            term,
            ActivityKind.MEETING,
            "出席乌审旗第十七届人民代表大会第二次会议",
            D(2022, 1, 6),
            D(2022, 1, 8),
            destination="乌审旗嘎鲁图镇",
            organizer="乌审旗人大常委会",
        ),
        banner,
    )

    # Study sessions and training: everyone invited.
    everyone(
        _activity(
            term,
            ActivityKind.STUDY,
            "学习研讨新修正的《地方各级人民代表大会和地方各级人民政府组织法》",
            D(2022, 3, 18),
            description="集中学习组织法修正内容，交流乡镇人大工作体会。",
        ),
        {"达来": "春季接羔", "冯文斌": "外出务工"},
    )
    everyone(
        _activity(
            term,
            ActivityKind.TRAINING,
            "人大代表履职能力培训",
            D(2022, 7, 26),
            description="邀请旗人大常委会代表工委讲解代表建议撰写和履职要求。",
        ),
        {"格日勒": "工作冲突", "郭晓东": "外出务工", "杨永平": "生病住院"},
    )
    everyone(
        _activity(
            term,
            ActivityKind.STUDY,
            "学习宣传贯彻党的二十大精神专题学习",
            D(2022, 10, 28),
            description="线上线下结合，学习党的二十大报告关于发展全过程人民民主的论述。",
        ),
        {"吴振华": "疫情管控无法参加", "达来": "疫情管控无法参加"},
    )

    rng = random.Random(2022_10)
    pool = [d for d in in_office(D(2022, 12, 31)) if d not in never]
    demo = deputies["乌云其其格"]

    def some(count, *must):
        chosen = [deputies[name] for name in must]
        return chosen + [d for d in rng.sample(pool, count + len(chosen)) if d not in chosen][:count]

    # Volunteer service during the epidemic, inspections.
    for start, title, count in [
        (D(2022, 4, 20), "配合开展全员核酸检测演练志愿服务", 20),
        (D(2022, 10, 8), "疫情防控卡点值守（堵卡）志愿服务", 16),
        (D(2022, 11, 3), "抗疫捐赠物资，保障疫情防控", 12),
    ]:
        _attendance(_activity(term, ActivityKind.VOLUNTEER, title, start), some(count, "乌云其其格"))
    for start, title, organizer, count in [
        (D(2022, 6, 8), "参加旗人大常委会工作视察", "乌审旗人大常委会", 9),
        (D(2022, 9, 28), "视察2022年民生实事项目建设进度", "乌审召镇人大主席团", 15),
    ]:
        _attendance(
            _activity(term, ActivityKind.INSPECTION, title, start, organizer=organizer),
            some(count, "王宝平", "乌云其其格"),
        )

    # Research: the 60 take part in the five trips (12 each), and again in the local surveys.
    researchers = [d for d in in_office(D(2022, 12, 31)) if d.name not in NOT_AT_RESEARCH]
    assert len(researchers) == 60, len(researchers)
    absentees = [deputies[name] for name in NOT_AT_RESEARCH]
    for index, (start, end, title, destination, description, summary) in enumerate(RESEARCH_TRIPS):
        group = researchers[index * 12 : (index + 1) * 12]
        if index == 1 and demo not in group:
            group.append(demo)
        absent = {absentees[(index + k) % len(absentees)]: ABSENCE_REASONS[(index + k) % 6] for k in range(2)}
        if index == 0:
            absent[deputies["冯文斌"]] = "个人原因请假"
        activity = _activity(
            term,
            ActivityKind.RESEARCH_TRIP,
            title,
            start,
            end,
            destination=destination,
            subject=RESEARCH_SUBJECT,
            description=description,
            outcome_summary=summary,
        )
        if summary and not activity.outcome_document:
            activity.outcome_document.save(f"{REPORT_TITLE}.docx", _report_document())
        _attendance(activity, group, absent)
    for index, (start, title, destination) in enumerate(SURVEYS):
        group = researchers[index * 20 : index * 20 + 15]
        if demo not in group and index == 2:
            group.append(demo)
        absent = {absentees[(index + 3) % len(absentees)]: ABSENCE_REASONS[index]}
        _attendance(
            _activity(
                term,
                ActivityKind.SURVEY,
                title,
                start,
                destination=destination,
                description="赴友邻乡镇调研。",
            ),
            group,
            absent,
        )

    # 2023: a study session, a survey, and one activity still waiting for its attendance.
    rng = random.Random(2023)
    everyone(
        _activity(term, ActivityKind.STUDY, "学习全国两会精神", D(2023, 3, 21)),
        {"达来": "春季接羔"},
    )
    _attendance(
        _activity(
            term, ActivityKind.SURVEY, "调研春季草原防火工作", D(2023, 4, 20), destination="乌审召镇各嘎查"
        ),
        [demo, *rng.sample(pool, 10)],
    )
    _attendance(
        _activity(
            term,
            ActivityKind.RESEARCH_TRIP,
            "赴杭锦旗调研文旅融合发展",
            D(2023, 5, 16),
            destination="鄂尔多斯市杭锦旗",
        ),
        [],
        invited=[demo, *rng.sample(pool, 11)],
    )

    # Two weeks after the demo is loaded: an inspection the demo deputy is invited to, to answer in
    # the portal (attending, or leave with a reason). Kept by its title, moved on each load.
    ahead = timezone.localdate() + datetime.timedelta(days=14)
    if term.end_date is None or ahead <= term.end_date:
        inspection, _created = Activity.objects.update_or_create(
            term=term,
            title="视察镇区冬季供暖和道路除雪工作",
            defaults={
                "kind": ActivityKind.INSPECTION,
                "start_date": ahead,
                "end_date": ahead,
                "destination": "乌审召镇区",
                "organizer": "乌审召镇人大主席团",
            },
        )
        _attendance(inspection, [], invited=[demo, *rng.sample(pool, 8)])


def place_of(session):
    return {"destination": session.place, "organizer": "乌审召镇人大主席团"}


def load_deliberations(term, deputies, ordered):
    rng = random.Random(2022_6)
    presidium = list(PRESIDIUM_CONTACTS) + ["乌兰"]
    demo = deputies["乌云其其格"]
    raisers = [d for d in ordered if d.left_office is None and d.name not in NEVER_PRESENT]
    rows = [
        (date, ReportingBody.GOVERNMENT, subject, opinions) for date, subject, opinions in DELIBERATIONS_2022
    ]
    for number, (date, body, subject, opinions) in enumerate(rows + OTHER_DELIBERATIONS):
        present = [deputies[name] for name in presidium] + rng.sample(
            [d for d in raisers if d.name not in presidium], 18
        )
        if number in (0, 2, 3, 5) and demo not in present:
            present.append(demo)
        deliberation, _created = Deliberation.objects.update_or_create(
            term=term,
            subject=subject,
            date=date,
            defaults={"reporting_body": body, "meeting": "镇人大主席团会议（扩大）", "session": None},
        )
        deliberation.deputies.set(present)
        for order, text in enumerate(opinions, 1):
            raised_by = demo if (number, order) in {(0, 2), (2, 4), (3, 1)} else rng.choice(present)
            Opinion.objects.update_or_create(
                deliberation=deliberation, order=order, defaults={"text": text, "raised_by": raised_by}
            )
        deliberation.opinions.filter(order__gt=len(opinions)).delete()
