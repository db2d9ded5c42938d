"""Checks over a built site, each a plain function that returns a list of problems (empty: fine).

The tests run them over the real site and over copies broken on purpose, so each check is seen
both to pass and to fail.  Pages are discovered from the build, never listed by hand.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from lossdocs.fences import fences, prose
from lossdocs.glossary import Term
from lossdocs.site import RENDERERS

# ---------------------------------------------------------------------------------------------
# Pages and languages


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with ``!!python/name:`` or ``!ENV`` tags too (as None); plain keys suffice."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def languages(config_file: Path) -> dict[str, str]:
    """Locale → URL prefix, from the i18n plugin in mkdocs.yml; the default language is at the root."""
    config = yaml.load(config_file.read_text(), Loader=_AnyTagLoader)
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {
        lang["locale"]: "/" if lang.get("default") else f"/{lang['locale']}/" for lang in plugin["languages"]
    }


def built_pages(site: Path) -> list[str]:
    """URL paths of every HTML page in ``site`` (not the 404 page, not the assets)."""
    paths = []
    for file in site.rglob("*.html"):
        relative = file.relative_to(site).as_posix()
        if relative.startswith("assets/") or relative == "404.html":
            continue
        paths.append("/" + relative.removesuffix("index.html"))
    return sorted(paths)


def split_language(path: str, langs: dict[str, str]) -> tuple[str, str]:
    """``/en/sigmoid/`` → (``en``, ``sigmoid/``); a path under no language prefix is the default's."""
    for lang, prefix in sorted(langs.items(), key=lambda item: -len(item[1])):
        if path.startswith(prefix):
            return lang, path[len(prefix) :]
    raise ValueError(f"{path} is under no language prefix of {langs}")


def counterparts(path: str, langs: dict[str, str]) -> dict[str, str]:
    """The same page in every language: ``/en/sigmoid/`` → {ko: ``/sigmoid/``, en: ``/en/sigmoid/``}."""
    _, rest = split_language(path, langs)
    return {lang: prefix + rest for lang, prefix in langs.items()}


def file_for(site: Path, path: str) -> Path:
    """The file a local HTTP server answers ``path`` with."""
    target = site / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


# ---------------------------------------------------------------------------------------------
# Links


class _Anchors(HTMLParser):
    LINKS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.update(attrs[name] for name in ("id", "name") if attrs.get(name))
        if attrs.get(self.LINKS.get(tag, "")):
            self.links.append(attrs[self.LINKS[tag]])


