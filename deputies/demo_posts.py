"""Demo of 履职动态: a few posts on Wushenzhao's 2022, with placeholder photos drawn at load time.

Called from ``deputies.demo.load()`` after the duty work. Published posts on the
五原县 research trip, a reception day, a duty report and the epidemic duty the
demo deputy proposed; one proposal of hers waits for review and one was sent
back, so that the portal and the admin show every status. The photos are
drawn with Pillow (fields, buildings, people, a banner: no real place or
person) and stored through the photo pipeline like any upload. Posts are found
by their record and title; a post that has photos keeps them.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from .models import Activity, DutyReport, Post, PostKind, PostPhoto, PostStatus, Reception

D = datetime.date

SKY, GRASS, SAND, FIELD, WALL = (
    (150, 196, 232),
    (112, 160, 76),
    (214, 188, 128),
    (88, 140, 60),
    (236, 228, 214),
)
RED, GOLD = (164, 22, 26), (244, 213, 141)

# (kind, how the record is found, title, text, photos (scene, caption), status, proposed by the demo deputy,
#  reason for sending back)
POSTS = [
    (
        PostKind.ACTIVITY,
        {"title": "赴五原县学习考察乡村振兴工作"},
        "赴五原县学习考察乡村振兴工作",
        "4月12日至13日，镇人大主席团组织部分代表赴巴彦淖尔市五原县，实地考察现代农业产业园、"
        "高标准农田建设和村集体经济发展。代表们边看边问，详细了解土地流转、节水灌溉和农产品加工的做法，"
        "回来后结合我镇草原畜牧业实际，提出发展特色种养、培育合作社品牌等意见建议。",
        [
            ("field", "高标准农田建设现场"),
            ("greenhouse", "现代农业产业园的温室大棚"),
            ("meeting", "座谈交流"),
        ],
        PostStatus.PUBLISHED,
        False,
        "",
    ),
    (
        PostKind.RECEPTION,
        {"date": D(2022, 5, 10)},
        "5月10日代表之家集中接待选民",
        "每月10日是代表集中接待选民日。本月由巴雅尔、朝鲁、乌云其其格三位代表值班，"
        "当天接待选民9人次，选民反映的问题当场答复或登记转交有关单位办理，办理情况将向选民反馈。",
        [("reception", "代表在代表之家接待选民"), ("building", "乌审召镇人大代表之家")],
        PostStatus.PUBLISHED,
        False,
        "",
    ),
    (
        PostKind.DUTY_REPORT,
        {"deputy__name": "乌云其其格", "date": D(2022, 6, 21)},
        "乌云其其格代表向选民述职",
        "6月21日，乌云其其格代表在查汗庙嘎查党群服务中心向选民口头述职，汇报一年来参加活动、"
        "接待选民和提出建议的情况，并接受选民现场测评。",
        [("meeting", "述职现场"), ("building", "查汗庙嘎查党群服务中心")],
        PostStatus.PUBLISHED,
        False,
        "",
    ),
    (
        PostKind.ACTIVITY,
        {"title": "疫情防控卡点值守（堵卡）志愿服务"},
        "代表参加疫情防控卡点值守",
        "10月疫情期间，代表们主动到镇区进出卡点值守，协助做好测温、扫码和车辆登记，"
        "与卡点工作人员一起守好乌审召镇的大门。",
        [("checkpoint", "代表在卡点值守")],
        PostStatus.PUBLISHED,
        True,
        "",
    ),
    (
        PostKind.ACTIVITY,
        {"title": "参加旗人大常委会工作视察"},
        "参加旗人大常委会工作视察",
        "6月8日，我随旗人大常委会视察组视察了乌审召镇的重点项目建设，对项目进度和质量提出了意见。",
        [("building", "视察项目现场"), ("field", "项目周边的草场")],
        PostStatus.PROPOSED,
        True,
        "",
    ),
    (
        PostKind.ACTIVITY,
        {"title": "配合开展全员核酸检测演练志愿服务"},
        "参加全员核酸检测演练志愿服务",
        "4月20日，我参加了全员核酸检测演练的志愿服务，帮助群众扫码登记、维持秩序。",
        [("checkpoint", "核酸检测点")],
        PostStatus.REJECTED,
        True,
        "照片中有群众的正面特写，未征得本人同意，请更换照片后重新提交。",
    ),
]


def load(deputies: dict, staff=None):
    """Load the demo posts; ``deputies`` maps names to the roster's Deputy rows."""
    demo = deputies["乌云其其格"]
    finders = {PostKind.ACTIVITY: Activity, PostKind.RECEPTION: Reception, PostKind.DUTY_REPORT: DutyReport}
    for kind, lookup, title, text, photos, status, proposed, reason in POSTS:
        record = finders[kind].objects.filter(**lookup).order_by("pk").first()
        if record is None:
            continue
        day = record.start_date if kind == PostKind.ACTIVITY else record.date
        published_at = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=2), datetime.time(18))
        )
        post, _created = Post.objects.update_or_create(
            kind=kind,
            **{kind.value: record},
            title=title,
            defaults={
                "text": text,
                "status": status,
                "proposed_by": demo if proposed else None,
                "review_note": reason,
                "reviewed_by": staff if status != PostStatus.PROPOSED else None,
                "reviewed_at": published_at if status != PostStatus.PROPOSED else None,
                "published_at": published_at if status == PostStatus.PUBLISHED else None,
                "created_at": published_at - datetime.timedelta(days=1),
            },
        )
        if not post.photos.exists():
            for order, (scene, caption) in enumerate(photos):
                picture = ContentFile(placeholder_photo(scene, seed=f"{title}{order}"), name=f"{scene}.jpg")
                PostPhoto.objects.create(post=post, image=picture, caption=caption, order=order)


