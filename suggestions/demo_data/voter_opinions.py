"""社情民意 of the demo: a few voters' opinions in every status, so that the inbox and the portal have content."""

from .common import DEMO_DEPUTY

# (content, category, source, addressed deputy, voter name, phone, days ago, what happened since)
VOTER_OPINIONS = [
    (
        "查汗庙嘎查三组通往牧点的砂石路被雨水冲断了两处，拉草料的车过不去，希望尽快修补。",
        "roads",
        "qr_code",
        DEMO_DEPUTY,
        "王某某（演示）",
        "13947701001（演示）",
        2,
        None,
    ),
    (
        "绿洲社区12号楼前的路灯坏了一个多月，晚上老人和孩子出门不安全。",
        "roads",
        "qr_code",
        DEMO_DEPUTY,
        "",
        "13947701002（演示）",
        9,
        ("answer", "已联系镇规划建设办，路灯已于本周更换，感谢您的反映。如仍有问题请再扫码告诉我。"),
    ),
    (
        "巴音陶勒盖嘎查部分牧户反映今年草原生态补奖资金还没有到账，希望了解发放时间。",
        "pastures",
        "qr_code",
        DEMO_DEPUTY,
        "李某某（演示）",
        "",
        6,
        ("pass_to_staff", "涉及多户，需镇农业综合服务中心核实发放进度。"),
    ),
    (
        "惠泽社区没有集中的老年人活动场所，冬天老人只能在家里，希望利用社区闲置房屋建一个老年活动室。",
        "social_security",
        "public_form",
        None,
        "张某某（演示）",
        "13947701004（演示）",
        20,
        ("convert", None),
    ),
    (
        "接待日反映：希望镇卫生院增加周末的门诊时间。",
        "education_health",
        "reception",
        None,
        "",
        "",
        30,
        ("close", "已在接待日当场答复：镇卫生院周六上午已开设门诊，并已张贴公告。"),
    ),
]
