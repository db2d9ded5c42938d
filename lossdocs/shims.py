"""Workarounds for the site's toolchain, apart from the site adapter's own work (`lossdocs.site`).

Each shim names the version it was written against and the upstream issue where there is one; when
that version changes, check whether the shim is still needed (the site tests fail without each one).
Versions: mkdocs 1.6.1, mkdocs-material 9.8.1, mkdocs-static-i18n 1.3.1, mkdocs-jupyter 0.26.3.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from types import SimpleNamespace

# ---------------------------------------------------------------------------------------------------------
# Material 9.8.1 fetches "sitemap.xml" next to every <link rel=alternate hreflang> in the head
# (squidfunk/mkdocs-material#6582); with static-i18n those links point at pages, so each fetch is a 404
# (a console error).  The language switcher's own links already lead to the same page in the other
# language, so the head links go.

HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def drop_head_alternates(html: str) -> str:
    return HEAD_ALTERNATE.sub("", html)


# ---------------------------------------------------------------------------------------------------------
# static-i18n 1.3.1 renders the 404 page after all pages, with the switcher links of the last page built
# (e.g. /sigmoid/): a reader who lands on it is offered the language homes instead.

SWITCHER_LINK = re.compile(
    r'href="(?P<href>[^"]*)"(?P<rest> hreflang="(?P<lang>[^"]*)" class="md-select__link")'
)


def language_homes(config) -> dict[str, str]:
    """Each language's home page, from the switcher as static-i18n sets it up (in on_config)."""
    return {alt["lang"]: alt["link"] for alt in config.extra.get("alternate", [])}


def not_found_page(html: str, homes: dict[str, str]) -> str:
    html = SWITCHER_LINK.sub(
        lambda link: f'href="{homes.get(link["lang"], link["href"])}"{link["rest"]}', html
    )
    return drop_head_alternates(html)


# Every language's build writes the one /404.html, the last language's (English) overwriting the first's:
# the site's default language keeps it, with the heading in its words and a line for the other languages.

NOT_FOUND_HEADING = re.compile(r"<h1>404 - Not found</h1>")


def default_not_found_page(html: str, heading: str, others: str) -> str:
    """The default language's 404 page (``html``) with its own ``heading`` and the line ``others``."""
    return NOT_FOUND_HEADING.sub(lambda _: f"<h1>{heading}</h1>\n<p>{others}</p>", html, count=1)


# ---------------------------------------------------------------------------------------------------------
# mkdocs-jupyter 0.26.3 under static-i18n 1.3.1 (ultrabug/mkdocs-static-i18n#198): static-i18n republishes
# a notebook as a raw .ipynb file and forgets its alternates; nbconvert and mkdocs-jupyter's table of
# contents slugify headings differently; mkdocs-jupyter's cache clean-up deletes the conversions of the
# language built before.


def configure_jupyter(config) -> bool:
    """mkdocs-jupyter only converts the notebooks that lossdocs.labs executed, and keeps each conversion
    under the executed notebook's content (the same from build to build) in a folder of the project's own,
    one for each language (static-i18n builds them one after the other).  False if it is not in use."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return False
    language, project = config.theme["language"], Path(config.config_file_path).parent
    jupyter.config["execute"], jupyter.config["cache"] = False, True
    jupyter.config["cache_dir"] = str(project / ".cache" / "mkdocs-jupyter" / language)
    # Its should_include reads every Markdown page with jupytext, looking for a jupytext notebook, even
    # when no include pattern could match it (here: *.ipynb only): 2 s of every rebuild.
    if not any(pattern.endswith(".md") for pattern in jupyter.config["include"]):
        reads_markdown = jupyter.should_include
        jupyter.should_include = lambda file: (
            not str(file.abs_src_path).endswith(".md") and reads_markdown(file)
        )
    return True


def notebook_files(files, config, copies: dict):
    """static-i18n's Files with each notebook marked as mkdocs-jupyter's page again (reading the executed
    copy in ``copies`` where there is one)."""
    from mkdocs.structure.files import Files

    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    return Files([_notebook_page(f, config, copies) if jupyter.should_include(f) else f for f in files])


def sitemap_pages(files, config) -> None:
    """static-i18n's sitemap lists the pages it counted before the notebooks were pages again: give it this
    language's pages as they are now (MkDocs' on_files, after `notebook_files`)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and hasattr(i18n, "i18n_files_per_language"):
        i18n.i18n_files_per_language[i18n.current_language] = files.documentation_pages()


def _notebook_page(file, config, copies: dict):
    from mkdocs_jupyter.plugin import NotebookFile

    if file.is_documentation_page():
        return file
    page = NotebookFile(file, **config)
    page.dest_path, page.abs_dest_path, page.url = file.dest_path, file.abs_dest_path, file.url
    page.abs_src_path = copies.get(file.abs_src_path, file.abs_src_path)
    page.alternates = _alternates(file, config)
    return page


