"""A little of 2023: three reception days, one logged by the demo deputy, and a duty report."""

import datetime

from deputies.models import MatterCategory, Outcome

D = datetime.date

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

DUTY_REPORTS_2023 = [
    ("阿拉坦", D(2023, 4, 12), "查汗庙嘎查党群服务中心", 30, 26, 4, 0),
]
