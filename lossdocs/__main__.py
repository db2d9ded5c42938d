"""python -m lossdocs list | check [ID ...] | show ID | export ID: the derivations from the command line."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time

from lossdocs import DerivationError, __version__, cache, get, ids
from lossdocs.derivation import LANGS

GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "epsilon": "ε", "varepsilon": "ε", "sigma": "σ", "ell": "ℓ"}


def plain(text: str) -> str:
    r"""A title or reason as a terminal shows it: no Markdown backticks, inline math ``\(…\)`` as text
    (``\(10^{-12}\)`` → ``10^-12``, ``\(\epsilon\)`` → ``ε``, ``\(\log p_w\)`` → ``log p_w``)."""

    def math(match: re.Match) -> str:
        tex = re.sub(r"\\([A-Za-z]+)", lambda m: GREEK.get(m[1], m[1]), match[1])
        return re.sub(r"[{}]", "", tex.replace(r"\,", " ")).strip()

    return re.sub(r"\\\((.+?)\\\)", math, text).replace("`", "")


def _width(names) -> int:
    return max((len(name) for name in names), default=0)


def _known_ids() -> list[str]:
    """`lossdocs.ids()`, from the cache when the sources are unchanged (finding them imports SymPy)."""
    digest = cache.digest("ids")
    stored = cache.load("ids", digest)
    if isinstance(stored, list) and all(isinstance(name, str) for name in stored):
        return stored
    found = ids()
    cache.store("ids", digest, found)
    return found


def _lookup(wanted) -> None:
    """Raise, naming the closest known ids, for the first id of ``wanted`` that is not registered."""
    known = set(_known_ids())
    for derivation_id in wanted:
        if derivation_id not in known:
            get(derivation_id)  # raises UnknownDerivationError with suggestions


def _cached(kind: str, *parts: str) -> tuple[str, str | None]:
    """The cache key of a command's output and the output stored under it (None: not stored). Only
    the output of a command that succeeded is stored; the key covers every source file of lossdocs
    and the versions it runs with (`lossdocs.cache`), so a warm command imports no SymPy."""
    digest = cache.digest(kind, *parts)
    stored = cache.load(kind, digest)
    return digest, stored if isinstance(stored, str) else None


def _list(args) -> int:
    digest, stored = _cached("list", args.lang)
    if stored is None:
        names = ids()
        width = _width(names)
        stored = "\n".join(f"{name:{width}} {plain(get(name).title(args.lang))}" for name in names)
        cache.store("list", digest, stored)
    print(stored)
    return 0


def _summary(passed: int, wanted: int, tested: int) -> str:
    untested = f"; {tested} steps only tested at sample points, not proved" if tested else ""
    return f"{passed} of {wanted} derivations verified{untested}"


def _check(args) -> int:
    _lookup(args.ids)  # an unknown id fails before any check runs
    wanted = args.ids or _known_ids()
    width = _width(wanted)
    kind, digest = ("check", cache.digest("check", *wanted)) if args.ids else ("check-all", cache.digest())
    passed = cache.load(kind, digest)
    if isinstance(passed, list) and all(isinstance(line, str) for line in passed):
        tested = sum(line.count(" tested at ") for line in passed)
        print("\n".join(passed + [_summary(len(passed), len(passed), tested) + " (cached)"]))
        return 0

    from lossdocs.verify import verify

    failed, tested, lines = [], 0, []
    for derivation_id in wanted:
        started = time.perf_counter()
        try:
            checks = verify(get(derivation_id))
        except (DerivationError, ValueError) as error:
            failed.append(derivation_id)
            print(f"FAIL {derivation_id}\n{error}", flush=True)
            continue
        # A numeric step is not proved: say what it is, "tested at N points", for each such step.
        kinds = sorted({c.kind for c in checks if c.proved})
        kinds += [f"step {c.step} tested at {c.points} points" for c in checks if not c.proved]
        tested += sum(1 for c in checks if not c.proved)
        lines.append(f"ok   {derivation_id:{width}} {len(checks)} steps ({', '.join(kinds)})")
        print(f"{lines[-1]} {time.perf_counter() - started:.2f} s", flush=True)
    summary = _summary(len(wanted) - len(failed), len(wanted), tested)
    print(summary + (f"; failed: {', '.join(failed)}" if failed else ""))
    if not failed:
        cache.store(kind, digest, lines)
    return 1 if failed else 0


def _show(args) -> int:
    _lookup([args.id])
    digest, stored = _cached("show", args.id, args.format, args.lang)
    if stored is None:
        from lossdocs import render

        derivation = get(args.id)
        try:
            if args.format == "numeric":
                stored = derivation.numeric_checks().to_markdown(args.lang)
            elif args.format == "json":
                stored = json.dumps(render.as_json(derivation, args.lang), ensure_ascii=False, indent=2)
            elif args.format == "text":
                stored = plain(render.text(derivation, args.lang))
            else:
                stored = {"latex": render.latex, "markdown": render.markdown}[args.format](
                    derivation, args.lang
                )
        except DerivationError as error:
            print(f"FAIL {args.id}\n{error}", file=sys.stderr)
            return 1
        cache.store("show", digest, stored)
    print(stored)
    return 0


def _export(args) -> int:
    _lookup([args.id])
    from lossdocs import render

    try:
        text = render.export(get(args.id), args.format, args.lang)
    except DerivationError as error:
        print(f"FAIL {args.id}\n{error}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lossdocs", description=__doc__)
    parser.add_argument("--version", action="version", version=f"lossdocs {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="ids and titles of every derivation")
    listing.add_argument("--lang", choices=LANGS, default="en")
    listing.set_defaults(run=_list)
    check = commands.add_parser(
        "check", help="verify derivations (all when no id is given); exit 1 on failure"
    )
    check.add_argument("ids", nargs="*", metavar="ID")
    check.set_defaults(run=_check)
    show = commands.add_parser("show", help="print one derivation, verified")
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", choices=LANGS, default="en")
    show.add_argument(
        "--format",
        choices=("text", "latex", "markdown", "numeric", "json"),
        default="text",
        help="text (default); LaTeX; the site's Markdown; numeric: the numeric checks as a Markdown "
        "table; json: the steps, reasons, checks and the lambdify parameters, for programs",
    )
    show.set_defaults(run=_show)
    export = commands.add_parser("export", help="write one derivation, verified, as a file")
    export.add_argument("id", metavar="ID")
    export.add_argument(
        "--format",
        choices=("tex", "ipynb", "md"),
        required=True,
        help="tex: a standalone LaTeX document (Korean through kotex); ipynb: a notebook that rebuilds and "
        "verifies the derivation; md: Markdown",
    )
    export.add_argument("--lang", choices=LANGS, default="en")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.set_defaults(run=_export)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except LookupError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `show ID | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's flush at exit must not fail again
        return 0


if __name__ == "__main__":
    sys.exit(main())