def _alternates(file, config) -> dict:
    """The notebook's page in each language, for the language switcher (static-i18n only links the
    Markdown pages it knows)."""
    i18n = config.plugins.get("i18n")
    if i18n is None or not hasattr(file, "norm_src_uri"):
        return getattr(file, "alternates", {})
    stem = Path(file.norm_src_uri).with_suffix("").as_posix()
    docs = Path(config.docs_dir)
    return {
        lang.locale: SimpleNamespace(url=f"{lang.link.lstrip('/')}{stem}/", page=None)
        for lang in i18n.config.languages
        if (docs / lang.locale / file.norm_src_uri).exists()
    }


HEADING = re.compile(r'<h(?P<level>[1-6]) id="[^"]*">(?P<inner>.*?)</h(?P=level)>', re.S)
ANCHOR_LINK = re.compile(r'href="#[^"]*"')


def notebook_heading_ids(html: str, toc, slugify=None) -> str:
    """Give a notebook's headings the ids its table of contents links to.

    nbconvert and mkdocs-jupyter's table of contents slugify headings differently (a Korean heading gets
    ``id=""`` from one and ``_1`` from the other), so the contents' links miss.  Both list the same
    headings in the same order.  With ``slugify`` (the site's, from its toc configuration) both get the
    ids the site's Markdown headings get ("#최적-로짓-차이", not "#_1").  Titles lose nbconvert's "¶"
    permalink sign, which the table of contents would show ("Optimal logits¶"); the headings' own
    permalink becomes the toc extension's kind (which the search index leaves out of section titles).
    """
    from markdown.extensions.toc import unique

    anchors, used = [], set()

    def walk(items):
        for item in items:
            item.title = item.title.replace("¶", "").strip()
            if slugify is not None:
                item.id = unique(slugify(item.title, "-"), used)
            anchors.append(item.id)
            walk(item.children)

    walk(toc)
    if len(anchors) != len(HEADING.findall(html)):
        return html
    ids = iter(anchors)

    def renamed(heading):
        new = next(ids)
        inner = ANCHOR_LINK.sub(f'href="#{new}"', heading["inner"])
        # nbconvert's permalink, as the toc extension writes one: styled like every page's, and left out
        # of the search index's section titles ("최적 로짓 차이¶")
        inner = inner.replace('<a class="anchor-link"', '<a class="headerlink" title="Permanent link"')
        return f'<h{heading["level"]} id="{new}">{inner}</h{heading["level"]}>'

    return HEADING.sub(renamed, html)


# ---------------------------------------------------------------------------------------------------------
# MkDocs 1.6 makes a new Jinja environment for every build (and static-i18n one for every language), so
# every build compiles Material's ~200 templates again: 4 s of a `mkdocs serve` rebuild.  A bytecode cache
# kept in memory for the process compiles each template once; Jinja checks each entry against the
# template's source, so an edited template is compiled again.


@functools.cache
def _bytecode_cache():
    import jinja2  # with MkDocs only

    class MemoryBytecodeCache(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    return MemoryBytecodeCache()


def compile_templates_once(env) -> None:
    """Give a build's Jinja environment the process's bytecode cache (MkDocs' on_env)."""
    env.bytecode_cache = _bytecode_cache()


# ---------------------------------------------------------------------------------------------------------
# MkDocs 1.6 converts every page's Markdown again on every `mkdocs serve` rebuild (`--dirty` skips pages
# but then leaves the navigation stale): with mkdocstrings' API page, 4 of a rebuild's 7 s after one
# page's prose changed.  In `mkdocs serve`, a page whose Markdown, extensions, set of files and lossdocs
# sources (the API page documents them) are unchanged gets the HTML and table of contents of its last
# conversion back.  Notebook pages are mkdocs-jupyter's, which renders them its own way.


class RenderMemo:
    def __init__(self) -> None:
        self.store: dict[str, tuple] = {}
        self.build_key = ""

    def start_build(self, config, files) -> None:
        from lossdocs import cache

        def named(value) -> str:  # plugins add extension objects, whose repr holds their address
            return value if isinstance(value, str) else f"{type(value).__module__}.{type(value).__qualname__}"

        names = [named(extension) for extension in config["markdown_extensions"]]
        extensions = json.dumps([names, config["mdx_configs"]], sort_keys=True, default=named)
        sources = sorted(f"{f.src_uri}\0{f.dest_uri}" for f in files)
        self.build_key = cache.key(extensions, *sources, cache.environment(loaded=False))

    def wrap(self, page) -> None:
        """Make ``page.render`` answer from the memo (MkDocs' on_pre_page, before the Markdown is read)."""
        from lossdocs import cache

        render = page.render

        def memo_render(config, files):
            key = cache.key(self.build_key, page.file.abs_src_path, page.url, page.markdown)
            if key in self.store:
                page.content, page.toc, page._title_from_render, anchors, links = self.store[key]
                page.present_anchor_ids = set(anchors)
                if links is not None:
                    found = {uri: files.get_file_from_path(uri) for uri in links}
                    page.links_to_anchors = {found[uri]: link for uri, link in links.items() if found[uri]}
                return
            render(config, files)
            links = page.links_to_anchors
            links = None if links is None else {f.src_uri: link for f, link in links.items()}
            self.store[key] = (
                page.content,
                page.toc,
                page._title_from_render,
                set(page.present_anchor_ids),
                links,
            )

        page.render = memo_render
