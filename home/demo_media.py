"""Files for the demo content, made on the spot: illustrations, a PDF, a short sound.

Nothing is downloaded. Every file is generated from its description, the same bytes every
time, so the demo needs no network and no binary assets in the repository.
"""

import functools
import io
import math
import random
import struct
import textwrap
import unicodedata
import wave

from PIL import Image, ImageDraw, ImageFont

IMAGE_SIZE = (1600, 1000)
DRAWN_CREDIT = "Illustration générée — démo"


# Pillow's built-in font has no accents: use a system font with Latin-1 when there is one.
SYSTEM_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf")


@functools.cache
def _font(size: int) -> tuple[ImageFont.FreeTypeFont, bool]:
    for name in SYSTEM_FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _draw_label(draw, position, text, size, fill):
    font, has_accents = _font(size)
    if not has_accents:
        text = text.replace("—", "-").replace("’", "'")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    draw.text(position, text, font=font, fill=fill)


def _vertical_gradient(size, top, bottom) -> Image.Image:
    # A 256-step gradient stretched to size: as smooth as a per-pixel loop, far faster.
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _ridge(rng, width, base_y, amplitude, waves=3):
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    step = width // 80
    points = []
    for x in range(0, width + step, step):
        y = base_y
        for n, phase in enumerate(phases, start=1):
            y += amplitude / n * math.sin(x / width * math.tau * n * 0.7 + phase)
        points.append((x, y))
    return points


def _draw_hills(draw, rng, size, colours):
    width, height = size
    for index, colour in enumerate(colours):
        base = height * (0.5 + 0.12 * index)
        ridge = _ridge(rng, width, base, height * 0.06)
        draw.polygon([(0, height), *ridge, (width, height)], fill=colour)


def _draw_motif(draw, rng, size, motif, palette):
    width, height = size
    ground = palette["ground"]
    if motif == "terrils":
        # Two cones on the skyline, the outline every visitor of the mining basin knows.
        for centre, peak, half in ((0.34, 0.22, 0.2), (0.62, 0.27, 0.17)):
            cx, top, spread = centre * width, peak * height, half * width
            draw.polygon(
                [(cx - spread, height * 0.62), (cx, top), (cx + spread, height * 0.62)],
                fill=palette["accent"],
            )
        _draw_hills(draw, rng, size, ground)
    elif motif == "town":
        _draw_hills(draw, rng, size, ground[:1])
        x = 0
        while x < width:
            house_w = rng.randint(90, 160)
            house_h = rng.randint(90, 170)
            top = height * 0.68 - house_h
            draw.rectangle([x, top, x + house_w - 8, height], fill=palette["accent"])
            draw.polygon(
                [(x - 6, top), (x + house_w / 2, top - 45), (x + house_w - 2, top)],
                fill=ground[-1],
            )
            for wx in range(x + 18, x + house_w - 30, 38):
                draw.rectangle([wx, top + 30, wx + 18, top + 58], fill=palette["sun"])
            x += house_w
    elif motif == "vines":
        _draw_hills(draw, rng, size, ground[:1])
        horizon = height * 0.55
        for row in range(-12, 13):
            foot = width / 2 + row * width / 9
            draw.line([(width / 2 + row * 14, horizon), (foot, height)], fill=ground[-1], width=7)
            for step in range(1, 9):
                t = step / 9
                x = width / 2 + row * 14 + (foot - width / 2 - row * 14) * t
                y = horizon + (height - horizon) * t
                r = 4 + 16 * t
                draw.ellipse([x - r, y - r, x + r, y + r], fill=palette["accent"])
    elif motif == "causse":
        # A flat limestone plateau cut by a gorge: the Causses above the Cévennes valleys.
        draw.polygon(
            [
                (0, height * 0.42),
                (width * 0.38, height * 0.42),
                (width * 0.46, height * 0.75),
                (width * 0.54, height * 0.75),
                (width * 0.62, height * 0.45),
                (width, height * 0.45),
                (width, height),
                (0, height),
            ],
            fill=palette["accent"],
        )
        _draw_hills(draw, rng, size, ground[1:])
    elif motif == "river":
        _draw_hills(draw, rng, size, ground)
        for band in range(6):
            y = height * (0.78 + band * 0.035)
            draw.line(_ridge(rng, width, y, 10, waves=2), fill=palette["accent"], width=14)
    elif motif == "gathering":
        _draw_hills(draw, rng, size, ground[:1])
        for _ in range(38):
            x = rng.uniform(0.05, 0.95) * width
            y = rng.uniform(0.62, 0.9) * height
            scale = 0.6 + (y / height)
            draw.ellipse(
                [x - 16 * scale, y - 70 * scale, x + 16 * scale, y - 38 * scale],
                fill=palette["accent"],
            )
            draw.rounded_rectangle(
                [x - 28 * scale, y - 36 * scale, x + 28 * scale, y + 40 * scale],
                radius=int(18 * scale),
                fill=ground[-1],
            )
    elif motif == "portrait":
        cx, cy = width / 2, height * 0.42
        draw.ellipse([cx - 150, cy - 170, cx + 150, cy + 150], fill=palette["accent"])
        draw.rounded_rectangle(
            [cx - 330, cy + 190, cx + 330, height + 80], radius=200, fill=ground[-1]
        )
    else:
        _draw_hills(draw, rng, size, ground)


def landscape_jpeg(key: str, label: str, palette: dict, motif: str = "hills") -> bytes:
    """A landscape-ish illustration with its label and the demo credit drawn on it."""
    rng = random.Random(key)
    image = _vertical_gradient(IMAGE_SIZE, palette["sky"][0], palette["sky"][1])
    draw = ImageDraw.Draw(image)
    width, height = IMAGE_SIZE
    sun_x, sun_y = rng.uniform(0.15, 0.85) * width, rng.uniform(0.12, 0.3) * height
    draw.ellipse([sun_x - 70, sun_y - 70, sun_x + 70, sun_y + 70], fill=palette["sun"])
    _draw_motif(draw, rng, IMAGE_SIZE, motif, palette)

    band = Image.new("RGBA", (width, 130), (0, 0, 0, 150))
    image.paste(band, (0, height - 130), band)
    draw = ImageDraw.Draw(image)
    _draw_label(draw, (48, height - 112), label, 50, "white")
    _draw_label(draw, (50, height - 50), DRAWN_CREDIT, 28, (230, 230, 230))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def text_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF with real (selectable, searchable) text, in Helvetica."""
    lines = [(b"/F2 17 Tf", title), (b"/F1 11 Tf", "")]
    for paragraph in paragraphs:
        lines += [(b"/F1 11 Tf", line) for line in textwrap.wrap(paragraph, 88)]
        lines.append((b"/F1 11 Tf", ""))
    stream = b"BT 56 780 Td 16 TL\n"
    for font, line in lines:
        stream += font + b" (" + _pdf_text(line) + b") Tj T*\n"
    stream += b"ET"

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title) + b") /Producer (Terrain demo) >>",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def tone_wav(seconds: float = 1.0, frequency: float = 440.0, rate: int = 8000) -> bytes:
    """A short sine tone, 8-bit mono: a real, playable sound file of a few kilobytes."""
    count = int(seconds * rate)
    fade = rate // 20
    samples = bytearray()
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(128 + round(90 * envelope * math.sin(math.tau * frequency * i / rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        sound.writeframes(struct.pack(f"{count}B", *samples))
    return buffer.getvalue()
