"""Tap targets on phones: every link, button, submit and checkbox label at least 44 × 44 CSS pixels.

``offenders(page)`` measures each visible target's box as shown; ``check(page)`` fails naming them.
A link inside a sentence (a ``p`` with words around the link) is exempt, as WCAG 2.5.5 exempts
inline targets: it cannot grow without breaking the line.
"""

MINIMUM = 44

MEASURE = """(minimum) => {
  const targets = document.querySelectorAll(
    'a[href], button, input[type=submit], input[type=button], input[type=reset], label[for]'
  );
  const inSentence = (el) => {
    const block = el.closest('p');
    if (!block || el.tagName !== 'A') return false;
    const words = Array.from(block.childNodes)
      .filter((node) => node !== el && !node.contains(el))
      .map((node) => node.textContent.trim())
      .join('');
    return words.replace(/[·|、，,]/g, '').trim().length > 0;
  };
  const small = [];
  for (const el of targets) {
    if (el.tagName === 'LABEL') {
      const input = document.getElementById(el.htmlFor);
      if (!input || !['checkbox', 'radio'].includes(input.type)) continue;
    }
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('[hidden], .visually-hidden, .visually-hidden-focusable')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.width >= minimum - 0.5 && box.height >= minimum - 0.5) continue;
    if (inSentence(el)) continue;
    const name = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30);
    small.push(`${el.tagName.toLowerCase()} “${name}” ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return small;
}"""


def offenders(page) -> list[str]:
    """Each visible tap target smaller than 44 × 44 px: tag, text and size."""
    return page.evaluate(MEASURE, MINIMUM)


def check(page) -> None:
    small = offenders(page)
    assert small == [], f"tap targets under {MINIMUM} × {MINIMUM} px on {page.url}:\n" + "\n".join(small)
