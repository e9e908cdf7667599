"""Who and what the suggestions demo names every year: the handling units, the presidium, the replies."""

from suggestions.choices import Category, Rating, UnitKind

ACCOUNTS = [
    ("unit", "承办单位（镇农业综合服务中心）：只看交办给本单位的建议"),
    ("banner", "旗人大常委会工作人员：查看各苏木镇，向苏木镇交办旗人大代表建议、旗政协委员提案"),
]

AGRI = "镇农业综合服务中心"
SOCIAL = "镇社会事务办公室"
PLANNING = "镇村镇规划建设和环境保护办公室"
ORDER = "镇综治办"
CHAHANMIAO = "查汗庙嘎查"
LVZHOU = "绿洲社区"
HUIZE = "惠泽社区"
TRANSPORT = "旗交通运输局"
UNITS = [
    (AGRI, UnitKind.TOWNSHIP_DEPARTMENT, "农牧业技术推广、饲草料和动物防疫"),
    (SOCIAL, UnitKind.TOWNSHIP_DEPARTMENT, "民政、卫生健康、文化体育"),
    (PLANNING, UnitKind.TOWNSHIP_DEPARTMENT, "村镇规划、供水供热、人居环境"),
    (ORDER, UnitKind.TOWNSHIP_DEPARTMENT, "矛盾纠纷排查调处、平安建设"),
    ("乌审召镇卫生院", UnitKind.AFFILIATED_UNIT, "基本医疗和公共卫生"),
    ("镇供热站", UnitKind.AFFILIATED_UNIT, "镇区集中供热"),
    (CHAHANMIAO, UnitKind.VILLAGE, "嘎查村务"),
    ("巴音陶勒盖嘎查", UnitKind.VILLAGE, "嘎查村务"),
    (LVZHOU, UnitKind.VILLAGE, "社区事务"),
    (HUIZE, UnitKind.VILLAGE, "社区事务"),
    (TRANSPORT, UnitKind.BANNER_DEPARTMENT, "旗级道路和交通设施"),
]

CHAIR = "王宝平"
VICE_CHAIR = "斯琴"
MAYOR = "镇人民政府镇长"  # a principal township leader, named by office only
DEMO_DEPUTY = "乌云其其格"


CATEGORY_WORDS = {
    "垃圾分类": Category.ECOLOGY,
    "旱厕": Category.ECOLOGY,
    "肉牛": Category.AGRICULTURE,
    "耳标": Category.AGRICULTURE,
    "过水路面": Category.INFRASTRUCTURE,
    "道路": Category.INFRASTRUCTURE,
    "路灯": Category.TOWN,
    "停车": Category.TOWN,
    "卫生": Category.SOCIAL,
    "医保": Category.SOCIAL,
    "养老": Category.SOCIAL,
    "便民服务站": Category.GOVERNANCE,
}

REPLIES = {
    "A": "经研究，%(title)s事项已协调落实，相关工作已完成，问题已经解决。",
    "B": "经研究，%(title)s事项已启动办理，正在按计划推进，预计年内完成。",
    "C": "经研究，%(title)s事项已列入下一年度工作计划，将逐步解决。",
    "D": "经研究，%(title)s事项受条件限制暂时难以解决，已向代表当面解释说明。",
}
RATING_COMMENTS = {
    Rating.SATISFIED: "办理及时，效果明显。",
    Rating.BASICALLY_SATISFIED: "已有进展，希望持续跟进。",
    Rating.UNSATISFIED: "",
}
