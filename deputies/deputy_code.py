"""代表码: the QR code on a deputy's printed card, opening the voter opinion form addressed to them.

The code only encodes the form's address (``/opinions/new/?deputy=<pk>``,
absolute, as the visitor's browser reached this server), so it may be served
to anyone. Drawn on the server as SVG by segno: nothing is loaded from elsewhere.
"""

from django.urls import reverse

from congress.qr import qr_svg  # noqa: F401  (the card's code, drawn where the slips' is)


def opinion_form_url(request, deputy) -> str:
    """The absolute address of the public opinion form addressed to ``deputy``."""
    return request.build_absolute_uri(f"{reverse('opinions:new')}?deputy={deputy.pk}")
