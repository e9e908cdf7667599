"""2022 as the seed report tells it: the reception days, the duty reports, research and deliberations."""

import datetime

from deputies.models import MatterCategory, Outcome

D = datetime.date

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
