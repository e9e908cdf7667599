"""Chinese first: the interface is zh-hans unless the visitor chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set
to English would get English pages. The platform serves a Chinese township:
only the language switch (its cookie) changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Punctuation follows the reader's language: Chinese text takes full-width marks with no
# spaces (测评：满意, 甲、乙, 王宝平（主席）), English text the ASCII marks with their spaces.


def chinese() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("zh")


def colon(label, text="") -> str:
    """测评：满意 / Rating: satisfied."""
    return f"{label}：{text}" if chinese() else f"{label}: {text}"


def listed(items) -> str:
    """甲、乙、丙 / A, B, C."""
    return ("、" if chinese() else ", ").join(str(item) for item in items)


def clauses(items) -> str:
    """甲；乙 / A; B."""
    return ("；" if chinese() else "; ").join(str(item) for item in items)


def bracketed(text, after="") -> str:
    """王宝平（主席） / 王宝平 (chair): ``text`` followed by ``after`` in brackets."""
    return f"{text}（{after}）" if chinese() else f"{text} ({after})"
