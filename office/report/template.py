"""The report's template: the sections of the seed report (domain.md §7) with placeholders.

``sections(context)`` returns the section texts for a year. The prose follows the
2022 report of Wushenzhao; every number in it is a placeholder bound to the
registry. Where a figure is empty the sentence that would carry it is left out
or worded without it, so that a fresh draft reads naturally for any year; the
staff then edit the prose in the admin.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from congress.figures import PLACE_PREFIX, Figure
from congress.models import SectionKind


@dataclass(frozen=True)
class SectionText:
    key: str
    kind: str
    heading: str
    text: str


@dataclass
class Context:
    """What the template needs besides the figures: the year and how the township is called."""

    year: int
    township: str  # 乌审召镇
    figure: Callable[[str], Figure | None]  # code → the year's figure, None if not registered

    @property
    def short_name(self) -> str:
        """乌审召镇 → 乌审召 (as in 乌审召绿色高质量发展)."""
        for suffix in ("苏木", "镇", "乡"):
            if self.township.endswith(suffix) and len(self.township) > len(suffix):
                return self.township[: -len(suffix)]
        return self.township

    def value(self, code: str):
        result = self.figure(code)
        return None if result is None else result.value

    def has(self, *codes: str) -> bool:
        """Every named figure is registered and neither empty nor zero."""
        return all(self.value(code) not in (None, 0, "", {}) for code in codes)


# What the year was in the life of the country, as the opening of the review says it.
YEAR_PHRASES = {
    2021: "是中国共产党成立100周年，也是“十四五”规划开局之年",
    2022: "是实施“十四五”规划的关键之年，也是党的二十大召开之年",
    2023: "是全面贯彻落实党的二十大精神的开局之年",
    2024: "是中华人民共和国成立75周年，也是实现“十四五”规划目标任务的关键一年",
    2025: "是“十四五”规划收官之年",
}
DEFAULT_YEAR_PHRASE = "是全镇经济社会持续健康发展的重要一年"

# How a township is known beyond its name, used in the closing sentence.
EPITHETS = {"乌审召镇": "牧区“大寨”"}


def review_opening(context: Context) -> str:
    phrase = YEAR_PHRASES.get(context.year, DEFAULT_YEAR_PHRASE)
    return (
        f"{context.year}年，{phrase}。今年以来，在镇党委的坚强领导下，镇人大主席团坚持以基层人大规范化建设为抓手，"
        "切实履行宪法和法律赋予的职责，全面发挥人大主席团的监督职能，充分调动代表的履职尽责积极性，"
        "镇人大工作整体水平得到提升，为促进全镇经济发展和社会和谐稳定起到了较好的推进作用。"
    )


POLITICS = (
    "今年以来，我们坚持以习近平新时代中国特色社会主义思想为指导，把党对人大工作的领导贯穿于依法履职全过程。"
    "强化思想引领，让党的政治属性、政治使命、政治目标、政治追求在人大主席团和人大代表的精神世界扎根。"
    "强化政治意识，定期向镇党委汇报工作，主动就工作中的重大问题、重大事项向镇党委请示报告。"
    "强化政治担当，认真履行政治责任，充分发挥党委在人大工作中把方向、管大局、保落实的领导作用。"
    "认真践行“党委部署到哪里、人大工作就跟进到哪里”的原则，确保各项工作置于党委领导之下。"
)


def supervision(context: Context) -> str:
    text = (
        "今年以来，镇人大按照《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》及相关法律法规"
        "和区人大的相关要求，制定和完善了今年人大工作的任务、目标，进一步明确了镇人大主席团成员的职责分工，"
        "主席团联系代表、代表联系选民制度等。以制度规范代表的履职权利，督促代表履行义务，强化制度约束，"
        "不断提高代表的监督执行力。"
    )
    year = context.year
    if context.has("livelihood.voted"):
        text += (
            f"针对代表们在人大会议上提出的{year}年民生实事项目，积极沟通督办。"
            f"截至目前，我镇{year}年民生实事项目{{{{livelihood.voted}}}}项，"
            "分别为{{livelihood.voted|join}}，{{report.projects_status}}。"
        )
    else:
        text += "针对代表们在人大会议上提出的民生实事项目，积极沟通督办，跟踪项目实施进度。"
    return text


def follow_up(context: Context) -> str:
    """一是: the suggestions collected, handed down and how satisfied the deputies were."""
    text = (
        "一是突出建议跟踪督办。及时将人代会期间代表们提出的建议、批评和意见反馈给各相关部门和二级单位，"
        "紧盯意见建议办理，通过专题研究会议、党政联席会等形式，坚持镇人大主席团领衔督办重点建议，"
        "镇主要领导牵头督办，明确责任，狠抓落实，不断完善督办机制，提高督办实效。"
        "今年以来，共收集代表提出意见、建议{{suggestions.collected}}条"
    )
    handed_down = []
    if context.has("suggestions.handed_down_deputy"):
        handed_down.append("{{suggestions.handed_down_deputy}}件旗人大代表建议")
    if context.has("suggestions.handed_down_cppcc"):
        handed_down.append("{{suggestions.handed_down_cppcc}}件旗政协委员提案")
    if handed_down:
        text += "，完成会议期间交办的" + "、".join(handed_down)
    if context.has("suggestions.satisfaction_rate"):
        text += "，办理结果满意率达{{suggestions.satisfaction_rate}}"
    return text + "。"


def receptions(context: Context) -> str:
    text = (
        "二是开展人大代表述职和联系接待选民活动。利用人大代表之家这个阵地，加强选民联系，"
        "进行口头述职接受选民监督，及时收集反馈社情民意，认真听取他们的建议和意见，"
        "建立意见建议台账，及时反馈办理结果"
    )
    if context.has("receptions.visitors"):
        text += "，截至目前共接待选民{{receptions.visitors|approx}}人次"
    return text + "。"


def key_work(context: Context) -> str:
    if context.year <= 2022:
        return (
            "三是积极配合开展重点工作。疫情期间，人大代表积极响应号召，踊跃投身抗疫斗争，"
            "配合做好全员核酸演练及堵卡工作，捐赠物资保障疫情防控工作高效开展。"
            "同时积极协调解决矛盾纠纷、饲草料短缺、冬季供暖、疫情防控等群众反映强烈的问题。"
        )
    return (
        "三是积极配合开展重点工作。人大代表积极响应镇党委号召，主动投身全镇重点工作，"
        "积极协调解决矛盾纠纷、饲草料短缺、冬季供暖等群众反映强烈的问题。"
    )


def duties(context: Context) -> str:
    return (
        "镇人大主席团紧紧围绕镇党委中心工作，做到精准监督、正确监督、有效监督、依法监督，"
        "推动全镇经济社会高质量发展。" + follow_up(context) + receptions(context) + key_work(context)
    )


# A report title written in an outcome summary: 形成《农业生态化转型调研报告》 → 农业生态化转型调研报告.
TITLE_IN_BOOK_MARKS = re.compile(r"《([^《》]+)》")


def research_trip_records(context: Context) -> list:
    """The year's research trips in date order, as recorded (none when the figure has no records)."""
    figure = context.figure("activities.research_trips")
    if figure is None or figure.records is None:
        return []
    return sorted(figure.records, key=lambda trip: (trip.start_date, trip.pk))


