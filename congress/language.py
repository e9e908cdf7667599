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
