"""Builders for story body blocks, one per block type of stories.blocks.StoryBodyBlock.

Each returns a (block_type, value) pair whose value still holds markers (T, ImageRef …);
the seed command resolves them for one language when it writes the page.
"""

from decimal import Decimal

from .references import DocumentRef, ImageCaption, ImageRef, Rich, StoryRef, T

GENERATED_CREDIT = T("Illustration générée — démo", "Generated illustration — demo")


def paragraph(fr: str, en: str):
    return ("paragraph", Rich(T(fr, en)))


def heading(fr: str, en: str, level: str = "h2"):
    return ("heading", {"text": T(fr, en), "level": level})


def image(key: str, caption: T | None = None, layout: str = "wide"):
    return (
        "image",
        {
            "image": ImageRef(key),
            "caption": caption or ImageCaption(key),
            "credit": GENERATED_CREDIT,
            "layout": layout,
        },
    )


def gallery(title: T, items: list[tuple[str, T]]):
    return (
        "gallery",
        {
            "title": title,
            "images": [{"image": ImageRef(key), "caption": caption} for key, caption in items],
        },
    )


def quote(text: T, attribution: T, role: T):
    return ("quote", {"text": text, "attribution": attribution, "role": role})


def embed(url: str, title: T, caption: T):
    return ("embed", {"url": url, "title": title, "caption": caption})


def audio(document: str, title: T, duration: str, transcript: T):
    return (
        "audio",
        {
            "file": DocumentRef(document),
            "title": title,
            "duration": duration,
            "transcript": Rich(transcript),
        },
    )


def key_figures(title: T, figures: list[tuple[T | str, T]]):
    return (
        "key_figures",
        {"title": title, "figures": [{"figure": f, "label": label} for f, label in figures]},
    )


def fact_box(title: T, body: T):
    return ("fact_box", {"title": title, "body": Rich(body)})


def map_point(lat: str, lon: str, label: T):
    return ("map", {"lat": Decimal(lat), "lon": Decimal(lon), "label": label})


def document(key: str, title: T, description: T):
    return ("document", {"document": DocumentRef(key), "title": title, "description": description})


def person(name: str, role: T, text: T, portrait: str | None = None):
    """A portrait card of someone met on the ground: always an invented person, named so."""
    return (
        "person",
        {
            "name": T(f"{name} (personnage fictif)", f"{name} (fictional character)"),
            "role": role,
            "portrait": ImageRef(portrait) if portrait else None,
            "text": text,
        },
    )


def related(title: T, stories: list[str]):
    return ("related", {"title": title, "stories": [StoryRef(key) for key in stories]})