def named_places(trips: list) -> str:
    """赴…等地: the places in date order, each city named once; two of them and 等地 when more than three."""
    places: list[str] = []
    for trip in trips:
        if trip.destination and trip.destination not in places:
            places.append(trip.destination)
    if not places:
        return ""
    named = places if len(places) <= 3 else places[:2]
    by_city: dict[str, list[str]] = {}
    for name in named:
        match = PLACE_PREFIX.match(name)
        city, place = (match[1], match[2]) if match else ("", name)
        by_city.setdefault(city, []).append(place)
    text = "、".join(city + "、".join(towns) for city, towns in by_city.items())
    return f"赴{text}等地" if len(named) < len(places) else f"赴{text}"


def trip_subjects(trips: list) -> str:
    """就乡村振兴发展方面: the subjects the trips recorded, in date order."""
    subjects: list[str] = []
    for trip in trips:
        if trip.subject and trip.subject not in subjects:
            subjects.append(trip.subject)
    return f"就{'、'.join(subjects)}方面" if subjects else ""


def trip_outcomes(trips: list) -> str:
    """形成农业生态化转型调研报告: the report titles the trips' outcomes name, else 形成调研报告."""
    titles: list[str] = []
    for trip in trips:
        for title in TITLE_IN_BOOK_MARKS.findall(trip.outcome_summary or ""):
            if title not in titles:
                titles.append(title)
    return f"形成{'、'.join(titles)}" if titles else "形成调研报告"


