"""Chinese numerals as used in official titles (第四届, 第三次会议)."""

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