def _parse(file: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def link_problems(site: Path) -> list[str]:
    """Every internal link, script, stylesheet and image in the site's HTML resolves, ``#anchor`` too."""
    parsed: dict[Path, _Anchors] = {}

    def anchors(file: Path) -> _Anchors:
        if file not in parsed:
            parsed[file] = _parse(file)
        return parsed[file]

    problems = []
    for page_file in sorted(site.rglob("*.html")):
        if page_file.is_relative_to(site / "assets"):
            continue
        page = "/" + page_file.relative_to(site).as_posix()
        for link in anchors(page_file).links:
            url = urlsplit(urljoin(page, link))
            if url.scheme or url.netloc:
                continue  # another host: not this site's to resolve (and never loaded: see the browser check)
            target = file_for(site, url.path)
            if not target.is_file():
                problems.append(f"{page}: {link} → no such file")
            elif (
                url.fragment and target.suffix == ".html" and unquote(url.fragment) not in anchors(target).ids
            ):
                problems.append(f"{page}: {link} → no #{url.fragment} in {url.path}")
    return problems


# ---------------------------------------------------------------------------------------------
# ko/en parity


def page_content(source: Path) -> dict[str, list]:
    """What a page embeds: derivation-like fences (kind, id) in order, and its runnable examples."""
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        examples = [c["source"] for c in cells if c["cell_type"] == "code"]
    else:
        markdown = source.read_text(encoding="utf-8")
        examples = []
    blocks = fences(markdown)
    for fence in blocks:
        code = [line for line in fence.body if line.strip()]
        if fence.info in ("pycon", "python") and code and code[0].lstrip().startswith(">>>"):
            examples.append(fence.body)
    embeds = [f"{fence.info} {fence.text}" for fence in blocks if fence.info in RENDERERS]
    return {"embeds": embeds, "examples": len(examples)}


ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
HEADING = re.compile(r"<h([1-6])\b")


def headings(page_file: Path) -> list[str]:
    """The heading levels of a built page's article, in order: ["h1", "h2", "h2"]."""
    article = ARTICLE.search(page_file.read_text(encoding="utf-8"))
    return [f"h{level}" for level in HEADING.findall(article[1] if article else "")]


def parity_problems(site: Path, docs: Path, langs: dict[str, str]) -> list[str]:
    """Every language has the same pages, heading levels, embedded ids in order and example count."""
    problems = []
    built: dict[str, set[str]] = {lang: set() for lang in langs}
    for path in built_pages(site):
        lang, rest = split_language(path, langs)
        built[lang].add(rest)
    for rest in sorted(set().union(*built.values())):
        missing = [lang for lang in langs if rest not in built[lang]]
        if missing:
            problems.append(f"/{rest}: no {', '.join(missing)} page in the build")
            continue
        shapes = {lang: headings(file_for(site, prefix + rest)) for lang, prefix in langs.items()}
        if len({tuple(shape) for shape in shapes.values()}) > 1:
            problems.append(f"/{rest}: headings differ: {shapes}")

    sources = {
        lang: {
            p.relative_to(docs / lang).as_posix()
            for p in (docs / lang).rglob("*")
            if p.suffix in (".md", ".ipynb")
        }
        for lang in langs
    }
    for name in sorted(set().union(*sources.values())):
        missing = [lang for lang in langs if name not in sources[lang]]
        if missing:
            problems.append(f"docs/*/{name}: missing in {', '.join(missing)}")
            continue
        contents = {lang: page_content(docs / lang / name) for lang in langs}
        for key in ("embeds", "examples"):
            if len({json.dumps(content[key]) for content in contents.values()}) > 1:
                problems.append(f"docs/*/{name}: {key} differ: { {k: v[key] for k, v in contents.items()} }")
    return problems


# ---------------------------------------------------------------------------------------------
# Korean style (the terms of lossdocs/glossary.md, the team's ../shared/GLOSSARY.md)

# Spellings seen in the wild that the glossary's table does not spell out.
KOREAN_VARIANTS = {
    "크로스 엔트로피": "교차 엔트로피",
    "크로스엔트로피": "교차 엔트로피",
    "라벨": "레이블",
    "소프트 맥스": "소프트맥스",
    "소프트 플러스": "소프트플러스",
    "그라디언트": "그래디언트",
    "그레디언트": "그래디언트",
    "로지트": "로짓",
    "오버플로우": "오버플로",
    "언더플로우": "언더플로",
    "기대값": "기댓값",
    "최대 우도": "최대 가능도",
    "원핫": "원-핫",
    "미니 배치": "미니배치",
}


def korean_terms(terms: Iterable[Term]) -> dict[str, str]:
    """Forbidden form → preferred term, from the glossary's terms (`lossdocs.glossary.terms`) plus
    ``KOREAN_VARIANTS``.

    A spaced compound forbids every form that closes one of its spaces (교차엔트로피,
    이진 교차엔트로피, ...); a note "not X" forbids X.
    """
    table = dict(KOREAN_VARIANTS)
    for row in terms:
        for term in row.korean.split("/"):
            term = re.sub(r"\s*\(.*?\)", "", term).strip()
            words = term.split(" ")
            for closed in range(1, 2 ** (len(words) - 1)):
                joined = words[0]
                for k, word in enumerate(words[1:]):
                    joined += ("" if closed >> k & 1 else " ") + word
                table[joined] = term
            for avoided in re.findall(r"not ([가-힣]+)", row.note):
                table[avoided] = term
    return table


INLINE_CODE = re.compile(r"(`+).+?\1")
INLINE_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$]+\$")


