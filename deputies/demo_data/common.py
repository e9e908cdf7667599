"""What the duty demo names every year: the presidium's contacts, the contact points, the deputies' home and a station, and the deliberations of other years."""

import datetime

from deputies.models import HomeKind, ReportingBody

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
