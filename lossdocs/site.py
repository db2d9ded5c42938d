"""The site adapter: the only code that knows MkDocs (with its workarounds in `lossdocs.shims`).

A page embeds a derivation with a fenced block whose info string is
``derivation`` and whose body is one derivation id::

    ```derivation
    sigmoid.derivative
    ```

and its table of numeric checks with a ``numeric-checks`` block of the same
shape.  An ``accuracy`` block holds ``table`` or ``plot NAME``: lossdocs.numeric's
errors, measured while the site builds (`lossdocs.accuracy`), beside torch's; a ``benchmark``
block holds ``fused-loss``: the time and memory torch's fused BCEWithLogitsLoss saves, as
benchmarks/fused_loss.py measured them (`lossdocs.fused_loss`).  A ``glossary`` block holds
``table``: the terms of `lossdocs.glossary`, the page's language first.  A ``frameworks`` block holds a
loss family of `lossdocs.frameworks` (``binary-logits``, ``binary-probabilities``, ``categorical``): what
each framework computes and how accurately (benchmarks/framework_data.py).  The block is replaced,
before Markdown is converted, by the rendering in the page's language (verified first).  Fences
nested inside other fences are left alone, so a page can show the syntax itself.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from lossdocs import shims
from lossdocs.derivation import Text
from lossdocs.fences import Fence, fences
from lossdocs.labs import LabError, Labs, digests
from lossdocs.registry import get

RENDERERS = {  # what a block names (its lines joined by spaces) → its Markdown; LookupError if unknown
    "derivation": lambda name, lang: get(name).markdown(lang),
    "numeric-checks": lambda name, lang: _numeric_table(get(name), lang),
    "accuracy": lambda name, lang: _accuracy(name, lang),
    "benchmark": lambda name, lang: _benchmark(name, lang),
    "glossary": lambda name, lang: _glossary(name, lang),
    "explorer": lambda name, lang: _explorer(name, lang),
    "frameworks": lambda name, lang: _frameworks(name, lang),
}


def _numeric_table(derivation, lang: str) -> str:
    from lossdocs.render import numeric_table

    return numeric_table(derivation.numeric_checks(), lang)


def _accuracy(what: str, lang: str) -> str:
    from lossdocs.render import accuracy

    return accuracy(what, lang)


def _frameworks(name: str, lang: str) -> str:
    from lossdocs.render import frameworks

    return frameworks(name, lang)


def _benchmark(name: str, lang: str) -> str:
    from lossdocs.render import benchmark

    return benchmark(name, lang)


def _explorer(name: str, lang: str) -> str:
    from lossdocs import explorers

    return explorers.html(name, lang)


def _glossary(what: str, lang: str) -> str:
    from lossdocs import glossary
    from lossdocs.render import glossary_table

    if what != "table":
        raise LookupError(f"no glossary {what!r}: expected 'table'")
    return glossary_table(glossary.terms(), lang)


DOWNLOAD = Text(ko="노트북 내려받기(.ipynb)", en="Download the notebook (.ipynb)")
PERMALINK = Text(ko="이 제목으로 바로 가는 링크", en="Link to this heading")
NOT_FOUND = Text(ko="404 - 페이지를 찾을 수 없습니다", en="404 - Page not found")
NOT_FOUND_OTHER = Text(ko="lossdocs 한국어 홈", en="Page not found: lossdocs in English")
CHECKED_WITH = Text(
    ko="유도와 수치 검증을 실행한 버전: {versions}", en="Derivations and numeric checks run by {versions}"
)
MADE_WITH = Text(
    ko='<a href="https://squidfunk.github.io/mkdocs-material/">Material for MkDocs</a>로 만들었습니다.',
    en='Made with <a href="https://squidfunk.github.io/mkdocs-material/">Material for MkDocs</a>.',
)
CHECKED_BY = ("lossdocs", "sympy", "mpmath", "numpy")  # what computes and checks a page's derivations
TEMPLATES = Path(__file__).parent / "templates"  # the theme's partials lossdocs replaces (the footer)


@functools.cache
def checked_with(lang: str) -> str:
    """The footer's line: the versions of lossdocs and of what it checks with (installed metadata)."""
    from importlib.metadata import version

    names = {"sympy": "SymPy", "mpmath": "mpmath", "numpy": "NumPy"}
    versions = " · ".join(f"{names.get(name, name)} {version(name)}" for name in CHECKED_BY)
    return CHECKED_WITH(lang).format(versions=versions)


class EmbedError(ValueError):
    """A page asks for something that cannot be embedded; the message names the page."""


def _fences(markdown: str, page: str) -> list[Fence]:
    """The top-level fences of the page; one that is never closed is an error naming the page."""
    found = fences(markdown)
    for fence in found:
        if not fence.closed:
            raise EmbedError(f"{page}, line {fence.start + 1}: fence {fence.marker} is never closed")
    return found


