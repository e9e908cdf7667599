"""代表码: the QR code on a deputy's printed card, opening the voter opinion form addressed to them.

The code only encodes the form's address (``/opinions/new/?deputy=<pk>``,
absolute, as the visitor's browser reached this server), so it may be served
to anyone. Drawn on the server as SVG by segno: nothing is loaded from elsewhere.
"""

import io

import segno
from django.urls import reverse


def opinion_form_url(request, deputy) -> str:
    """The absolute address of the public opinion form addressed to ``deputy``."""
    return request.build_absolute_uri(f"{reverse('opinions:new')}?deputy={deputy.pk}")


def qr_svg(url: str, *, title: str = "") -> bytes:
    """The QR code of ``url`` as an SVG image (error correction M, the standard 4-module quiet zone)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out, kind="svg", scale=8, border=4, xmldecl=False, title=title or None, dark="#000", light="#fff"
    )
    return out.getvalue()