def placeholder_photo(scene: str, *, seed: str, size=(1200, 900)) -> bytes:
    """A plainly drawn picture standing for a photo of ``scene``: sky, ground, buildings, people, a banner."""
    rng = random.Random(seed)
    width, height = size
    picture = Image.new("RGB", size, SKY)
    draw = ImageDraw.Draw(picture)
    horizon = int(height * rng.uniform(0.45, 0.6))
    for y in range(horizon):  # the sky, lighter towards the horizon
        shade = int(40 * y / horizon)
        draw.line(
            [(0, y), (width, y)],
            fill=(SKY[0] + shade // 2, SKY[1] + shade // 3, min(255, SKY[2] + shade // 4)),
        )
    ground = {"field": FIELD, "greenhouse": SAND, "checkpoint": SAND}.get(scene, GRASS)
    draw.rectangle([0, horizon, width, height], fill=ground)
    if scene == "field":
        for row in range(horizon + 20, height, 36):
            draw.line([(0, row), (width, row + rng.randint(-10, 10))], fill=(70, 118, 48), width=6)
    if scene == "greenhouse":
        for left in range(40, width - 200, 260):
            draw.pieslice([left, horizon - 120, left + 220, horizon + 120], 180, 360, fill=(225, 235, 240))
    if scene in ("building", "reception", "meeting"):
        left = rng.randint(80, 300)
        draw.rectangle(
            [left, horizon - 260, left + 620, horizon + 40], fill=WALL, outline=(160, 150, 140), width=4
        )
        for window in range(left + 40, left + 580, 110):
            draw.rectangle([window, horizon - 200, window + 60, horizon - 120], fill=(120, 160, 190))
        draw.rectangle([left + 120, horizon - 300, left + 500, horizon - 250], fill=RED)  # a red banner
        draw.rectangle([left + 140, horizon - 288, left + 480, horizon - 262], fill=GOLD)
    if scene == "checkpoint":
        draw.rectangle([150, horizon - 180, 450, horizon + 20], fill=(40, 90, 170))  # a tent
        draw.polygon([(130, horizon - 180), (300, horizon - 260), (470, horizon - 180)], fill=(30, 70, 140))
        draw.rectangle([520, horizon - 30, 1100, horizon - 10], fill=(220, 60, 50))  # the barrier
    people = {"meeting": 7, "reception": 4, "checkpoint": 3, "field": 3, "greenhouse": 2, "building": 2}[
        scene
    ]
    for _person in range(people):  # seen from afar: no faces
        x = rng.randint(60, width - 60)
        y = rng.randint(horizon + 40, height - 140)
        coat = rng.choice([(40, 60, 110), (120, 30, 30), (60, 60, 60), (200, 120, 40)])
        draw.rectangle([x - 22, y, x + 22, y + 90], fill=coat)
        draw.ellipse([x - 16, y - 34, x + 16, y - 2], fill=(70, 50, 40))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
