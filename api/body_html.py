"""The story body as plain, safe HTML for partners and full-text feeds, written from the
canonical JSON of API v1 (api/streamfield.py), never from a second walk of the StreamField:
links, images, documents and embeds are resolved once, by the same rules.

One entry per body block (`HTML`), checked against StoryBodyBlock's children by a test: a new
block fails that test until it says what partners receive. docs/syndication.md lists the
elements and attributes this may produce.
"""

from django.utils.html import escape


def figure(image: dict | None, caption: str, credit: str) -> str:
    if not image:
        return ""
    largest = image["renditions"]["w1200"]
    caption_text = " — ".join(part for part in (caption, credit) if part)
    figcaption = f"<figcaption>{escape(caption_text)}</figcaption>" if caption_text else ""
    return (
        f'<figure><img src="{escape(largest["url"])}" alt="{escape(image["alt"])}" '
        f'width="{largest["width"]}" height="{largest["height"]}">{figcaption}</figure>'
    )


def link(url: str, label: str) -> str:
    return f'<p><a href="{escape(url)}">{escape(label)}</a></p>'


def heading(value: dict) -> str:
    level = value["level"]
    return f"<{level}>{escape(value['text'])}</{level}>"


def quote(value: dict) -> str:
    who = ", ".join(part for part in (value["attribution"], value["role"]) if part)
    footer = f"<footer>{escape(who)}</footer>" if who else ""
    return f"<blockquote><p>{escape(value['text'])}</p>{footer}</blockquote>"


def key_figures(value: dict) -> str:
    title = f"<h3>{escape(value['title'])}</h3>" if value["title"] else ""
    items = "".join(
        f"<li><strong>{escape(item['figure'])}</strong> {escape(item['label'])}</li>"
        for item in value["figures"]
    )
    return f"<aside>{title}<ul>{items}</ul></aside>"


def person(value: dict) -> str:
    role = f", {escape(value['role'])}" if value["role"] else ""
    return (
        f"<aside><p><strong>{escape(value['name'])}</strong>{role}</p>"
        f"<p>{escape(value['text'])}</p></aside>"
    )


HTML = {
    # rich text, already sanitised and with its internal links resolved
    "paragraph": lambda value: value["html"],
    "heading": heading,
    "image": lambda value: figure(value["image"], value["caption"], value["credit"]),
    "gallery": lambda value: "\n".join(
        figure(item["image"], item["caption"], "") for item in value["images"]
    ),
    "quote": quote,
    # only platforms the embed rule allows reach this point; a link, never an iframe
    "embed": lambda value: link(value["url"], value["title"] or value["url"]),
    "audio": lambda value: link(value["file"]["url"], value["title"]),
    "key_figures": key_figures,
    "fact_box": lambda value: f"<aside><h3>{escape(value['title'])}</h3>{value['body']}</aside>",
    "person": person,
    "document": lambda value: link(value["document"]["url"], value["title"]),
    # a map and links to other stories carry nothing a partner can republish as text
    "map": lambda value: "",
    "related": lambda value: "",
}


def html_of(body: list[dict]) -> str:
    """HTML of a body as API v1 gives it (render_body)."""
    return "\n".join(html for block in body if (html := HTML[block["type"]](block["value"])))
