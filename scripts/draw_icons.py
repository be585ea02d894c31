"""Draws the home-screen icons into static/icons/: a calm mark that says nothing about what the
site is for (three rising steps on the site's teal), at 192 and 512 px, and a maskable one whose
mark sits inside the safe circle every phone's mask keeps.

    .venv/bin/python scripts/draw_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (29, 107, 105, 255)  # --accent in static/css/site.css
CREAM = (251, 250, 247, 255)  # --bg
SUPERSAMPLE = 4
ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    if maskable:
        # Full bleed: the phone cuts its own shape out of it.
        canvas.rectangle((0, 0, big, big), fill=TEAL)
        # The mark fits inside the central circle of 80% diameter (the maskable safe zone).
        mark_box = big * 0.28
    else:
        canvas.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=TEAL)
        mark_box = big * 0.2
    # Three steps, as in static/favicon.svg: M9 22h6v-5h6v-5h4 on a 32-unit grid.
    span = big - 2 * mark_box
    unit = span / 16  # the favicon's path spans 16 units across (9 to 25)

    def at(x: float, y: float) -> tuple[float, float]:
        return (mark_box + (x - 9) * unit, mark_box + (y - 12 + 3) * unit)

    points = [at(9, 22), at(15, 22), at(15, 17), at(21, 17), at(21, 12), at(25, 12)]
    width = round(3 * unit)
    canvas.line(points, fill=CREAM, width=width, joint="curve")
    for end in (points[0], points[-1]):
        radius = width / 2
        canvas.ellipse(
            (end[0] - radius, end[1] - radius, end[0] + radius, end[1] + radius), fill=CREAM
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(ICONS / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(ICONS / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
