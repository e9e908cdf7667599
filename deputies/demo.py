"""Demo roster of Wushenzhao's 4th term: 67 deputies in office at the end of 2022.

The deputies' duty work of 2022 and 2023 is loaded by ``demo_duty`` (called at the end of ``load()``).

王宝平 (the chair) is the only real name; everyone else is fictional, made
up from common given names and surnames with a fixed seed.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from congress.demo import demo_user
from congress.models import Term
from congress.roles import Role

from . import demo_duty, demo_posts
from .models import Constituency, Deputy, DeputyStatus, PresidiumMembership, PresidiumRole

ACCOUNTS = [
    ("member", "主席团成员：查看全部记录"),
    ("deputy", "人大代表（演示代表 乌云其其格）：我的建议、履职档案"),
]

CONSTITUENCIES = [
    ("乌审召嘎查选区", "乌审召嘎查"),
    ("查汗庙嘎查选区", "查汗庙嘎查"),
    ("巴音陶勒盖嘎查选区", "巴音陶勒盖嘎查"),
    ("巴音敖包嘎查选区", "巴音敖包嘎查"),
    ("绿洲社区选区", "绿洲社区"),
    ("惠泽社区选区", "惠泽社区"),
    ("镇直机关选区", "镇直机关及驻镇单位"),
]

MONGOLIAN_NAMES = [
    "巴特尔",
    "乌云其其格",
    "斯琴",
    "额尔敦",
    "娜仁花",
    "朝鲁",
    "萨仁",
    "宝音",
    "其木格",
    "图雅",
    "阿拉坦",
    "哈斯",
    "苏日娜",
    "那顺",
    "乌兰",
    "布和",
    "敖登",
    "孟和",
    "高娃",
    "达来",
    "吉日嘎拉",
    "满都拉",
    "查干",
    "额日和",
    "塔娜",
    "巴雅尔",
    "托娅",
    "呼和",
    "格日勒",
    "其其格",
]
HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
HAN_GIVEN = [
    "建军",
    "海燕",
    "志强",
    "秀英",
    "国华",
    "丽娟",
    "永平",
    "春梅",
    "文斌",
    "晓东",
    "俊峰",
    "玉兰",
    "振华",
    "桂芳",
    "利民",
]
FEMALE_HINTS = (
    "其其格",
    "娜",
    "花",
    "格",
    "雅",
    "高娃",
    "托娅",
    "燕",
    "英",
    "梅",
    "兰",
    "芳",
    "娟",
    "萨仁",
    "敖登",
    "塔娜",
    "乌兰",
)
OCCUPATIONS = [
    "{place}党支部书记、嘎查委员会主任",
    "{place}牧民",
    "{place}种养殖大户",
    "{place}村医",
    "乌审召镇中心学校教师",
    "乌审召镇卫生院医生",
    "{place}个体工商户",
    "乌审召镇人民政府干部",
    "{place}合作社理事长",
    "{place}党支部副书记",
]
EDUCATION = ["初中", "高中", "中专", "大专", "本科"]

CHAIR = "王宝平"
PRESIDIUM = [
    (CHAIR, PresidiumRole.CHAIR, "镇党委委员、人大主席", "主持主席团全面工作，联系镇直机关选区代表"),
    (
        "斯琴",
        PresidiumRole.VICE_CHAIR,
        "人大专职副主席",
        "负责代表建议督办、代表之家建设，联系查汗庙嘎查、巴音陶勒盖嘎查代表",
    ),
    ("额尔敦", PresidiumRole.MEMBER, "主席团成员", "联系乌审召嘎查代表"),
    ("刘海燕", PresidiumRole.MEMBER, "主席团成员", "联系绿洲社区代表"),
    ("巴雅尔", PresidiumRole.MEMBER, "主席团成员", "联系巴音敖包嘎查代表"),
    ("张志强", PresidiumRole.MEMBER, "主席团成员", "联系惠泽社区代表"),
    ("乌兰", PresidiumRole.MEMBER, "主席团成员", "民生实事项目监督"),
]
# Two deputies of the term left office during 2022: 69 elected, 67 in office at year end.
LEFT_IN_2022 = {
    "冯文斌": (DeputyStatus.RESIGNED, datetime.date(2022, 6, 30)),
    "何永平": (DeputyStatus.DECEASED, datetime.date(2022, 3, 12)),
}
DEMO_DEPUTY = "乌云其其格"


def roster_names() -> list[str]:
    """67 deputies in office (the presidium first), then the two who left in 2022."""
    rng = random.Random(2022)
    candidates = [name for name, *_rest in PRESIDIUM] + MONGOLIAN_NAMES
    candidates += [surname + given for surname in HAN_SURNAMES for given in rng.sample(HAN_GIVEN, 2)]
    names = list(dict.fromkeys(n for n in candidates if n not in LEFT_IN_2022))[:67]
    return names + list(LEFT_IN_2022)


def load():
    term = Term.objects.get(ordinal=4)
    rng = random.Random(67)
    constituencies = [
        Constituency.objects.update_or_create(name=name, defaults={"description": area})[0]
        for name, area in CONSTITUENCIES
    ]
    deputies = {}
    for index, name in enumerate(roster_names()):
        constituency = constituencies[index % len(constituencies)]
        place = constituency.description
        mongolian = name in MONGOLIAN_NAMES
        female = name.endswith(FEMALE_HINTS) or any(h in name for h in ("娜", "花"))
        status, left = LEFT_IN_2022.get(name, (DeputyStatus.ACTIVE, None))
        occupation = rng.choice(OCCUPATIONS).format(place=place)
        if name == CHAIR:
            occupation = "乌审召镇党委委员、人大主席"
        deputies[name], _created = Deputy.objects.update_or_create(
            term=term,
            name=name,
            defaults={
                "gender": "female" if female else "male",
                "ethnicity": "蒙古族" if mongolian else "汉族",
                "birth_month": datetime.date(rng.randint(1962, 1992), rng.randint(1, 12), 1),
                "political_affiliation": rng.choice(["cpc", "cpc", "cpc", "masses", "masses", "cyl"]),
                "education": rng.choice(EDUCATION),
                "occupation": occupation,
                "constituency": constituency,
                "is_banner_deputy": index % 9 == 0,
                "phone": f"1{rng.randint(3, 9)}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "status": status,
                "took_office": term.start_date,
                "left_office": left,
            },
        )
    for name, role, title, division in PRESIDIUM:
        PresidiumMembership.objects.update_or_create(
            term=term,
            deputy=deputies[name],
            end_date=None,
            defaults={"role": role, "title": title, "duty_division": division, "start_date": term.start_date},
        )
    member = demo_user("member", Role.MEMBER, first_name="主席团成员")
    deputy_user = demo_user("deputy", Role.DEPUTY, first_name=DEMO_DEPUTY)
    Deputy.objects.filter(user=deputy_user).exclude(name=DEMO_DEPUTY).update(user=None)
    deputies[DEMO_DEPUTY].user = deputy_user
    deputies[DEMO_DEPUTY].save(update_fields=["user"])
    duty = demo_duty.load(term, deputies)
    demo_posts.load(deputies, staff=get_user_model().objects.filter(username="staff").first())
    return {"term": term, "deputies": deputies, "member": member, **duty}


def load_second_township():
    """图克镇's roster and a little duty work (called by ``congress.demo.load_demo`` inside its scope)."""
    from .demo_data import tuke
    from .models import DeputiesHome, Post, PostKind, PostPhoto, PostStatus

    term = Term.objects.get(ordinal=4)
    rng = random.Random(2023)
    constituencies = [
        Constituency.objects.update_or_create(name=name, defaults={"description": area})[0]
        for name, area in tuke.CONSTITUENCIES
    ]
    deputies = {}
    for name, gender, ethnicity, born, occupation, seat, banner in tuke.DEPUTIES:
        deputies[name], _created = Deputy.objects.update_or_create(
            term=term,
            name=name,
            defaults={
                "gender": gender,
                "ethnicity": ethnicity,
                "birth_month": datetime.date(born, rng.randint(1, 12), 1),
                "political_affiliation": rng.choice(["cpc", "cpc", "masses"]),
                "education": rng.choice(EDUCATION),
                "occupation": occupation,
                "constituency": constituencies[seat],
                "is_banner_deputy": banner,
                "phone": f"1{rng.randint(3, 9)}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "status": DeputyStatus.ACTIVE,
                "took_office": term.start_date,
            },
        )
    for name, role, title, division in tuke.PRESIDIUM:
        PresidiumMembership.objects.update_or_create(
            term=term,
            deputy=deputies[name],
            end_date=None,
            defaults={"role": role, "title": title, "duty_division": division, "start_date": term.start_date},
        )
    home = DeputiesHome.objects.update_or_create(name=tuke.HOME["name"], defaults=tuke.HOME)[0]
    for date, visitors, on_duty, matters in tuke.RECEPTIONS:
        demo_duty._reception(term, home, date, visitors, on_duty, matters, deputies)
    trip = tuke.RESEARCH_TRIP
    activity = demo_duty._activity(
        term,
        demo_duty.ActivityKind.RESEARCH_TRIP,
        trip["title"],
        trip["start"],
        destination=trip["destination"],
        description=trip["description"],
        organizer="图克镇人大主席团",
    )
    absent = {deputies[name]: reason for name, reason in tuke.ABSENT.items()}
    demo_duty._attendance(activity, [d for d in deputies.values() if d not in absent], absent)
    title, text = tuke.POST
    published_at = timezone.make_aware(datetime.datetime.combine(trip["start"], datetime.time(18)))
    post, _created = Post.objects.update_or_create(
        kind=PostKind.ACTIVITY,
        activity=activity,
        title=title,
        defaults={
            "text": text,
            "status": PostStatus.PUBLISHED,
            "reviewed_by": get_user_model().objects.filter(username="tuke_staff").first(),
            "reviewed_at": published_at,
            "published_at": published_at,
            "created_at": published_at - datetime.timedelta(days=1),
        },
    )
    if not post.photos.exists():
        picture = ContentFile(demo_posts.placeholder_photo("field", seed=title), name="field.jpg")
        PostPhoto.objects.create(post=post, image=picture, caption="考察家庭牧场", order=0)
    return {"term": term, "deputies": deputies, "home": home}
