"""Draw the app icon (original artwork): SVG by hand, PNG/ICO/ICNS with Pillow.

``python -m installer.make_icons`` rewrites ``installer/assets/clinical-assistant.*``.
The design: a teal rounded square, a white speech bubble, a teal medical cross inside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
TEAL = "#0f766e"
WHITE = "#ffffff"

SVG = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>Clinical Assistant</title>
  <rect x="8" y="8" width="240" height="240" rx="48" ry="48" fill="{TEAL}"/>
  <path d="M56 52 H200 A24 24 0 0 1 224 76 V156 A24 24 0 0 1 200 180 H112 L72 212 L80 180
           H56 A24 24 0 0 1 32 156 V76 A24 24 0 0 1 56 52 Z" fill="{WHITE}"/>
  <path d="M112 72 H144 V100 H172 V132 H144 V160 H112 V132 H84 V100 H112 Z" fill="{TEAL}"/>
</svg>
"""


def draw_png(size: int = 256):  # noqa: ANN201 - PIL.Image.Image
    """Render the same shapes as the SVG with Pillow (4x supersampled)."""
    from PIL import Image, ImageDraw

    s = 4 * size / 256
    big = Image.new("RGBA", (int(256 * s), int(256 * s)), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)

    def sc(*xy: float) -> list[float]:
        return [v * s for v in xy]

    d.rounded_rectangle(sc(8, 8, 248, 248), radius=48 * s, fill=TEAL)
    d.rounded_rectangle(sc(32, 52, 224, 180), radius=24 * s, fill=WHITE)
    d.polygon(sc(112, 178, 72, 212, 82, 178), fill=WHITE)
    d.rectangle(sc(112, 72, 144, 160), fill=TEAL)
    d.rectangle(sc(84, 100, 172, 132), fill=TEAL)
    return big.resize((size, size), Image.LANCZOS)


def main(argv: list[str] | None = None) -> int:
    ASSETS.mkdir(parents=True, exist_ok=True)
    (ASSETS / "clinical-assistant.svg").write_text(SVG, encoding="utf-8")
    png = draw_png(256)
    png.save(ASSETS / "clinical-assistant.png", optimize=True)
    png.save(ASSETS / "clinical-assistant.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
    draw_png(512).save(ASSETS / "clinical-assistant.icns")
    print(f"icons written to {ASSETS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
