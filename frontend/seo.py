"""What search engines and sharing cards read: JSON-LD, alternates, feeds, sitemap, robots."""

from urllib.parse import quote, urlencode, urlsplit
from xml.sax.saxutils import escape, quoteattr

from .rendering import href, pick_rendition

# Hook for feed discovery: the API serves the public feeds at
# feeds/<locale>/[<series|territories|themes>/<slug>/]<file> (api/feeds.py). Every page links the
# locale's feeds in <head>; series, territory and theme pages add their own.
FEED_FORMATS = (
    ("application/rss+xml", "RSS", "rss.xml"),
    ("application/atom+xml", "Atom", "atom.xml"),
    ("application/feed+json", "JSON Feed", "feed.json"),
)
FEED_KINDS = {"series": "series", "territory": "territories", "theme": "themes"}


def feed_links(
    api_base: str, language: str, site_name: str, kind: str = "", slug: str = "", name: str = ""
) -> list[dict]:
    base = f"{api_base.rstrip('/')}/feeds/{language}/"
    if kind in FEED_KINDS and slug:
        base += f"{FEED_KINDS[kind]}/{quote(slug)}/"
    title = f"{site_name} — {name}" if name else site_name
    return [
        {"type": mime, "title": f"{title} ({label})", "href": base + filename}
        for mime, label, filename in FEED_FORMATS
    ]


def oembed_link(api_base: str, page_url: str) -> str:
    return f"{api_base.rstrip('/')}/oembed/?{urlencode({'url': page_url, 'format': 'json'})}"


def absolute(base_url: str, url: str) -> str:
    """The reader-site address of an API `url`, on the host this site is published at."""
    return base_url.rstrip("/") + href(url) if url else ""


def alternates(base_url: str, language: str, path: str, item: dict | None) -> list[dict]:
    """hreflang links: this page, its translations, and x-default on the French version."""
    links = {language: base_url + path}
    for translation in (item or {}).get("translations") or []:
        if translation.get("locale") and translation.get("url"):
            links.setdefault(translation["locale"], absolute(base_url, translation["url"]))
    result = [{"hreflang": code, "href": url} for code, url in sorted(links.items())]
    default = links.get("fr") or links.get(language)
    result.append({"hreflang": "x-default", "href": default})
    return result


def image_url(image: dict | None, preferred=("w1200", "w1600", "w800", "thumbnail", "w480")) -> str:
    rendition = pick_rendition(image, preferred)
    return rendition["url"] if rendition else ""


def _person(author: dict, base_url: str) -> dict:
    contributor = (
        author.get("contributor") if isinstance(author.get("contributor"), dict) else author
    )
    person = {"@type": "Person", "name": contributor.get("name", "")}
    if contributor.get("url"):
        person["url"] = absolute(base_url, contributor["url"])
    return person


def publisher(site_name: str, base_url: str) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": site_name,
        "url": base_url + "/",
        "logo": {
            "@type": "ImageObject",
            "url": base_url + "/static/logo.png",
            "width": 512,
            "height": 512,
        },
    }


def news_article(story: dict, canonical: str, base_url: str, site_name: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.get("title", "")[:110],
        "description": story.get("subtitle") or story.get("search_description") or "",
        "inLanguage": story.get("locale", ""),
        "mainEntityOfPage": canonical,
        "url": canonical,
        "datePublished": story.get("published_at") or "",
        "dateModified": story.get("updated_at") or story.get("published_at") or "",
        "author": [_person(author, base_url) for author in story.get("authors") or []],
        "publisher": publisher(site_name, base_url),
    }
    image = image_url(story.get("lead_image"))
    if image:
        data["image"] = [image]
    series = story.get("series")
    if isinstance(series, dict) and series.get("title"):
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": series["title"],
            "url": absolute(base_url, series.get("url", "")),
        }
    if story.get("reading_time"):
        data["timeRequired"] = f"PT{int(story['reading_time'])}M"
    return data


def creative_work_series(series: dict, canonical: str, base_url: str, site_name: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWorkSeries",
        "name": series.get("title", ""),
        "description": series.get("strapline") or "",
        "inLanguage": series.get("locale", ""),
        "url": canonical,
        "publisher": publisher(site_name, base_url),
        "author": [_person(j, base_url) for j in series.get("journalists") or []],
    }
    if series.get("started_on"):
        data["startDate"] = series["started_on"]
    if series.get("ended_on"):
        data["endDate"] = series["ended_on"]
    image = image_url(series.get("cover_image"))
    if image:
        data["image"] = [image]
    funders = [
        {"@type": "Organization", "name": (link.get("partner") or {}).get("name", "")}
        for link in series.get("partners") or []
        if link.get("role") in ("funder", "host-territory")
    ]
    if funders:
        data["funder"] = funders
    return data


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_entries(payload) -> list[dict]:
    """The API's sitemap/ as a list, whether it is an envelope, a bare list or {"urls": [...]}."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in ("items", "urls", "results"):
            if isinstance(payload.get(key), list):
                return payload[key]
    return []


def sitemap_xml(payload, base_url: str) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for entry in sitemap_entries(payload):
        url = entry.get("url") or entry.get("loc")
        if not url:
            continue
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute(base_url, url))}</loc>")
        lastmod = entry.get("lastmod") or entry.get("updated_at") or entry.get("last_published_at")
        if lastmod:
            lines.append(f"    <lastmod>{escape(str(lastmod))}</lastmod>")
        alternates_ = entry.get("alternates") or entry.get("translations") or []
        if alternates_:
            own = {"locale": entry.get("locale"), "url": url}
            for alternate in [own, *alternates_]:
                if alternate.get("locale") and alternate.get("url"):
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang={quoteattr(alternate["locale"])}'
                        f" href={quoteattr(absolute(base_url, alternate['url']))}/>"
                    )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(base_url: str) -> str:
    return (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /preview\n"
        "Disallow: /_purge\n"
        "Disallow: /fr/recherche/\n"
        "Disallow: /en/search/\n"
        f"\nSitemap: {base_url}/sitemap.xml\n"
    )


def path_of(url: str) -> str:
    return urlsplit(url).path if url else ""
