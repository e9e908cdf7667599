"""代表码: the QR code on a deputy's printed card, opening the voter opinion form addressed to them.

The code only encodes the form's address (``/opinions/new/?deputy=<pk>``,
absolute, as the visitor's browser reached this server), so it may be served
to anyone. Drawn on the server as SVG by segno: nothing is loaded from elsewhere.

The form is the deputy's own township's: when the installation serves several townships the
address is under ``/t/<their township's slug>/`` (``congress.townships.public_path``), whoever
prints the card and from whichever page, since a visitor without a prefix sees the first
township's form and the form refuses another township's deputy (404). A single-township
installation keeps the unprefixed ``/opinions/new/?deputy=<pk>``: its printed cards stay valid.
"""

from congress import townships
from congress.qr import qr_svg  # noqa: F401  (the card's code, drawn where the slips' is)


def opinion_form_url(request, deputy) -> str:
    """The absolute address of the public opinion form addressed to ``deputy``, in their township."""
    path = townships.public_path(deputy.township_id, "opinions:new")
    return request.build_absolute_uri(f"{path}?deputy={deputy.pk}")
