"""Demo of the deputies' duty work: Wushenzhao's 2022 as the seed report tells it, and a little of 2023.

Called from ``deputies.demo.load()`` after the roster. The 2022 figures it
yields are the seed's: 83 reception person-times ("80多人次"), 5 research
trips, 60 deputies at research activities of 67 in office (89.55%), 6
deliberations of government special work reports with 32 opinions ("30余条").
Every person except the chair is fictional; voters are anonymised. The records
are data in ``deputies/demo_data/`` (one module per year); this module loads them.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from congress.models import Session

from .demo_data.common import CONTACT_POINTS, HOME, OTHER_DELIBERATIONS, PRESIDIUM_CONTACTS, STATION
from .demo_data.y2022 import (
    ABSENCE_REASONS,
    DELIBERATIONS_2022,
    DUTY_REPORTS_2022,
    NEVER_PRESENT,
    NOT_AT_RESEARCH,
    RECEPTIONS_2022,
    REPORT_TITLE,
    RESEARCH_SUBJECT,
    RESEARCH_TRIPS,
    SURVEYS,
)
from .demo_data.y2023 import DUTY_REPORTS_2023, PORTAL_RECEPTION, RECEPTIONS_2023
from .models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Deliberation,
    DeputiesHome,
    DutyReport,
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
