#!/usr/bin/env python3
"""Generate the nianbao application icon.

A red (#C00000) rounded square with a white 年 drawn in FandolHei
(assets/fonts/fandol/FandolHei-Regular.otf, GPL-3 with font exception).

Every size is rendered separately at 8x supersampling and downscaled with
Lanczos, with a size-dependent stroke so the glyph stays legible at 16 px.

Usage (from anywhere):  python3 assets/icon/make_icon.py
Requires: Pillow (pip install pillow).  Output is deterministic.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "fandol" / "FandolHei-Regular.otf"
RED = (0xC0, 0x00, 0x00, 255)
WHITE = (255, 255, 255, 255)
CHAR = "年"
SS = 8  # supersampling factor

# size -> (corner radius, glyph height, extra stroke) as fractions of the size
PARAMS = {
    16: (0.19, 0.80, 0.030),
    32: (0.19, 0.74, 0.022),
    48: (0.19, 0.72, 0.018),
    256: (0.19, 0.68, 0.012),
}


def render(size: int) -> Image.Image:
    radius_f, glyph_f, stroke_f = PARAMS[size]
    big = size * SS
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    # Leave a 1/32 margin so the square does not touch the icon edge.
    m = round(big / 32) if size >= 32 else 0
    draw.rounded_rectangle((m, m, big - 1 - m, big - 1 - m),
                           radius=round(big * radius_f), fill=RED)

    stroke = max(0, round(big * stroke_f))
    # Pick a font size so that the glyph's ink height equals glyph_f * big.
    probe = ImageFont.truetype(str(FONT), 1000)
    x0, y0, x1, y1 = probe.getbbox(CHAR)
    font = ImageFont.truetype(str(FONT), round(1000 * glyph_f * big / (y1 - y0)))
    x0, y0, x1, y1 = draw.textbbox((0, 0), CHAR, font=font, stroke_width=stroke)
    pos = ((big - (x1 - x0)) / 2 - x0, (big - (y1 - y0)) / 2 - y0)
    draw.text(pos, CHAR, font=font, fill=WHITE,
              stroke_width=stroke, stroke_fill=WHITE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    images = {s: render(s) for s in PARAMS}
    images[256].save(HERE / "nianbao.png", optimize=True)
    sizes = sorted(PARAMS)
    images[256].save(HERE / "nianbao.ico", format="ICO",
                     sizes=[(s, s) for s in sizes],
                     append_images=[images[s] for s in sizes if s != 256])
    print("wrote", HERE / "nianbao.png", "and", HERE / "nianbao.ico")


if __name__ == "__main__":
    main()