def activities(context: Context) -> str:
    """一是: activities, research trips and how many deputies took part in research."""
    text = (
        "一是通过学习研讨、志愿服务、调查视察等形式，调动代表积极参加代表活动，"
        "以全旗对标先进“跑起来、提效能、争一流”为契机，"
    )
    if context.has("activities.research_trips"):
        trips = research_trip_records(context)
        text += (
            f"组织人大代表{named_places(trips)}{trip_subjects(trips)}外出调研{{{{activities.research_trips}}}}次，"
            f"{trip_outcomes(trips)}，"
            "通过座谈交流等方式，总结各地好的工作经验，对照反思我镇工作中的不足，"
        )
    text += "组织部分人大代表到友邻乡镇进行调研"
    if context.has("activities.research_participants"):
        text += "，活动人数达{{activities.research_participants}}人"
        if context.has("activities.research_participation_rate"):
            text += "，占比{{activities.research_participation_rate}}"
    return text + "。"


def deliberations(context: Context) -> str:
    text = (
        "二是人大代表主动履职，听取“一府两院”工作汇报，积极参加旗、镇两级人民代表大会"
        "和旗人大常委会工作视察会议"
    )
    if context.has("deliberations.count"):
        text += "，听取和审议政府专项工作{{deliberations.count}}项"
        if context.has("deliberations.opinions"):
            text += "，提出意见建议{{deliberations.opinions|approx:余}}条"
    if context.has("livelihood.voted"):
        text += "，票决镇级民生实事项目{{livelihood.voted}}项，督办跟进实施进度"
    return text + "。"


def home(context: Context) -> str:
    stars = "“{{report.home_star_rating|cn}}星级”" if context.has("report.home_star_rating") else ""
    return (
        f"三是积极打造镇{stars}人大代表之家，不断优化功能布局，改善硬件设施，完善人大代表之家活动制度，"
        "组织人大代表闭会期间参与活动，及时了解代表所思所想，掌握社情民意，"
        "建立“代表之家”工作交流微信群，开展微信“晒活动”，互相交流、互相促进，"
        "既增进了与代表的联系沟通，又提高了人大工作的针对性和实效性。"
    )


def self_building(context: Context) -> str:
    return (
        "镇人大主席团积极适应人大工作新形势新要求，坚持高标准定位，全面加强自身建设，推动人大工作与时俱进。"
        + activities(context)
        + deliberations(context)
        + home(context)
    )


ACKNOWLEDGEMENTS = (
    "各位代表、各位同志，镇人大主席团各项工作成绩的取得，离不开镇党委的坚强领导，"
    "离不开镇人民政府的大力支持和配合，也离不开各位代表共同努力和广大干部群众的理解和支持，"
    "在此，我谨代表镇人大主席团对长期以来关心、支持人大主席团工作的各位领导、社会各界和全体代表"
    "表示衷心的感谢和崇高的敬意！"
)

SHORTCOMINGS = (
    "各位代表，回顾今年以来的工作，在肯定成绩的同时，我们也清醒地认识到镇人大工作还存在一定差距和不足，"
    "主要是：新一届人大代表履职的形式和内容有待进一步拓展，代表履职的能力和履职成效还有待进一步提升，"
    "联系服务代表的工作机制有待进一步完善，跟踪督办的力度还需进一步加大等等。"
    "对于这些问题和不足，我们将虚心听取人大代表和各方面的意见建议，在今后工作中不断加强和改进。"
)

PLANS = (
    "下一步，镇人大将始终高举中国特色社会主义伟大旗帜，坚持以习近平新时代中国特色社会主义思想"
    "和党的二十大精神为指导，持续深入学习好、宣传好、贯彻好习近平总书记关于坚持和完善人民代表大会制度的"
    "重要思想以及考察内蒙古重要讲话精神和自治区、市、旗人大工作会议精神，聚焦持续增进民生福祉，"
    "聚力服务保障高质量发展，聚合全镇改革发展稳定向前，更加有效地行使宪法法律赋予的各项职权。"
)