def korean_style_problems(page: Path, terms: dict[str, str]) -> list[str]:
    """Forbidden glossary forms in a page's prose (fenced code, inline code and math are skipped)."""
    problems = []
    for number, line in prose(page.read_text(encoding="utf-8")):
        text = INLINE_MATH.sub(" ", INLINE_CODE.sub(" ", line))
        for forbidden in sorted(terms, key=len, reverse=True):
            if forbidden in text:
                problems.append(f"{page}:{number}: '{forbidden}' → '{terms[forbidden]}'")
                text = text.replace(forbidden, " ")
    return problems


# ---------------------------------------------------------------------------------------------
# Reproducible build

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def build_differences(first: Path, second: Path) -> list[str]:
    """Files that differ between two builds, ignoring only the sitemap's dates."""

    def content(site: Path, name: str) -> bytes:
        data = (site / name).read_bytes()
        if name.endswith("sitemap.xml.gz"):
            data = gzip.decompress(data)
        return LASTMOD.sub(b"", data) if "sitemap.xml" in name else data

    names = [
        {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} for site in (first, second)
    ]
    problems = [
        f"{name}: only in {first if name in names[0] else second}" for name in sorted(names[0] ^ names[1])
    ]
    problems += [
        f"{name}: differs"
        for name in sorted(names[0] & names[1])
        if content(first, name) != content(second, name)
    ]
    return problems


# ---------------------------------------------------------------------------------------------
# In the browser

MATH_STATE = """() => {
  const math = [...document.querySelectorAll('.arithmatex, .jp-RenderedLatex')];
  const leftover = [...document.querySelectorAll('.arithmatex, .jp-RenderedLatex, .jp-RenderedMarkdown')]
    .filter(el => {
      const copy = el.cloneNode(true);
      copy.querySelectorAll('mjx-container, code, pre').forEach(node => node.remove());
      return /\\\\\\(|\\\\\\[|\\$\\$/.test(copy.textContent);
    });
  return {
    math: math.length,
    untypeset: math.filter(el => !el.querySelector('mjx-container')).map(el => el.textContent.slice(0, 60)),
    leftover: leftover.map(el => el.textContent.slice(0, 60)),
    errors: [...document.querySelectorAll('mjx-merror')]
      .map(e => e.getAttribute('data-mjx-error') || e.textContent),
  };
}"""

# An image counts as shown once decoded and laid out with a non-zero size.
IMAGES_NOT_SHOWN = """() => [...document.querySelectorAll('.md-content img')]
  .filter(img => {
    const box = img.getBoundingClientRect();
    return !(img.complete && img.naturalWidth > 0 && box.width > 0 && box.height > 0);
  })
  .map(img => img.alt || img.src.slice(0, 60))"""


