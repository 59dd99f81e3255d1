"""The brand images follow Home Assistant's rules: PNG, transparent background, trimmed, the right sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
BRAND = ROOT / "custom_components" / "cloud_tts" / "brand"
ADDON = ROOT / "addon" / "cloud_tts"


def _opened(path: Path) -> Image.Image:
    image = Image.open(path)
    assert image.format == "PNG", path
    assert image.mode == "RGBA", f"{path.name}: {image.mode}, not RGBA"
    return image


def _assert_transparent_and_trimmed(image: Image.Image, name: str, *, square: bool) -> None:
    alpha = image.getchannel("A")
    low, high = alpha.getextrema()
    assert (low, high) == (0, 255), f"{name}: needs a transparent background and an opaque mark"
    corners = [(0, 0), (image.width - 1, 0), (0, image.height - 1), (image.width - 1, image.height - 1)]
    assert all(alpha.getpixel(corner) == 0 for corner in corners), f"{name}: corners are not transparent"
    left, top, right, bottom = alpha.getbbox() or (0, 0, 0, 0)
    margins = (left, top, image.width - right, image.height - bottom)
    if not square:
        assert margins == (0, 0, 0, 0), f"{name}: not trimmed, margins {margins}"
        return
    # A mark that is not square fills the square one way and is centred the other.
    fills_width, fills_height = margins[0] == margins[2] == 0, margins[1] == margins[3] == 0
    assert fills_width or fills_height, f"{name}: not trimmed, margins {margins}"
    assert abs(margins[0] - margins[2]) <= 1 and abs(margins[1] - margins[3]) <= 1, f"{name}: off centre {margins}"


@pytest.mark.parametrize(("name", "size"), [("icon.png", 256), ("icon@2x.png", 512)])
def test_the_integration_icons_are_square_transparent_and_trimmed(name: str, size: int) -> None:
    image = _opened(BRAND / name)
    assert image.size == (size, size)
    _assert_transparent_and_trimmed(image, name, square=True)


@pytest.mark.parametrize(("name", "shortest"), [("logo.png", (128, 256)), ("logo@2x.png", (256, 512))])
def test_the_integration_logos_are_landscape_transparent_and_trimmed(name: str, shortest: tuple[int, int]) -> None:
    image = _opened(BRAND / name)
    assert image.width >= image.height
    assert shortest[0] <= image.height <= shortest[1], f"{name}: shortest side {image.height}"
    _assert_transparent_and_trimmed(image, name, square=False)


def test_the_hidpi_images_are_twice_the_others() -> None:
    for name in ("icon", "logo"):
        one, two = Image.open(BRAND / f"{name}.png").size, Image.open(BRAND / f"{name}@2x.png").size
        assert abs(two[0] - 2 * one[0]) <= 1 and two[1] == 2 * one[1], (name, one, two)


def test_the_add_on_has_its_icon_and_logo() -> None:
    icon, logo = _opened(ADDON / "icon.png"), _opened(ADDON / "logo.png")
    assert icon.size == (128, 128)
    _assert_transparent_and_trimmed(icon, "add-on icon.png", square=True)
    assert logo.width > logo.height
    _assert_transparent_and_trimmed(logo, "add-on logo.png", square=False)
