"""Demo livelihood projects of Wushenzhao: the 2022 plan (the seed report's six projects, all
built and in use) and the 2023 plan voted at the session of 2022-12-16 with projects under way
(its vote tied for the last place, settled by a run-off).

The six 2022 project names come from the seed report; the other candidates, the budgets,
units, counts and dates are fictional. Votes go through the same services staff use, so the
result is computed, never typed. Photos are left out: progress updates carry text only.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from congress.models import Session, Term
from deputies.models import Deputy

from . import selectors, services
from .models import (
    Candidate,
    EntryMode,
    Inspection,
    LivelihoodPlan,
    ProgressUpdate,
    Project,
    ProjectStatus,
    Vote,
)

ACCOUNTS: list[tuple[str, str]] = []  # the staff login of congress.demo enters the votes

D = datetime.date
UNIT_BUILD = "乌审召镇村镇建设服务中心"
UNIT_FARM = "乌审召镇农牧业综合服务中心"
UNIT_CULTURE = "乌审召镇综合文化站"
UNIT_SAFETY = "乌审召镇综合保障和技术推广中心"
UNIT_SOCIAL = "乌审召镇社会事务办公室"

# name, category, place, 万元, funding, unit, origin, description
CANDIDATES_2022 = [
    (
        "旧镇区文化广场球场建设项目",
        "culture",
        "旧镇区",
        "180",
        "镇级财政",
        UNIT_CULTURE,
        "voters",
        "在旧镇区文化广场新建标准篮球场一处、气排球场一处，配套照明和围网。",
    ),
    (
        "新建镇区三处红绿灯项目",
        "safety",
        "镇区",
        "95",
        "镇级财政",
        UNIT_SAFETY,
        "deputies",
        "在镇区主要路口新建交通信号灯三处，配套斑马线和警示标志。",
    ),
    (
        "查汗庙嘎查集中供水管道翻修项目",
        "water",
        "查汗庙嘎查",
        "260",
        "旗级补助、镇级配套",
        UNIT_FARM,
        "deputies",
        "翻修查汗庙嘎查集中供水主管道和入户支管，解决冬季冻管和漏水问题。",
    ),
    (
        "绿洲社区和惠泽社区居民小区改造项目",
        "housing",
        "绿洲社区、惠泽社区",
        "420",
        "老旧小区改造资金、镇级配套",
        UNIT_BUILD,
        "voters",
        "改造两个社区老旧小区的道路、绿化、路灯和楼道，增设停车位。",
    ),
    (
        "惠泽社区巷道硬化及新建雨污支管网项目",
        "housing",
        "惠泽社区",
        "350",
        "镇级财政、专项债券",
        UNIT_BUILD,
        "deputies",
        "硬化惠泽社区巷道，新建雨水、污水支管网并接入镇区主管网。",
    ),
    (
        "巴音陶勒盖嘎查巴塔尔牧业社到苏东17号集气站道路改造项目",
        "roads",
        "巴音陶勒盖嘎查",
        "680",
        "旗级交通补助、企业共建",
        UNIT_BUILD,
        "deputies",
        "改造巴塔尔牧业社至苏东17号集气站砂石路为沥青路面。",
    ),
    (
        "乌审召嘎查牧民文化活动室修缮项目",
        "culture",
        "乌审召嘎查",
        "60",
        "镇级财政",
        UNIT_CULTURE,
        "voters",
        "修缮嘎查牧民文化活动室屋面和取暖设施。",
    ),
    (
        "镇区老年日间照料中心建设项目",
        "elderly",
        "镇区",
        "300",
        "旗级补助",
        UNIT_SOCIAL,
        "government",
        "利用闲置用房建设老年日间照料中心。",
    ),
    (
        "巴音敖包嘎查草原围栏更新项目",
        "other",
        "巴音敖包嘎查",
        "150",
        "农牧业项目资金",
        UNIT_FARM,
        "government",
        "更新嘎查草原网围栏。",
    ),
]
# yes / no / abstain of 63 valid ballots (64 present, 1 invalid ballot) at the 2nd session.
TOTALS_2022 = [
    (61, 1, 1),
    (59, 2, 2),
    (58, 3, 2),
    (56, 4, 3),
    (54, 5, 4),
    (51, 7, 5),
    (38, 15, 10),
    (30, 20, 13),
    (22, 28, 13),
]

# The 2022 projects' histories: budget (万元), start, [(date, percent, text)], completion, first use.
HISTORY_2022 = {
    "旧镇区文化广场球场建设项目": (
        "176.50",
        D(2022, 4, 18),
        [
            (D(2022, 3, 20), 5, "完成场地勘测和方案设计，方案经镇党政联席会议审定。"),
            (D(2022, 4, 18), 20, "正式开工，完成场地平整和基础开挖。"),
            (D(2022, 6, 10), 60, "完成场地基层和照明基础施工。"),
            (D(2022, 7, 25), 100, "完成塑胶面层、围网和照明安装，通过竣工验收。"),
        ],
        D(2022, 7, 25),
        D(2022, 8, 1),
    ),
    "新建镇区三处红绿灯项目": (
        "92.80",
        D(2022, 5, 9),
        [
            (D(2022, 4, 12), 10, "会同交管部门确定三处路口点位和配时方案。"),
            (D(2022, 5, 9), 40, "开工，完成信号灯杆基础和管线预埋。"),
            (D(2022, 6, 20), 100, "三处信号灯安装调试完毕，施划斑马线，通过验收。"),
        ],
        D(2022, 6, 20),
        D(2022, 6, 28),
    ),
    "查汗庙嘎查集中供水管道翻修项目": (
        "255.00",
        D(2022, 5, 3),
        [
            (D(2022, 4, 8), 5, "完成管线测绘和入户摸底，共涉及牧户86户。"),
            (D(2022, 5, 3), 25, "开工，主管道开挖铺设。"),
            (D(2022, 7, 15), 70, "主管道铺设完成，开始入户支管更换。"),
            (D(2022, 9, 5), 100, "入户支管更换完毕，试压通水，通过验收。"),
        ],
        D(2022, 9, 5),
        D(2022, 9, 10),
    ),
    "绿洲社区和惠泽社区居民小区改造项目": (
        "412.30",
        D(2022, 4, 25),
        [
            (D(2022, 3, 28), 5, "完成居民意见征集和改造方案公示。"),
            (D(2022, 4, 25), 20, "开工，拆除破损路面和绿化带。"),
            (D(2022, 7, 8), 65, "完成小区道路和停车位施工，楼道改造同步进行。"),
            (D(2022, 9, 28), 100, "完成绿化、路灯和楼道改造，通过竣工验收。"),
        ],
        D(2022, 9, 28),
        D(2022, 10, 8),
    ),
    "惠泽社区巷道硬化及新建雨污支管网项目": (
        "346.00",
        D(2022, 5, 16),
        [
            (D(2022, 4, 20), 5, "完成管网设计和施工招标。"),
            (D(2022, 5, 16), 30, "开工，雨污支管网开挖敷设。"),
            (D(2022, 7, 30), 75, "支管网接入镇区主管网，开始巷道硬化。"),
            (D(2022, 9, 20), 100, "巷道硬化完成，管网通水试验合格，通过验收。"),
        ],
        D(2022, 9, 20),
        D(2022, 9, 26),
    ),
    "巴音陶勒盖嘎查巴塔尔牧业社到苏东17号集气站道路改造项目": (
        "668.00",
        D(2022, 5, 20),
        [
            (D(2022, 4, 15), 5, "完成路线勘测，与企业签订共建协议。"),
            (D(2022, 5, 20), 25, "开工，完成路基整修。"),
            (D(2022, 8, 5), 70, "完成基层施工，开始沥青面层摊铺。"),
            (D(2022, 10, 12), 100, "沥青路面和交通标志完成，通过交工验收。"),
        ],
        D(2022, 10, 12),
        D(2022, 10, 15),
    ),
}
INSPECTIONS_2022 = [
    (
        "查汗庙嘎查集中供水管道翻修项目",
        D(2022, 7, 20),
        ["乌兰", "斯琴", "巴特尔", "娜仁花", "朝鲁"],
        "主管道铺设质量良好；部分牧户反映入户支管施工期间临时供水不便，建议错峰施工并提前告知。",
    ),
    (
        "巴音陶勒盖嘎查巴塔尔牧业社到苏东17号集气站道路改造项目",
        D(2022, 8, 18),
        ["乌兰", "额尔敦", "宝音", "萨仁"],
        "路基施工进度符合计划；建议在牧道交叉处增设减速带和警示标志。",
    ),
    (
        "绿洲社区和惠泽社区居民小区改造项目",
        D(2022, 9, 15),
        ["乌兰", "刘海燕", "张志强", "其木格"],
        "停车位和楼道改造效果明显；个别楼栋雨水管未接入排水沟，已督促施工单位整改。",
    ),
]
# (satisfied, basically satisfied, unsatisfied) of the deputies at the 3rd session.
SURVEYS_2022 = [(55, 6, 1), (53, 8, 1), (52, 9, 1), (50, 10, 2), (51, 9, 2), (54, 7, 1)]

CANDIDATES_2023 = [
    (
        "乌审召嘎查牧民文化活动室修缮项目",
        "culture",
        "乌审召嘎查",
        "60",
        "镇级财政",
        UNIT_CULTURE,
        "voters",
        "修缮嘎查牧民文化活动室屋面和取暖设施。",
    ),
    (
        "镇区老年日间照料中心建设项目",
        "elderly",
        "镇区",
        "300",
        "旗级补助",
        UNIT_SOCIAL,
        "deputies",
        "利用闲置用房建设老年日间照料中心，设助餐、休息和康复功能区。",
    ),
    (
        "绿洲社区停车场及充电桩建设项目",
        "housing",
        "绿洲社区",
        "120",
        "镇级财政",
        UNIT_BUILD,
        "voters",
        "新建公共停车场一处，配建电动汽车充电桩。",
    ),
    (
        "查汗庙嘎查人畜饮水井改造项目",
        "water",
        "查汗庙嘎查",
        "140",
        "农牧业项目资金",
        UNIT_FARM,
        "deputies",
        "改造嘎查老旧人畜饮水井12眼，配套水质净化设备。",
    ),
    (
        "巴音敖包嘎查通组道路硬化项目",
        "roads",
        "巴音敖包嘎查",
        "380",
        "旗级交通补助",
        UNIT_BUILD,
        "deputies",
        "硬化巴音敖包嘎查通组道路。",
    ),
    (
        "镇区冬季供暖管网改造项目",
        "housing",
        "镇区",
        "450",
        "专项债券、镇级配套",
        UNIT_BUILD,
        "government",
        "改造镇区老旧供暖管网，解决末端住户室温不达标问题。",
    ),
    (
        "惠泽社区健身步道建设项目",
        "culture",
        "惠泽社区",
        "70",
        "镇级财政",
        UNIT_CULTURE,
        "voters",
        "沿社区绿地建设健身步道。",
    ),
    (
        "镇中心学校学生食堂改造项目",
        "education_health",
        "镇区",
        "160",
        "教育专项资金",
        UNIT_SOCIAL,
        "government",
        "改造学校食堂操作间和就餐区。",
    ),
]
# Yes votes per candidate on 61 valid paper ballots (62 present, 1 ballot marking 7 yes): the 6th and
# the 7th tie at 40 for the last place, and a run-off among the two settles it.
YES_2023 = [58, 55, 52, 50, 47, 40, 40, 20]
# The run-off for the last place: yes votes of the two tied candidates on 61 valid ballots (1 blank),
# and 1 invalid ballot marking both.
RUNOFF_YES_2023 = [41, 19]

# status, percent, [(date, percent, text)], start, completion, first use, cancel/delay note
HISTORY_2023 = {
    "乌审召嘎查牧民文化活动室修缮项目": (
        ProjectStatus.IN_USE,
        D(2023, 4, 10),
        [
            (D(2023, 3, 15), 5, "完成修缮方案和预算评审。"),
            (D(2023, 4, 10), 30, "开工，拆除旧屋面。"),
            (D(2023, 6, 30), 100, "屋面和取暖设施修缮完成，通过验收。"),
        ],
        D(2023, 6, 30),
        D(2023, 7, 15),
    ),
    "镇区老年日间照料中心建设项目": (
        ProjectStatus.UNDER_CONSTRUCTION,
        D(2023, 5, 8),
        [
            (D(2023, 4, 6), 5, "完成用房安全鉴定和设计。"),
            (D(2023, 5, 8), 25, "开工，内部改造和消防设施施工。"),
            (D(2023, 9, 12), 65, "完成主体改造，开始适老化设施安装。"),
        ],
        None,
        None,
    ),
    "绿洲社区停车场及充电桩建设项目": (
        ProjectStatus.COMPLETED,
        D(2023, 5, 22),
        [
            (D(2023, 5, 22), 20, "开工，场地平整。"),
            (D(2023, 8, 10), 70, "完成停车场面层，充电桩基础施工。"),
            (D(2023, 9, 20), 100, "充电桩安装完成，通过验收，等待供电部门接电。"),
        ],
        D(2023, 9, 20),
        None,
    ),
    "查汗庙嘎查人畜饮水井改造项目": (
        ProjectStatus.UNDER_CONSTRUCTION,
        D(2023, 6, 1),
        [
            (D(2023, 6, 1), 15, "开工，完成首批4眼水井改造。"),
            (D(2023, 9, 1), 40, "完成5眼水井改造，净化设备到货。"),
        ],
        None,
        None,
    ),
    "巴音敖包嘎查通组道路硬化项目": (
        ProjectStatus.DELAYED,
        D(2023, 6, 15),
        [
            (D(2023, 6, 15), 20, "开工，路基整修。"),
            (D(2023, 8, 25), 35, "因部分路段涉及草场补偿协调，施工暂缓，预计推迟至次年完工。"),
        ],
        None,
        None,
    ),
    "镇区冬季供暖管网改造项目": (
        ProjectStatus.NOT_STARTED,
        None,
        [(D(2023, 5, 30), None, "完成管网普查，设计单位开展施工图设计；按供暖期安排，计划于非供暖季开工。")],
        None,
        None,
    ),
}
INSPECTIONS_2023 = [
    (
        "巴音敖包嘎查通组道路硬化项目",
        D(2023, 9, 6),
        ["乌兰", "巴雅尔", "图雅", "阿拉坦"],
        "部分路段草场补偿未谈妥导致停工；建议镇政府牵头尽快协调补偿标准，明确复工时间。",
    ),
    (
        "镇区老年日间照料中心建设项目",
        D(2023, 9, 20),
        ["乌兰", "斯琴", "刘海燕"],
        "改造进度正常；建议增加助浴设施并尽早确定运营方式。",
    ),
]
SURVEYS_2023 = {"乌审召嘎查牧民文化活动室修缮项目": (D(2023, 12, 15), (48, 11, 1))}


def load():
    staff = get_user_model().objects.get(username="staff")
    term = Term.objects.get(ordinal=4)
    second = Session.objects.get(term=term, ordinal=2)
    third = Session.objects.get(term=term, ordinal=3)

    plan_2022 = _plan(2022, 6, second, "2022年1月14日第四届人民代表大会第二次会议票决。")
    candidates = _candidates(plan_2022, CANDIDATES_2022)
    vote = _vote(plan_2022, EntryMode.TOTALS)
    if vote is not None:
        services.tallies_record(vote, dict(zip(candidates, TOTALS_2022, strict=True)), valid=63, invalid=1)
        services.confirm_vote(vote, actor=staff)
    for project in Project.objects.filter(plan=plan_2022):
        budget, start, updates, completed, first_use = HISTORY_2022[project.name]
        _history(project, Decimal(budget), start, updates, staff)
        services.project_set_status(
            project, ProjectStatus.IN_USE, completion_date=completed, first_use_date=first_use
        )
    for index, project in enumerate(Project.objects.filter(plan=plan_2022).order_by("pk")):
        satisfied, basically, unsatisfied = SURVEYS_2022[index % len(SURVEYS_2022)]
        services.survey_record(
            project,
            date=third.start_date,
            satisfied=satisfied,
            basically_satisfied=basically,
            unsatisfied=unsatisfied,
        )
    _inspections(INSPECTIONS_2022, plan_2022)

    plan_2023 = _plan(2023, 6, third, "2022年12月16日第四届人民代表大会第三次会议票决。")
    candidates = _candidates(plan_2023, CANDIDATES_2023)
    vote = _vote(plan_2023, EntryMode.BALLOTS)
    if vote is not None:
        for marked in _ballots(candidates, YES_2023, valid=61, seats=plan_2023.number_to_choose):
            services.ballot_add(vote, marked)
        services.ballot_add(vote, candidates[:7])  # marks 7 of 6: invalid
        runoff = services.runoff_open(vote, actor=staff)
        tied = list(selectors.vote_candidates(runoff))
        for marked in _ballots(tied, RUNOFF_YES_2023, valid=61, seats=runoff.seats):
            services.ballot_add(runoff, marked)
        services.ballot_add(runoff, tied)  # marks 2 for 1 place: invalid
        services.confirm_vote(runoff, actor=staff)
    for project in Project.objects.filter(plan=plan_2023):
        status, start, updates, completed, first_use = HISTORY_2023[project.name]
        _history(project, project.candidate.estimated_investment, start, updates, staff)
        if status in (ProjectStatus.IN_USE, ProjectStatus.COMPLETED, ProjectStatus.DELAYED):
            services.project_set_status(project, status, completion_date=completed, first_use_date=first_use)
    for name, (date, (satisfied, basically, unsatisfied)) in SURVEYS_2023.items():
        services.survey_record(
            Project.objects.get(plan=plan_2023, name=name),
            date=date,
            satisfied=satisfied,
            basically_satisfied=basically,
            unsatisfied=unsatisfied,
        )
    _inspections(INSPECTIONS_2023, plan_2023)
    return {"plans": [plan_2022, plan_2023]}


def _plan(year, number, session, notes):
    plan, _created = LivelihoodPlan.objects.update_or_create(
        year=year,
        defaults={
            "title": f"{year}年民生实事",
            "number_to_choose": number,
            "session": session,
            "notes": notes,
        },
    )
    return plan


def _candidates(plan, rows):
    candidates = []
    for name, category, place, investment, funding, unit, origin, description in rows:
        candidate, _created = Candidate.objects.update_or_create(
            plan=plan,
            name=name,
            defaults={
                "category": category,
                "place": place,
                "estimated_investment": Decimal(investment),
                "funding_source": funding,
                "responsible_unit": unit,
                "origin": origin,
                "description": description,
                "planned_start": D(plan.year, 4, 1),
                "planned_end": D(plan.year, 10, 31),
            },
        )
        candidates.append(candidate)
    return candidates


def _vote(plan, entry_mode):
    """A fresh draft vote on ``plan``, or None when its vote is already confirmed."""
    if selectors.effective_vote(plan):
        return None
    Vote.objects.filter(plan=plan, state="draft").delete()
    services.ballot_set(plan, plan.candidates.all())
    return services.vote_create(plan, entry_mode=entry_mode)


def _ballots(candidates, yes_counts, *, valid, seats):
    """``valid`` ballots giving each candidate its yes votes, none marking more than ``seats``."""
    ballots = [[] for _i in range(valid)]
    for candidate, yes in zip(candidates, yes_counts, strict=True):
        order = sorted(range(valid), key=lambda i: (len(ballots[i]), i))
        for index in order[:yes]:
            ballots[index].append(candidate)
    assert all(len(marked) <= seats for marked in ballots)
    return ballots


def _history(project, budget, start, updates, actor):
    project.budget = budget
    project.start_date = start
    project.save(update_fields=["budget", "start_date"])
    for date, percent, text in updates:
        existing = ProgressUpdate.objects.filter(project=project, date=date).first()
        if existing:
            existing.text, existing.percent = text, percent
            existing.save()
        else:
            services.progress_post(project, date=date, text=text, percent=percent, actor=actor)
    services.project_sync_percent(project)


def _inspections(rows, plan):
    for name, date, deputies, findings in rows:
        project = Project.objects.get(plan=plan, name=name)
        team = Deputy.objects.filter(name__in=deputies).in_office(date)
        inspection = Inspection.objects.filter(project=project, date=date).first()
        if inspection is None:
            services.inspection_record(project, date=date, deputies=team, findings=findings)
        else:
            inspection.findings = findings
            inspection.save()
            inspection.deputies.set(team)


# ---- the second township: 图克镇 ------------------------------------------------------------------

TUKE_UNIT = "图克镇村镇建设服务中心"
TUKE_CANDIDATES_2022 = [
    (
        "图克嘎查集中供水工程",
        "water",
        "图克嘎查",
        "160",
        "旗级补助、镇级配套",
        TUKE_UNIT,
        "deputies",
        "为图克嘎查打深水井一眼，铺设供水主管道，解决牧户夏季用水紧张。",
    ),
    (
        "图克社区文体广场改造项目",
        "culture",
        "图克社区",
        "90",
        "镇级财政",
        TUKE_UNIT,
        "voters",
        "改造社区文体广场地面，增设健身器材和照明。",
    ),
]
# yes / no / abstain of 10 valid ballots at the 2nd session (10 present).
TUKE_TOTALS_2022 = [(9, 1, 0), (4, 5, 1)]
TUKE_HISTORY_2022 = (
    "155",
    D(2022, 4, 20),
    [
        (D(2022, 6, 30), 50, "深水井已成井，主管道铺设过半。"),
        (D(2022, 9, 20), 100, "管网全部铺设完成，试通水正常。"),
    ],
    D(2022, 9, 30),
    D(2022, 10, 8),
)


def load_second_township():
    """图克镇's 2022 plan: two candidates, the vote, the project built and in use (inside its scope)."""
    staff = get_user_model().objects.get(username="tuke_staff")
    term = Term.objects.get(ordinal=4)
    second = Session.objects.get(term=term, ordinal=2)
    plan = _plan(2022, 1, second, "2022年1月13日图克镇第四届人民代表大会第二次会议票决。")
    candidates = _candidates(plan, TUKE_CANDIDATES_2022)
    vote = _vote(plan, EntryMode.TOTALS)
    if vote is not None:
        services.tallies_record(vote, dict(zip(candidates, TUKE_TOTALS_2022, strict=True)), valid=10)
        services.confirm_vote(vote, actor=staff)
    budget, start, updates, completed, first_use = TUKE_HISTORY_2022
    for project in Project.objects.filter(plan=plan):
        _history(project, Decimal(budget), start, updates, staff)
        if project.status != ProjectStatus.IN_USE:
            services.project_set_status(
                project, ProjectStatus.IN_USE, completion_date=completed, first_use_date=first_use
            )
    return {"plans": [plan]}
