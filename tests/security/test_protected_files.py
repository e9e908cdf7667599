"""Every uploaded file is served one way: through the protected-file route, or (public photos) by the
proxy from its folder; README.md and docs/deployment.md name the same public folders as the code."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from congress import protected_media
from congress.roles import DOMAIN_APPS


def file_fields():
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    yield model, field.name


def test_every_file_field_is_registered_with_the_protected_file_route_or_as_public():
    unregistered = [
        f"{model._meta.label}.{name}"
        for model, name in file_fields()
        if not protected_media.is_registered(model, name)
    ]
    assert unregistered == [], "register them in the app's AppConfig.ready() (congress/protected_media.py)"


def test_the_readme_and_the_proxy_configuration_name_the_public_folders_of_the_code():
    folders = protected_media.public_folders()
    assert folders == ["deputies/photos", "livelihood/progress"]
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    deployment = (Path(settings.BASE_DIR) / "docs" / "deployment.md").read_text(encoding="utf-8")
    sentence = re.search(
        r"the proxy may serve the public photo folders (.+?) directly and nothing else", readme, re.S
    )
    named = set(re.findall(r"`media/([a-z/]+?)/`", sentence[1]))
    assert named == set(folders)
    served = set(re.findall(r"location /media/([a-z/]+?)/ ", deployment))
    assert served == set(folders)
