"""The site adapter: the only code that knows MkDocs.

A page embeds a derivation with a fenced block whose info string is
``derivation`` and whose body is one derivation id::

    ```derivation
    sigmoid.derivative
    ```

and its table of numeric checks with a ``numeric-checks`` block of the same
shape.  An ``accuracy`` block holds ``table`` or ``plot NAME``: lossdocs.numeric's
errors, measured while the site builds (`lossdocs.accuracy`), beside torch's.  The
block is replaced, before Markdown is converted, by the rendering in the page's
language (verified first).  Fences nested inside other fences are left alone, so a
page can show the syntax itself.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

from lossdocs.derivation import Text
from lossdocs.labs import LabError, Labs, digests
from lossdocs.registry import get

# Material fetches "sitemap.xml" next to every <link rel=alternate hreflang> in the head; with
# static-i18n those links point at pages, so each fetch is a 404 (a console error).  The language
# switcher's own links already lead to the same page in the other language, so drop the head links.
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
SWITCHER_LINK = re.compile(
    r'href="(?P<href>[^"]*)"(?P<rest> hreflang="(?P<lang>[^"]*)" class="md-select__link")'
)
HEADING = re.compile(r'<h(?P<level>[1-6]) id="[^"]*">(?P<inner>.*?)</h(?P=level)>', re.S)
ANCHOR_LINK = re.compile(r'href="#[^"]*"')
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")
RENDERERS = {  # what a block names (its lines joined by spaces) → its Markdown; LookupError if unknown
    "derivation": lambda name, lang: get(name).markdown(lang),
    "numeric-checks": lambda name, lang: _numeric_table(get(name), lang),
    "accuracy": lambda name, lang: _accuracy(name, lang),
}


def _numeric_table(derivation, lang: str) -> str:
    from lossdocs.render import numeric_table

    return numeric_table(derivation.numeric_checks(), lang)


def _accuracy(what: str, lang: str) -> str:
    from lossdocs.render import accuracy

    return accuracy(what, lang)


DOWNLOAD = Text(ko="노트북 내려받기(.ipynb)", en="Download the notebook (.ipynb)")


class EmbedError(ValueError):
    """A page asks for something that cannot be embedded; the message names the page."""


def _closes(line: str, marker: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(marker) and set(stripped) == {marker[0]}


def _fences(lines: list[str], page: str):
    """Each top-level fence as (kind, first line, closing line, indent); nested fences are content."""
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if _closes(lines[j], match["marker"])), None)
        if end is None:
            raise EmbedError(f"{page}, line {i + 1}: fence {match['marker']} is never closed")
        yield match["info"], i, end, match["indent"]
        i = end + 1


def embeds(markdown: str, page: str = "<page>") -> list[tuple[str, str]]:
    """The (kind, id) of every block in ``markdown`` that ``expand`` would replace, in order."""
    lines = markdown.split("\n")
    return [
        (kind, " ".join(line.strip() for line in lines[start + 1 : end] if line.strip()))
        for kind, start, end, _ in _fences(lines, page)
        if kind in RENDERERS
    ]


def expand(markdown: str, lang: str, page: str) -> str:
    """Replace every top-level ``derivation``, ``numeric-checks`` or ``accuracy`` fence by its rendering in
    ``lang``."""
    lines, out, done = markdown.split("\n"), [], 0
    for kind, start, end, indent in _fences(lines, page):
        if kind in RENDERERS:
            out += lines[done:start] + _render(kind, lines[start + 1 : end], lang, page, start + 1, indent)
            done = end + 1
    return "\n".join(out + lines[done:])


def _render(kind: str, body: list[str], lang: str, page: str, line: int, indent: str) -> list[str]:
    names = [entry.strip() for entry in body if entry.strip()]
    if len(names) != 1:
        raise EmbedError(
            f"{page}, line {line}: a {kind} block holds one line (what it embeds), found {names}"
        )
    try:
        markdown = RENDERERS[kind](names[0], lang)
    except LookupError as error:
        raise EmbedError(f"{page}, line {line}: {error}") from None
    return [indent + text if text else text for text in markdown.split("\n")]


MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def copy_mathjax(site_dir: str | Path) -> Path:
    """Copy the parts of MathJax 3 the pages load from the ``mathjax`` package into the site."""
    import mathjax  # django-static-mathjax

    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = Path(site_dir) / "assets" / "mathjax"
    for name in MATHJAX_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    return target


try:
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import Files
except ImportError:  # lossdocs is usable without MkDocs; only the plugin needs it
    pass
else:

    class LossdocsPlugin(BasePlugin):
        """``plugins: [lossdocs]`` in mkdocs.yml: embeds derivations, serves MathJax, publishes labs."""

        serving = False
        labs: Labs | None = None  # started by the first language's build, used by every language's

        def on_startup(self, command, dirty):
            self.serving = command == "serve"

        @event_priority(-100)  # after static-i18n's on_config (also -100, listed before us)
        def on_config(self, config):
            # the language switcher as static-i18n sets it up: each language's home page
            self.language_homes = {alt["lang"]: alt["link"] for alt in config.extra.get("alternate", [])}
            # The labs start here and run while the pages are built (lossdocs.labs); mkdocs-jupyter
            # only converts them to HTML.  It keeps each conversion under the executed notebook's
            # content, which is the same from build to build, and deletes the ones a build did not
            # use: so a folder of the project's own, and one for each language (static-i18n builds
            # them one after the other).
            jupyter = config.plugins.get("mkdocs-jupyter")
            if jupyter is not None:
                language, project = config.theme["language"], Path(config.config_file_path).parent
                jupyter.config["execute"], jupyter.config["cache"] = False, True
                jupyter.config["cache_dir"] = str(project / ".cache" / "mkdocs-jupyter" / language)
                self._start_labs(Path(config.docs_dir), first=language)

        def _start_labs(self, docs: Path, first: str):
            """Once for `mkdocs build`; in `mkdocs serve`, again for a rebuild after a notebook (or
            lossdocs) changed, reusing the stored results of the notebooks that did not."""
            if self.labs is not None and (not self.serving or self.labs.digests == digests(docs)):
                return
            self.on_shutdown()
            self.workdir = tempfile.TemporaryDirectory(prefix="lossdocs-labs-")
            self.labs = Labs(docs, Path(self.workdir.name), first=first, reuse=self.serving)

        @event_priority(-110)  # after static-i18n (-100), whose new Files forget that notebooks are pages
        def on_files(self, files, config):
            jupyter = config.plugins.get("mkdocs-jupyter")
            if jupyter is None:
                return files
            copies = self.labs.copies if self.labs else {}
            return Files(
                [_notebook_page(f, config, copies) if jupyter.should_include(f) else f for f in files]
            )

        @event_priority(10)  # before mkdocs-jupyter reads the notebook
        def on_pre_page(self, page, config, files):
            if self.labs is not None and page.file.abs_src_path in self.labs.copies.values():
                try:
                    self.labs.wait(page.file.abs_src_path)
                except LabError as error:
                    raise PluginError(str(error)) from None
            return page

        def on_build_error(self, error):
            self.on_shutdown()

        def on_shutdown(self):
            if self.labs is not None:
                self.labs.close()
                self.workdir.cleanup()
                self.labs = None

        def on_page_markdown(self, markdown, page, config, files):
            lang = getattr(page.file, "locale", None) or config.theme["language"]
            try:
                return expand(markdown, lang, f"docs/{page.file.src_uri}")
            except EmbedError as error:
                raise PluginError(str(error)) from None

        def on_page_content(self, html, page, config, files):
            if not getattr(page, "nb_url", None):  # set by mkdocs-jupyter on notebook pages
                return html
            lang = getattr(page.file, "locale", None) or config.theme["language"]
            name = Path(page.file.abs_src_path).name
            html = _heading_ids_from_toc(html, page.toc)
            return f'<p><a class="lossdocs-download" href="{name}" download>{DOWNLOAD(lang)}</a></p>\n{html}'

        def on_post_page(self, output, page, config):
            return HEAD_ALTERNATE.sub("", output)

        def on_post_template(self, output_content, template_name, config):
            if template_name != "404.html":
                return output_content
            # The 404 page, rendered after all pages, gets the switcher links of the last page
            # built (e.g. /sigmoid/); a reader who lands on it is offered the language homes instead.
            output_content = SWITCHER_LINK.sub(
                lambda link: f'href="{self.language_homes.get(link["lang"], link["href"])}"{link["rest"]}',
                output_content,
            )
            return HEAD_ALTERNATE.sub("", output_content)

        def on_post_build(self, config):
            copy_mathjax(config.site_dir)

    def _heading_ids_from_toc(html: str, toc) -> str:
        """Give a notebook's headings the ids its table of contents links to.

        nbconvert and mkdocs-jupyter's table of contents slugify headings differently (a Korean
        heading gets ``id=""`` from one and ``_1`` from the other), so the contents' links miss.
        Both list the same headings in the same order.
        """
        anchors = []

        def walk(items):
            for item in items:
                anchors.append(item.id)
                walk(item.children)

        walk(toc)
        if len(anchors) != len(HEADING.findall(html)):
            return html
        ids = iter(anchors)

        def renamed(heading):
            new = next(ids)
            inner = ANCHOR_LINK.sub(f'href="#{new}"', heading["inner"])
            return f'<h{heading["level"]} id="{new}">{inner}</h{heading["level"]}>'

        return HEADING.sub(renamed, html)

    def _notebook_page(file, config, copies: dict):
        """Mark ``file`` (static-i18n's copy, with its language's paths) as mkdocs-jupyter's page,
        reading the executed copy of the notebook when there is one."""
        from mkdocs_jupyter.plugin import NotebookFile

        if file.is_documentation_page():
            return file
        page = NotebookFile(file, **config)
        page.dest_path, page.abs_dest_path, page.url = file.dest_path, file.abs_dest_path, file.url
        page.abs_src_path = copies.get(file.abs_src_path, file.abs_src_path)
        page.alternates = _alternates(file, config)
        return page

    def _alternates(file, config) -> dict:
        """The notebook's page in each language, for the language switcher (static-i18n only
        links the Markdown pages it knows)."""
        i18n = config.plugins.get("i18n")
        if i18n is None or not hasattr(file, "norm_src_uri"):
            return getattr(file, "alternates", {})
        stem = Path(file.norm_src_uri).with_suffix("").as_posix()
        docs = Path(config.docs_dir)
        return {
            lang.locale: SimpleNamespace(url=f"{lang.link.lstrip('/')}{stem}/")
            for lang in i18n.config.languages
            if (docs / lang.locale / file.norm_src_uri).exists()
        }
