"""Chinese numerals as used in official titles (第四届, 第三次会议)."""

import re
import unicodedata

DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1..99 in Chinese numerals: 4 → 四, 10 → 十, 13 → 十三, 21 → 二十一."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "" if tens == 1 else DIGITS[tens]
    return head + "十" + (DIGITS[ones] if ones else "")


def ordinal(n: int) -> str:
    """A term's or a session's number as the reader writes it: 四 in Chinese (第四届), 4 in English."""
    from django.utils import translation

    language = translation.get_language() or ""
    return chinese_ordinal(n) if language.startswith("zh") else str(n)


NUMERAL_VALUES = {**{d: i for i, d in enumerate(DIGITS)}, "〇": 0, "两": 2}
ORDINAL = re.compile(r"第\s*([0-9０-９]+|[零〇一二两三四五六七八九十百]+)")


def parse_number(text: str) -> int | None:
    """A number written in digits or Chinese numerals (1..999): '12', '１２', '十二', '一百零五' → int."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(unicodedata.normalize("NFKC", text))
    total, digit = 0, None
    for char in text:
        if char in NUMERAL_VALUES:
            digit = NUMERAL_VALUES[char]
        elif char in "十百":
            total += (1 if digit is None else digit) * (10 if char == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0) or None


def ordinal_in(text: str) -> int | None:
    """The number of an ordinal in a name: '第十二选区' → 12, '第3选区' → 3, '查汗庙嘎查选区' → None."""
    match = ORDINAL.search(text or "")
    return parse_number(match.group(1)) if match else None