PLANS_POLITICS = (
    "把遵守政治纪律和政治规矩摆在首位，旗帜鲜明讲政治。要深入学习贯彻习近平总书记关于坚持和完善"
    "人民代表大会制度的重要思想，准确把握新时代人大工作的重大原则、思路举措和重点任务，"
    "增强“四个意识”，坚定“四个自信”，做到“两个维护”，对标镇党委中心工作，"
    "使人大工作与党委工作时刻同频共振。"
)

PLANS_DECISIONS = (
    "要始终把镇党委的决策部署贯彻落实到人大各项工作，要紧紧围绕镇党委总体目标，"
    "以经济社会发展等重点工作为切入点和着力点，深入开展调查研究，积极主动建言献策，"
    "充分发挥密切联系群众的优势。要抓牢民生关键，扭住热点、难点问题，充分发挥人大作用，"
    "组织代表开展视察、调研等活动。及时发现、协调解决项目建设、产业振兴、生态环境、民生福祉等方面"
    "存在的问题和困难，促进工作有力推进，努力加快高质量发展速度。"
)


def plans_deputies(context: Context) -> str:
    return (
        "建立健全代表履职学习长效机制，深入调查研究，及时了解工作动态，创新代表培训方式方法，"
        "提升代表的政治素质和履职能力。深入实际开展调查研究、充分听取群众意见，"
        "提高主席团决策的民主化、科学化水平。认真落实各项规章制度，认真发挥主席团和人大代表在监督工作中的职能，"
        "形成分工负责、规范有序、务实高效的运行机制。加强人大代表依法履职精神风貌宣传，"
        "增进人民群众对人大工作的了解，深化社会对人大性质、地位和作用的认识。推进闭会期间代表履职活动常态化，"
        f"认真督促{context.year + 1}年民生实事项目落实和议案、建议办理，提升问题解决率和代表满意度。"
    )


def closing(context: Context) -> str:
    epithet = EPITHETS.get(context.township, "")
    return (
        "各位代表，迈上新征程，责任如山、使命如炬。让我们更加紧密地团结在以习近平同志为核心的党中央周围，"
        "在镇党委的坚强领导下，充分发挥人大代表密切联系群众的优势，凝聚起全镇广大人民的磅礴力量，"
        f"扛旗争先开新局，奋楫不怠向未来，努力为{epithet}{context.short_name}绿色高质量发展展现人大担当！"
    )


def sections(context: Context) -> list[SectionText]:
    """The sections of a fresh draft, in order."""
    part, subpart, paragraphs = SectionKind.PART, SectionKind.SUBPART, SectionKind.PARAGRAPHS
    return [
        SectionText("salutation", SectionKind.SALUTATION, "", "各位代表："),
        SectionText(
            "opening",
            paragraphs,
            "",
            f"我受{context.township}人大主席团的委托，向大会报告工作，请予审议，"
            "并请列席会议的同志提出宝贵意见建议。",
        ),
        SectionText("review", part, "今年以来工作回顾", review_opening(context)),
        SectionText("review-politics", subpart, "坚持党的领导，牢牢把握政治方向。", POLITICS),
        SectionText("review-supervision", subpart, "完善监督制度，强化民生实事办理。", supervision(context)),
        SectionText("review-duties", subpart, "切实履职尽责，发挥代表主体作用。", duties(context)),
        SectionText(
            "review-self-building", subpart, "坚持固本强基，全力加强自身建设。", self_building(context)
        ),
        SectionText("acknowledgements", paragraphs, "", ACKNOWLEDGEMENTS),
        SectionText("shortcomings", paragraphs, "", SHORTCOMINGS),
        SectionText("plans", part, "下一步工作安排", PLANS),
        SectionText("plans-politics", subpart, "进一步提高人大工作政治站位。", PLANS_POLITICS),
        SectionText("plans-decisions", subpart, "进一步推动落实镇党委决策部署。", PLANS_DECISIONS),
        SectionText("plans-deputies", subpart, "进一步发挥人大代表作用。", plans_deputies(context)),
        SectionText("closing", paragraphs, "", closing(context)),
    ]
