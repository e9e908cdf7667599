"""QR codes drawn on the server by segno (nothing is loaded from elsewhere): the deputies' cards, the sign-in slips."""

import io

import segno


def qr_svg(url: str, *, title: str = "") -> bytes:
    """The QR code of ``url`` as an SVG image (error correction M, the standard 4-module quiet zone)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out, kind="svg", scale=8, border=4, xmldecl=False, title=title or None, dark="#000", light="#fff"
    )
    return out.getvalue()


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as a ``data:`` SVG image, for a page that must not fetch anything more."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=8, border=4, dark="#000", light="#fff")