def embeds(markdown: str, page: str = "<page>") -> list[tuple[str, str]]:
    """The (kind, id) of every block in ``markdown`` that ``expand`` would replace, in order."""
    return [(fence.info, fence.text) for fence in _fences(markdown, page) if fence.info in RENDERERS]


def expand(markdown: str, lang: str, page: str) -> str:
    """Replace every top-level fence that ``RENDERERS`` names (``derivation``, ``numeric-checks``,
    ``accuracy``, ``benchmark``, ``glossary``, ``frameworks``, ``explorer``) by its rendering in ``lang``."""
    lines, out, done = markdown.split("\n"), [], 0
    for fence in _fences(markdown, page):
        if fence.info in RENDERERS:
            out += lines[done : fence.start] + _render(fence, lang, page)
            done = fence.end + 1
    return "\n".join(out + lines[done:])


@functools.lru_cache(maxsize=1024)
def _rendering(kind: str, name: str, lang: str) -> str:
    """A block's Markdown, rendered once per process: `mkdocs serve` rebuilds with the code it started
    with, so a rendering cannot change while it runs (and SymPy's printing is most of a rebuild's
    Markdown time)."""
    return RENDERERS[kind](name, lang)


def _render(fence: Fence, lang: str, page: str) -> list[str]:
    names = [entry.strip() for entry in fence.body if entry.strip()]
    if len(names) != 1:
        raise EmbedError(
            f"{page}, line {fence.start + 1}: a {fence.info} block holds one line (what it embeds), "
            f"found {names}"
        )
    try:
        markdown = _rendering(fence.info, names[0], lang)
    except LookupError as error:
        raise EmbedError(f"{page}, line {fence.start + 1}: {error}") from None
    return [fence.indent + text if text else text for text in markdown.split("\n")]


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
except ImportError:  # lossdocs is usable without MkDocs; only the plugin needs it
    pass
else:

    class LossdocsPlugin(BasePlugin):
        """``plugins: [lossdocs]`` in mkdocs.yml: embeds derivations, serves MathJax, publishes labs.

        Its own work is the fences, MathJax and the labs; the rest calls `lossdocs.shims`."""

        serving = False
        labs: Labs | None = None  # started by the first language's build, used by every language's
        render_memo: shims.RenderMemo | None = None  # mkdocs serve only

        def on_startup(self, command, dirty):
            self.serving = command == "serve"
            self.render_memo = shims.RenderMemo() if self.serving else None

        @event_priority(-100)  # after static-i18n's on_config (also -100, listed before us)
        def on_config(self, config):
            self.language_homes = shims.language_homes(config)
            if shims.configure_jupyter(config):  # the labs start now and run while the pages build
                self._start_labs(Path(config.docs_dir), first=config.theme["language"])

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
            files = shims.notebook_files(files, config, self.labs.copies if self.labs else {})
            shims.sitemap_pages(files, config)
            if self.render_memo is not None:
                self.render_memo.start_build(config, files)
            return files

        @event_priority(10)  # before mkdocs-jupyter reads the notebook (and replaces a notebook's render)
        def on_pre_page(self, page, config, files):
            if self.render_memo is not None:
                self.render_memo.wrap(page)
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
            lang = getattr(page.file, "locale", None) or config.theme["language"]
            if getattr(page, "nb_url", None):  # set by mkdocs-jupyter on notebook pages
                slugify = config["mdx_configs"].get("toc", {}).get("slugify")
                html = shims.notebook_heading_ids(html, page.toc, slugify)
                name = Path(page.file.abs_src_path).name
                html = (
                    f'<p><a class="lossdocs-download" href="{name}" download>{DOWNLOAD(lang)}</a></p>\n{html}'
                )
            return html.replace('title="Permanent link"', f'title="{PERMALINK(lang)}"')  # the toc extension's

        def on_env(self, env, config, files):
            import jinja2

            env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), env.loader])
            env.globals.update(lossdocs_checked_with=checked_with, lossdocs_made_with=MADE_WITH)
            shims.compile_templates_once(env)
            return env

        def on_post_page(self, output, page, config):
            return shims.drop_head_alternates(output)

        not_found: str = ""  # the default language's 404 page, which the site serves

        def on_post_template(self, output_content, template_name, config):
            if template_name != "404.html":
                return output_content
            page = shims.not_found_page(output_content, self.language_homes)
            i18n = config.plugins.get("i18n")
            lang = config.theme["language"]
            if i18n is None:
                return page
            if lang == i18n.default_language:  # built first (static-i18n); later languages overwrite it
                others = " · ".join(
                    f'<a href="{home}" hreflang="{other}" lang="{other}">{NOT_FOUND_OTHER(other)}</a>'
                    for other, home in self.language_homes.items()
                    if other != lang
                )
                self.not_found = shims.default_not_found_page(page, NOT_FOUND(lang), others)
            return self.not_found or page

        def on_post_build(self, config):
            copy_mathjax(config.site_dir)