# Elements that stick out past the viewport's right edge with no scrolling box around them: each makes the
# page scroll sideways.  Only the outermost of a nest is named.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, out = [];
  const outside = el => el.getBoundingClientRect().right > width + 1;
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    return false;
  };
  for (const el of document.querySelectorAll('body *'))
    if (outside(el) && !clipped(el) && !(outside(el.parentElement) && !clipped(el.parentElement)))
      out.push(`${el.tagName.toLowerCase()}.${el.className}: `
               + el.textContent.replace(/\\s+/g, ' ').slice(0, 60));
  return out;
}"""

# Tables wider than the content column, with every collapsed block opened.
WIDE_TABLES = """() => {
  document.querySelectorAll('.md-content details').forEach(d => { d.open = true; });
  const column = document.querySelector('.md-content__inner').clientWidth;
  return [...document.querySelectorAll('.md-content table')]
    .filter(t => t.getBoundingClientRect().width > column + 1)
    .map(t => `${Math.round(t.getBoundingClientRect().width)} px > ${column} px: `
              + t.rows[0].textContent.trim().slice(0, 60));
}"""


def wait_for_math(tab) -> None:
    tab.wait_for_function("window.MathJax?.startup?.promise", timeout=10_000)
    tab.evaluate("() => MathJax.startup.promise.then(() => true)")


def phone_problems(tab, site_url: str, path: str) -> list[str]:
    """What makes ``path`` scroll sideways in ``tab`` (a phone-sized viewport), once its math is typeset."""
    tab.goto(site_url + path)
    wait_for_math(tab)
    found = tab.evaluate(STICKING_OUT)
    if not found and tab.evaluate("document.documentElement.scrollWidth > innerWidth"):
        found = ["the page is wider than the screen"]
    return found


def browser_problems(
    tab, site_url: str, path: str, langs: dict[str, str], switcher: dict[str, str] | None = None
) -> list[str]:
    """Open ``path`` in the browser tab ``tab`` as a reader would and report what is wrong with it.

    MathJax finished and typeset every math element without an error; every image in the content
    decoded and shown with a non-zero size; no console error, no
    failed request, no request to another host; a visible heading; the language switcher leads
    to ``switcher`` (default: the same page in every language); no table wider than the content
    column (every collapsed block opened; the tab is a 1280 px desktop).  One tab serves many pages:
    a new tab costs ~1 s each.
    """
    from playwright.sync_api import Error as PlaywrightError  # only the browser checks need it

    expected = switcher or counterparts(path, langs)
    local = urlsplit(site_url).netloc
    problems: list[str] = []

    def request(request):
        if urlsplit(request.url).scheme not in ("data", "blob") and urlsplit(request.url).netloc != local:
            problems.append(f"request to another host: {request.url}")

    def console(message):
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    listeners = {
        "request": request,  # the browser resolves no other host (conftest), so nothing leaves
        "console": console,
        "pageerror": lambda error: problems.append(f"page error: {error}"),
        "response": lambda response: (
            response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}")
        ),
    }
    for event, listener in listeners.items():
        tab.on(event, listener)
    try:
        tab.goto(site_url + path)
        try:
            tab.wait_for_function("window.MathJax?.startup?.promise", timeout=10_000)
            tab.evaluate("() => MathJax.startup.promise.then(() => true)")
        except PlaywrightError as error:  # a timeout or a script error: that is the problem to report
            problems.append(f"MathJax did not finish: {str(error).splitlines()[0]}")
        math = tab.evaluate(MATH_STATE)
        problems += [f"math not typeset: {text}" for text in math["untypeset"]]
        problems += [f"raw TeX left in: {text}" for text in math["leftover"]]
        problems += [f"mjx-merror: {text}" for text in math["errors"]]
        problems += [f"image not shown: {name}" for name in tab.evaluate(IMAGES_NOT_SHOWN)]
        if not tab.locator(".md-content h1").first.is_visible():
            problems.append("no visible h1 heading")
        problems += [f"table wider than the column: {table}" for table in tab.evaluate(WIDE_TABLES)]
        links = tab.eval_on_selector_all(
            ".md-select__link[hreflang]", "links => links.map(a => [a.hreflang, a.href])"
        )
        found = {lang: urlsplit(href).path for lang, href in links}
        if found != expected:
            problems.append(f"language switcher leads to {found}, expected {expected}")
    finally:
        for event, listener in listeners.items():
            tab.remove_listener(event, listener)
    return problems


META = "document.querySelector('.md-search-result__meta')"


def search(tab, site_url: str, start: str, query: str) -> list[str]:
    """Type ``query`` into the search box on page ``start``; the result pages' paths, best first."""
    tab.goto(site_url + start)
    tab.locator("input.md-search__input").click()
    # The index loads in a worker; text typed before it is ready is silently dropped.
    ready = tab.wait_for_function(f"() => !/초기화|nitializ/.test({META}.textContent) && {META}.textContent")
    tab.keyboard.insert_text(query)
    tab.keyboard.press("End")  # Material reads the query on keyup; insert_text sends none
    tab.wait_for_function(f"ready => {META}.textContent !== ready", arg=ready.json_value(), timeout=5_000)
    links = tab.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)"
    )
    return [urlsplit(link).path for link in links]
