"""{% submission_token %}: the one-time token of a form that writes (congress/submissions.py).

Put it inside every portal or public ``<form method="post">`` whose view is
``@once_per_submission``. Each call gives a new token, so every form of a page
is a submission of its own (the page cache gives each copy it serves new ones).
"""

from django import template
from django.utils.html import format_html

from congress.submissions import FIELD, new_token

register = template.Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
