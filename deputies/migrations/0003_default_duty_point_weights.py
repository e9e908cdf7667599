from decimal import Decimal

from django.db import migrations

# The defaults at the time of this migration (deputies/models/points.py keeps the current ones).
DEFAULTS = {
    "reception": "3",
    "duty_report": "5",
    "study": "1",
    "volunteer": "2",
    "inspection": "2",
    "research_trip": "3",
    "survey": "2",
    "training": "1",
    "meeting": "1",
    "other": "1",
    "absence": "0",
    "deliberation": "2",
    "opinion": "2",
}


def add_defaults(apps, schema_editor):
    weight = apps.get_model("deputies", "DutyPointWeight")
    for item, points in DEFAULTS.items():
        weight.objects.get_or_create(item=item, defaults={"points": Decimal(points)})


class Migration(migrations.Migration):
    dependencies = [("deputies", "0002_duty_work")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
