"""Demo suggestions of Wushenzhao: the 2022 year of the seed report, and 2023 items in every state.

2022: 19 suggestions from the deputies (9 at the 2nd session on 2022-01-14,
4 between sessions, 4 from the reception matters and 2 from the deliberation
opinions of the deputies demo), all replied on time and rated satisfied or
basically satisfied (满意率 100%), closed; 2 banner deputies' suggestions and 2
banner CPPCC proposals handed down and completed. 2023: one item in each
state, one overdue and one handled twice after 不满意; the two key items under a
presidium member's supervision carry supervision notes (``demo_supervision``).

Runs after the deputies demo. Every item is replayed through the workflow
as the demo staff member (so its events, rounds and history are real),
without notifications except for the few the demo accounts should see. Items
are found again by their title: a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.demo import demo_user
from congress.models import Session, Term
from congress.roles import Role
from deputies.models import Deputy, Opinion, Outcome, PresidiumMembership, ReceptionMatter

from . import demo_supervision, notifications, services, workflow
from .choices import Category, ContactForm, Rating, Source, State, Transition, UnitKind
from .models import HandlingUnit, Suggestion

D = datetime.date

ACCOUNTS = [
    ("unit", "承办单位（镇农业综合服务中心）：只看交办给本单位的建议"),
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
SESSION_DAY = D(2022, 1, 14)

# (title, content, category, lead deputy, co-signers, lead unit, co-units, supervisor, key, result class, rating)
SESSION_2022 = [
    (
        "关于翻修查汗庙嘎查集中供水管道的建议",
        "查汗庙嘎查集中供水管道老化，冬季多次冻裂停水，建议列入年度民生实事项目翻修。",
        Category.INFRASTRUCTURE,
        "阿拉坦",
        [DEMO_DEPUTY, "哈斯"],
        PLANNING,
        [CHAHANMIAO],
        CHAIR,
        True,
        "A",
        Rating.SATISFIED,
    ),
    (
        "关于在新镇区增设红绿灯的建议",
        "新镇区学校和集贸市场周边车流人流交汇，交通事故隐患大，建议增设三处红绿灯。",
        Category.INFRASTRUCTURE,
        "刘海燕",
        ["张志强"],
        TRANSPORT,
        [ORDER],
        CHAIR,
        True,
        "A",
        Rating.SATISFIED,
    ),
    (
        "关于改造绿洲社区和惠泽社区居民小区的建议",
        "两个社区部分小区建成年代早，屋面漏水、路面破损，建议实施小区综合改造。",
        Category.TOWN,
        "张志强",
        ["刘海燕", "其木格"],
        PLANNING,
        [LVZHOU, HUIZE],
        CHAIR,
        True,
        "A",
        Rating.SATISFIED,
    ),
    (
        "关于硬化惠泽社区巷道并新建雨污支管网的建议",
        "惠泽社区部分巷道为土路，雨天泥泞，生活污水无处排放，建议硬化巷道并新建雨污支管网。",
        Category.TOWN,
        "其木格",
        [],
        PLANNING,
        [HUIZE],
        VICE_CHAIR,
        False,
        "A",
        Rating.SATISFIED,
    ),
    (
        "关于改造巴音陶勒盖嘎查巴塔尔牧业社到苏东17号集气站道路的建议",
        "该路段坑洼严重，牧民出行和拉运饲草料困难，建议协调改造。",
        Category.INFRASTRUCTURE,
        "斯琴",
        ["巴特尔"],
        TRANSPORT,
        [],
        CHAIR,
        True,
        "A",
        Rating.BASICALLY_SATISFIED,
    ),
    (
        "关于建设旧镇区文化广场球场的建议",
        "旧镇区缺少群众体育活动场地，建议在文化广场建设篮球场。",
        Category.SOCIAL,
        "娜仁花",
        [],
        SOCIAL,
        [],
        VICE_CHAIR,
        False,
        "A",
        Rating.SATISFIED,
    ),
    (
        "关于建立矛盾纠纷多元化解机制的建议",
        "草场边界、邻里纠纷时有发生，建议建立嘎查、司法所、派出所联动的多元化解机制。",
        Category.GOVERNANCE,
        "额尔敦",
        [DEMO_DEPUTY],
        ORDER,
        [],
        MAYOR,
        False,
        "B",
        Rating.BASICALLY_SATISFIED,
    ),
    (
        "关于保障镇区冬季供暖质量的建议",
        "部分楼栋冬季室温不达标，建议督促供热企业排查管网、及时处理报修。",
        Category.TOWN,
        "巴雅尔",
        [],
        PLANNING,
        ["镇供热站"],
        VICE_CHAIR,
        False,
        "A",
        Rating.SATISFIED,
    ),
    (
        "关于加强牧区疫情防控物资保障的建议",
        "牧区居住分散，疫情期间购药就医不便，建议建立牧区防疫物资储备和配送机制。",
        Category.SOCIAL,
        "萨仁",
        ["图雅"],
        SOCIAL,
        ["乌审召镇卫生院"],
        MAYOR,
        False,
        "A",
        Rating.SATISFIED,
    ),
]

BETWEEN_2022 = [
    (
        D(2022, 3, 8),
        "关于缓解禁牧期饲草料短缺的建议",
        "春季禁牧期间部分牧户饲草料短缺，建议协调饲草料调运并落实补贴。",
        Category.AGRICULTURE,
        "宝音",
        [],
        AGRI,
        [],
        VICE_CHAIR,
        False,
        "C",
        Rating.BASICALLY_SATISFIED,
    ),
    (
        D(2022, 6, 15),
        "关于修缮乌审召嘎查牧区便道的建议",
        "乌审召嘎查通往几个牧业社的便道雨后冲毁，建议修缮。",
        Category.INFRASTRUCTURE,
        "朝鲁",
        [],
        TRANSPORT,
        [],
        VICE_CHAIR,
        False,
        "B",
        Rating.BASICALLY_SATISFIED,
    ),
    (
        D(2022, 7, 20),
        "关于解决巴音陶勒盖嘎查部分牧户饮水困难的建议",
        "部分牧户水井出水量下降，夏季人畜饮水困难，建议打井或延伸供水管网。",
        Category.INFRASTRUCTURE,
        DEMO_DEPUTY,
        ["斯琴"],
        PLANNING,
        ["巴音陶勒盖嘎查"],
        VICE_CHAIR,
        False,
        "A",
        Rating.SATISFIED,
    ),
    (
        D(2022, 9, 5),
        "关于加强草场纠纷调处的建议",
        "草场流转和边界纠纷增多，建议建立调解台账，及时化解矛盾。",
        Category.GOVERNANCE,
        "巴特尔",
        [],
        ORDER,
        [],
        MAYOR,
        False,
        "A",
        Rating.SATISFIED,
    ),
]

# Reception matters and deliberation opinions: (lead unit, supervisor, result class, rating)
FROM_MATTERS = [
    (AGRI, VICE_CHAIR, "A", Rating.SATISFIED),
    (LVZHOU, VICE_CHAIR, "A", Rating.SATISFIED),
    (TRANSPORT, MAYOR, "B", Rating.BASICALLY_SATISFIED),
    (SOCIAL, VICE_CHAIR, "A", Rating.SATISFIED),
]
FROM_OPINIONS = [
    (AGRI, VICE_CHAIR, "A", Rating.SATISFIED),
    (PLANNING, CHAIR, "A", Rating.SATISFIED),
]
# When the deputies demo has no matters or opinions to link, items of the same topics stand in.
MATTERS_FALLBACK = [
    (D(2022, 1, 10), "冬季饲草料价格上涨，部分牧户储草困难，希望协调饲草料储备和调运。", DEMO_DEPUTY),
    (D(2022, 4, 11), "绿洲社区老旧小区楼道照明损坏、无物业管理，居民出行不便。", "刘海燕"),
    (D(2022, 5, 10), "巴音敖包嘎查部分牧户家中手机和网络信号弱，影响生产生活。", "巴雅尔"),
    (D(2022, 8, 10), "旧镇区文化广场缺少健身器材和夜间照明，群众活动不便。", CHAIR),
]
OPINIONS_FALLBACK = [
    (D(2022, 5, 20), "协调解决休牧期牧户饲草料短缺问题。", "宝音"),
    (D(2022, 11, 25), "做好冬季取暖用煤储备和价格监测。", "巴雅尔"),
]

HANDED_DOWN_2022 = [
    (
        Source.BANNER_DEPUTY,
        "旗人大代表（乌审召镇选区）",
        "关于加快乌审召镇牧区道路建设的建议",
        TRANSPORT,
        "A",
        Rating.SATISFIED,
    ),
    (
        Source.BANNER_DEPUTY,
        "旗人大代表（乌审召镇选区）",
        "关于提升乌审召镇卫生院医疗服务能力的建议",
        "乌审召镇卫生院",
        "B",
        None,
    ),
    (
        Source.BANNER_CPPCC,
        "旗政协委员（农牧业界别）",
        "关于扶持乌审召镇肉牛产业发展的提案",
        AGRI,
        "A",
        Rating.SATISFIED,
    ),
    (Source.BANNER_CPPCC, "旗政协委员（社会福利界别）", "关于完善牧区养老服务的提案", SOCIAL, "C", None),
]


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


def category_of(title: str) -> str:
    return next((category for word, category in CATEGORY_WORDS.items() if word in title), Category.OTHER)


def load():
    term = Term.objects.get(ordinal=4)
    staff = get_user_model().objects.get(username="staff")  # made by the congress demo
    units = {
        name: HandlingUnit.objects.update_or_create(
            name=name, defaults={"kind": kind, "contact_person": f"{duty}联络员（演示）"}
        )[0]
        for name, kind, duty in UNITS
    }
    unit_user = demo_user("unit", Role.UNIT, first_name=AGRI)
    units[AGRI].users.add(unit_user)
    deputies = {d.name: d for d in Deputy.objects.filter(term=term)}
    members = {
        m.deputy.name: m
        for m in PresidiumMembership.objects.filter(term=term, end_date__isnull=True).select_related("deputy")
    }
    demo = Demo(staff, units, deputies, members)
    with notifications.muted():
        demo.load_2022(Session.objects.filter(term=term, start_date=SESSION_DAY).first())
        demo.load_2023()
        load_voter_opinions(staff, deputies)
        demo_supervision.load(staff, term)
    return {"units": units, "unit_user": unit_user}


class Demo:
    def __init__(self, staff, units, deputies, members):
        self.staff = staff
        self.units = units
        self.deputies = deputies
        self.members = members

    # --- building blocks ---

    def existing(self, title) -> Suggestion | None:
        return Suggestion.objects.filter(title=title).first()

    def register(self, *, co_signers=(), **fields) -> Suggestion:
        suggestion = Suggestion(**fields)
        workflow.apply(
            suggestion,
            Transition.REGISTER,
            actor=self.staff,
            at=workflow.noon(suggestion.received_on),
            co_signers=[self.deputies[n] for n in co_signers],
        )
        return suggestion

    def supervisor(self, name) -> dict:
        if name in self.members:
            return {"supervisor_member": self.members[name]}
        return {"supervisor_leader": name}

    def step(self, suggestion, transition, day, **data):
        workflow.apply(suggestion, transition, actor=self.staff, at=workflow.noon(day), **data)

    def assign(self, suggestion, day, unit, co_units=(), supervisor=VICE_CHAIR, deadline=None, key=None):
        self.step(
            suggestion,
            Transition.ASSIGN,
            day,
            lead_unit=self.units[unit],
            co_units=[self.units[u] for u in co_units],
            assigned_on=day,
            deadline=deadline,
            key_supervision=key,
            **self.supervisor(supervisor),
        )

    def co_opinions(self, suggestion, day):
        for assignment in suggestion.current_round.co_assignments:
            assignment.opinion = f"{assignment.unit}已配合现场核实并提出办理意见。"
            assignment.opinion_on = day
            assignment.save(update_fields=["opinion", "opinion_on"])

    def handle(self, suggestion, day, result, rating, *, days=(12, 40, 50), comment=""):
        """Contact the deputy, reply (on time), rate: the usual life of an item."""
        contact_day = day + datetime.timedelta(days=days[0])
        reply_day = day + datetime.timedelta(days=days[1])
        if suggestion.state == State.ASSIGNED:
            self.step(
                suggestion,
                Transition.START,
                contact_day,
                form=ContactForm.IN_PERSON,
                contacted_on=contact_day,
            )
        else:  # handled again: the unit meets the deputy once more
            services.contact_record(
                suggestion, actor=self.staff, form=ContactForm.IN_PERSON, contacted_on=contact_day
            )
        self.co_opinions(suggestion, reply_day)
        self.step(
            suggestion,
            Transition.REPLY,
            reply_day,
            text=REPLIES[result] % {"title": suggestion.title.removeprefix("关于").removesuffix("的建议")},
            result_class=result,
            replied_on=reply_day,
        )
        if rating:
            rate_day = day + datetime.timedelta(days=days[2])
            self.step(
                suggestion,
                Transition.EVALUATE,
                rate_day,
                rating=rating,
                comment=comment or RATING_COMMENTS[rating],
                evaluated_on=rate_day,
            )
        return reply_day

    def complete(self, suggestion, day, unit, co_units, supervisor, key, result, rating):
        self.assign(suggestion, day, unit, co_units, supervisor, key=key)
        reply_day = self.handle(suggestion, day, result, rating)
        self.step(suggestion, Transition.CLOSE, reply_day + datetime.timedelta(days=35))

    # --- 2022: the seed report's year ---

    def load_2022(self, session):
        # At the session (assigned on 20 January) and between sessions (assigned three days after).
        collected = [(SESSION_DAY, Source.SESSION, session, D(2022, 1, 20), row) for row in SESSION_2022] + [
            (row[0], Source.BETWEEN_SESSIONS, None, row[0] + datetime.timedelta(days=3), row[1:])
            for row in BETWEEN_2022
        ]
        for received_on, source, at_session, assigned_on, row in collected:
            title, content, category, lead, co, unit, co_units, supervisor, key, result, rating = row
            if self.existing(title):
                continue
            suggestion = self.register(
                title=title,
                content=content,
                category=category,
                source=source,
                lead_deputy=self.deputies[lead],
                received_on=received_on,
                session=at_session,
                public=True,
                co_signers=co,
            )
            self.complete(suggestion, assigned_on, unit, co_units, supervisor, key, result, rating)
        self.load_receptions()
        self.load_opinions()
        for source, proposer, title, unit, result, rating in HANDED_DOWN_2022:
            if self.existing(title):
                continue
            day = D(2022, 2, 18)
            suggestion = self.register(
                title=title,
                content=f"{title.removeprefix('关于').removesuffix('的建议').removesuffix('的提案')}（旗人大常委会、旗政协交办件）。",
                category=category_of(title),
                source=source,
                external_proposer=proposer,
                received_on=day,
            )
            self.assign(suggestion, day, unit, supervisor=CHAIR)
            reply_day = self.handle(suggestion, day, result, rating)
            # Without a rating, an external proposer's item is closed 30 days after the reply, with the reason.
            reason = (
                ""
                if rating
                else "答复已报旗人大常委会、旗政协，提出人答复后30日内未反馈测评意见，按规定办结。"
            )
            self.step(suggestion, Transition.CLOSE, reply_day + datetime.timedelta(days=35), reason=reason)

    def load_receptions(self):
        matters = list(
            ReceptionMatter.objects.filter(reception__date__year=2022, outcome=Outcome.SUGGESTION)
            .select_related("reception")
            .order_by("reception__date", "pk")[:4]
        )
        for index, (unit, supervisor, result, rating) in enumerate(FROM_MATTERS):
            if index < len(matters):
                matter = matters[index]
                suggestion = Suggestion.objects.filter(reception_matter=matter).first() or self.link(
                    services.title_from(matter.summary), reception_matter=matter
                )
                if suggestion is None:
                    day = matter.reception.date
                    suggestion = services.suggestion_from_reception_matter(
                        matter, actor=self.staff, public=True
                    )
                    self._backdate_registration(suggestion, day)
                    self.complete(
                        suggestion,
                        day + datetime.timedelta(days=5),
                        unit,
                        [],
                        supervisor,
                        False,
                        result,
                        rating,
                    )
                continue
            day, summary, lead = MATTERS_FALLBACK[index]
            title = services.title_from(summary)
            if self.existing(title):
                continue
            suggestion = self.register(
                title=title,
                content=summary,
                source=Source.RECEPTION,
                lead_deputy=self.deputies[lead],
                received_on=day,
                public=True,
            )
            self.complete(
                suggestion, day + datetime.timedelta(days=5), unit, [], supervisor, False, result, rating
            )

    def load_opinions(self):
        try:
            from deputies.demo_duty import SUGGESTION_OPINIONS
        except ImportError:
            SUGGESTION_OPINIONS = []
        opinions = {
            o.text: o
            for o in Opinion.objects.filter(
                deliberation__date__year=2022, text__in=SUGGESTION_OPINIONS
            ).select_related("deliberation__session")
        }
        found = [opinions[text] for text in SUGGESTION_OPINIONS if text in opinions][:2]
        for index, (unit, supervisor, result, rating) in enumerate(FROM_OPINIONS):
            if index < len(found):
                opinion = found[index]
                if Suggestion.objects.filter(opinion=opinion).exists() or self.link(
                    services.title_from(opinion.text), opinion=opinion
                ):
                    continue
                day = opinion.deliberation.date
                suggestion = services.suggestion_from_opinion(
                    opinion,
                    actor=self.staff,
                    public=True,
                    lead_deputy=opinion.raised_by or self.deputies[OPINIONS_FALLBACK[index][2]],
                )
                self._backdate_registration(suggestion, day)
                self.complete(
                    suggestion, day + datetime.timedelta(days=7), unit, [], supervisor, False, result, rating
                )
                continue
            day, text, lead = OPINIONS_FALLBACK[index]
            title = services.title_from(text)
            if self.existing(title):
                continue
            suggestion = self.register(
                title=title,
                content=text,
                source=Source.DELIBERATION,
                lead_deputy=self.deputies[lead],
                received_on=day,
                public=True,
            )
            self.complete(
                suggestion, day + datetime.timedelta(days=7), unit, [], supervisor, False, result, rating
            )

    def link(self, title, **origin) -> Suggestion | None:
        """An item an earlier run made without its origin (the deputies demo was not there yet): link it."""
        suggestion = self.existing(title)
        if suggestion is not None:
            Suggestion.objects.filter(pk=suggestion.pk).update(**origin)
        return suggestion

    def _backdate_registration(self, suggestion, day):
        suggestion.events.filter(transition=Transition.REGISTER).update(at=workflow.noon(day))

    # --- 2023: one item in every state ---

    def load_2023(self):
        today = timezone.localdate()
        items = [
            # title, content, lead deputy, co-signers, received on
            (
                "关于增设惠泽社区垃圾分类投放点的建议",
                "惠泽社区垃圾投放点少、分类不清，建议增设分类投放点并加强宣传。",
                "张志强",
                [],
                D(2023, 11, 20),
            ),
            (
                "关于开展肉牛冻精改良技术培训的建议",
                "牧户对肉牛冻精改良技术掌握不够，建议分片开展培训。",
                "宝音",
                [DEMO_DEPUTY],
                D(2023, 9, 12),
            ),
            (
                "关于为牧户统一配发动物防疫耳标的建议",
                "部分牧户反映耳标发放不及时，建议统一配发并上门服务。",
                DEMO_DEPUTY,
                ["阿拉坦"],
                D(2023, 8, 28),
            ),
            (
                "关于修复巴音敖包嘎查过水路面的建议",
                "雨季过水路面被冲毁，车辆无法通行，建议尽快修复。",
                "巴雅尔",
                [],
                D(2023, 3, 1),
            ),
            (
                "关于在查汗庙嘎查增设村级卫生室药品种类的建议",
                "嘎查卫生室常用药品种类少，牧民购药需往返镇区，建议增加药品种类。",
                DEMO_DEPUTY,
                ["哈斯"],
                D(2023, 4, 10),
            ),
            (
                "关于治理绿洲社区小区停车难的建议",
                "小区停车位不足，车辆乱停乱放，建议规划停车位。",
                "刘海燕",
                [],
                D(2023, 3, 15),
            ),
            ("关于调整旗级医保报销比例的建议", "建议提高旗级医保门诊报销比例。", "萨仁", [], D(2023, 5, 6)),
            (
                "关于加强镇区夜间路灯维护的建议",
                "镇区部分路段路灯损坏，夜间出行不安全，建议加强维护。",
                "其木格",
                [],
                D(2023, 2, 20),
            ),
            (
                "关于推进牧区旱厕改造的建议",
                "牧区旱厕改造要注重实用，建议因地制宜选择改厕模式。",
                "额尔敦",
                [DEMO_DEPUTY],
                D(2023, 4, 25),
            ),
            (
                "关于完善嘎查便民服务站功能的建议",
                "便民服务站可办事项少，建议增加社保、医保代办事项。",
                "朝鲁",
                [],
                D(2023, 6, 8),
            ),
        ]
        made = {}
        for title, content, lead, co, day in items:
            if self.existing(title):
                continue
            made[title] = self.register(
                title=title,
                content=content,
                category=category_of(title),
                source=Source.BETWEEN_SESSIONS,
                lead_deputy=self.deputies[lead],
                received_on=day,
                public=title in {"关于加强镇区夜间路灯维护的建议", "关于推进牧区旱厕改造的建议"},
                co_signers=co,
            )

        def get(title):
            return made.get(title)

        # Assigned to the demo unit, due in two months (green).
        if s := get("关于开展肉牛冻精改良技术培训的建议"):
            with notifications.muted(False):
                self.assign(
                    s,
                    D(2023, 9, 15),
                    AGRI,
                    [SOCIAL],
                    VICE_CHAIR,
                    deadline=today + datetime.timedelta(days=60),
                    key=True,
                )
        # In handling at the demo unit, due within 15 days (yellow).
        if s := get("关于为牧户统一配发动物防疫耳标的建议"):
            with notifications.muted(False):
                self.assign(
                    s, D(2023, 9, 1), AGRI, [], CHAIR, deadline=today + datetime.timedelta(days=10), key=True
                )
            self.step(s, Transition.START, D(2023, 9, 8), form=ContactForm.PHONE, contacted_on=D(2023, 9, 8))
        # Overdue (red): assigned in March 2023, never replied.
        if s := get("关于修复巴音敖包嘎查过水路面的建议"):
            self.assign(s, D(2023, 3, 3), TRANSPORT, [], MAYOR, deadline=D(2023, 6, 3))
            self.step(
                s, Transition.START, D(2023, 3, 20), form=ContactForm.VISIT, contacted_on=D(2023, 3, 20)
            )
        # Replied, awaiting the demo deputy's rating.
        if s := get("关于在查汗庙嘎查增设村级卫生室药品种类的建议"):
            self.assign(s, D(2023, 4, 12), SOCIAL, ["乌审召镇卫生院"], VICE_CHAIR)
            self.step(
                s, Transition.START, D(2023, 4, 20), form=ContactForm.IN_PERSON, contacted_on=D(2023, 4, 20)
            )
            self.co_opinions(s, D(2023, 5, 30))
            with notifications.muted(False):
                self.step(
                    s,
                    Transition.REPLY,
                    D(2023, 6, 2),
                    text="已协调镇卫生院为查汗庙嘎查卫生室增配常用药品32种，并建立每月补货机制。",
                    result_class="A",
                    replied_on=D(2023, 6, 2),
                )
        # Handled twice: 不满意 with the first reply, satisfied with the second; closed.
        if s := get("关于治理绿洲社区小区停车难的建议"):
            self.assign(s, D(2023, 3, 20), PLANNING, [LVZHOU], VICE_CHAIR)
            self.handle(
                s,
                D(2023, 3, 20),
                "C",
                Rating.UNSATISFIED,
                comment="只答复列入规划，没有具体时间表，小区停车问题仍然突出。",
            )
            self.step(
                s,
                Transition.REHANDLE,
                D(2023, 5, 15),
                assigned_on=D(2023, 5, 15),
                note="代表不满意，主席团要求重新办理并明确时间表。",
            )
            self.handle(s, D(2023, 5, 15), "A", Rating.SATISFIED, days=(5, 45, 52))
            self.step(s, Transition.CLOSE, D(2023, 7, 20))
        # Rejected: outside the township's powers.
        if s := get("关于调整旗级医保报销比例的建议"):
            self.step(
                s,
                Transition.REJECT,
                D(2023, 5, 10),
                reason="医保报销比例属旗级事权，不属镇人大主席团交办范围，已建议代表通过旗人大代表反映。",
            )
        # Closed ones, and one evaluated awaiting closing.
        for title, day, unit, result, rating, close in [
            ("关于加强镇区夜间路灯维护的建议", D(2023, 2, 22), PLANNING, "A", Rating.SATISFIED, True),
            ("关于推进牧区旱厕改造的建议", D(2023, 4, 28), PLANNING, "B", Rating.BASICALLY_SATISFIED, True),
            ("关于完善嘎查便民服务站功能的建议", D(2023, 6, 10), SOCIAL, "B", Rating.SATISFIED, False),
        ]:
            if s := get(title):
                self.assign(s, day, unit, [], VICE_CHAIR)
                reply_day = self.handle(s, day, result, rating)
                if close:
                    self.step(s, Transition.CLOSE, reply_day + datetime.timedelta(days=20))


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


# --- 社情民意: a few voters' opinions in every status, so that the inbox and the portal have content ---

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


def load_voter_opinions(staff, deputies):
    """Submit and handle the demo's voter opinions through opinions.services (found again by their content)."""
    from .models import VoterOpinion
    from .opinions import services

    now = timezone.now()
    for content, category, source, deputy_name, name, phone, days, then in VOTER_OPINIONS:
        if VoterOpinion.objects.filter(content=content).exists():
            continue
        deputy = deputies.get(deputy_name) if deputy_name else None
        opinion = VoterOpinion(
            content=content,
            category=category,
            source=source,
            deputy=deputy,
            voter_name=name,
            voter_contact=phone,
            submitted_at=now - datetime.timedelta(days=days),
        )
        services.voter_opinion_submit(opinion, actor=staff if source == "reception" else None)
        if then is None:
            continue
        action, text = then
        if action == "answer":
            services.voter_opinion_answer(opinion, actor=deputy.user, answer=text)
        elif action == "pass_to_staff":
            services.voter_opinion_pass_to_staff(opinion, actor=deputy.user, note=text)
        elif action == "convert":
            services.voter_opinion_convert(opinion, actor=staff)
        elif action == "close":
            services.voter_opinion_close(opinion, actor=staff, reason=text)
