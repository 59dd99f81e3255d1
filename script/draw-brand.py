"""Draw the brand images: a speaking cloud (a cloud with a speech bubble's tail and a sound wave).

Run with a Python that has Pillow (script/test's .venv has it through Home Assistant):
    .venv/bin/python script/draw-brand.py
It writes custom_components/cloud_tts/brand/ (icon, icon@2x, logo, logo@2x) and the add-on's icon and logo,
following Home Assistant's brand image rules: PNG, transparent background, trimmed, the icon square.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
BRAND = ROOT / "custom_components" / "cloud_tts" / "brand"
ADDON = ROOT / "addon" / "cloud_tts"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
TOP, BOTTOM = (59, 167, 245), (21, 101, 192)  # the gradient, sky blue to deep blue
WORDMARK = (21, 101, 192)
UNIT = 2  # pixels per unit of the 1000-unit drawing, before scaling down (smooth edges)


def _mark() -> Image.Image:
    """Return the mark, large and trimmed: a blue cloud with a tail, a white sound wave cut into it."""
    size = 1000 * UNIT
    shape = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(shape)

    def box(x: float, y: float, r: float) -> tuple[float, float, float, float]:
        return ((x - r) * UNIT, (y - r) * UNIT, (x + r) * UNIT, (y + r) * UNIT)

    draw.rounded_rectangle((100 * UNIT, 430 * UNIT, 900 * UNIT, 720 * UNIT), radius=145 * UNIT, fill=255)
    for x, y, r in ((320, 470, 170), (560, 380, 230), (770, 500, 150)):
        draw.ellipse(box(x, y, r), fill=255)
    draw.polygon([(250 * UNIT, 680 * UNIT), (420 * UNIT, 715 * UNIT), (200 * UNIT, 850 * UNIT)], fill=255)
    for x, height in ((330, 90), (415, 190), (500, 290), (585, 190), (670, 90)):
        top, bottom = 545 - height / 2, 545 + height / 2
        draw.rounded_rectangle(((x - 26) * UNIT, top * UNIT, (x + 26) * UNIT, bottom * UNIT), radius=26 * UNIT, fill=0)
    gradient = Image.new("RGBA", (size, size))
    gradient_draw = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / (size - 1)
        gradient_draw.line(
            [(0, y), (size, y)], fill=(*(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True)), 255)
        )
    mark = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    mark.paste(gradient, mask=shape)
    return mark.crop(mark.getbbox())


def _logo(mark: Image.Image) -> Image.Image:
    """Return the mark with the words "Cloud TTS" beside it, trimmed."""
    font = ImageFont.truetype(str(FONT), size=round(mark.height * 0.62))
    text_box = font.getbbox("Cloud TTS")
    gap = mark.height // 5
    width = mark.width + gap + text_box[2] - text_box[0]
    logo = Image.new("RGBA", (width, mark.height), (0, 0, 0, 0))
    logo.paste(mark, (0, 0))
    draw = ImageDraw.Draw(logo)
    text_height = text_box[3] - text_box[1]
    draw.text(
        (mark.width + gap - text_box[0], (mark.height - text_height) // 2 - text_box[1]),
        "Cloud TTS",
        font=font,
        fill=(*WORDMARK, 255),
    )
    return logo.crop(logo.getbbox())


def _square(image: Image.Image, size: int) -> Image.Image:
    """Scale ``image`` so its longer side is ``size`` and centre it on a transparent square."""
    scale = size / max(image.size)
    scaled = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(scaled, ((size - scaled.width) // 2, (size - scaled.height) // 2))
    return square


def _high(image: Image.Image, height: int) -> Image.Image:
    """Scale ``image`` to ``height`` pixels high."""
    return image.resize((round(image.width * height / image.height), height), Image.Resampling.LANCZOS)


def main() -> None:
    """Write every brand image."""
    mark = _mark()
    logo = _logo(mark)
    BRAND.mkdir(parents=True, exist_ok=True)
    images = {
        BRAND / "icon.png": _square(mark, 256),
        BRAND / "icon@2x.png": _square(mark, 512),
        BRAND / "logo.png": _high(logo, 128),
        BRAND / "logo@2x.png": _high(logo, 256),
        ADDON / "icon.png": _square(mark, 128),  # the add-on store's sizes: icon 128×128, logo about 250×100
        ADDON / "logo.png": _high(logo, 100),
    }
    for path, image in images.items():
        image.save(path, optimize=True)
        print(f"{path.relative_to(ROOT)}: {image.width}×{image.height}")


if __name__ == "__main__":
    main()
