"""Dates as each language writes them (settings.FORMAT_MODULE_PATH), where Django's own differ:
12月19日 in Chinese (Django's zh_Hans pads the month: 09月5日), Dec 19 and Dec 19, 2022 in English.
Templates name the format ("DATE_FORMAT", "MONTH_DAY_FORMAT"), never a pattern of one language."""
