"""python -m lossdocs list | check [ID ...] | show ID: the derivations from the command line."""

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


def _list(args) -> int:
    names = ids()
    width = _width(names)
    for derivation_id in names:
        print(f"{derivation_id:{width}} {plain(get(derivation_id).title(args.lang))}")
    return 0


def _check(args) -> int:
    wanted = args.ids or ids()
    for derivation_id in wanted:  # an unknown id fails before any check runs
        get(derivation_id)
    width = _width(wanted)
    digest = None if args.ids else cache.digest()
    passed = cache.load("check-all", digest) if digest else None
    if isinstance(passed, list) and all(isinstance(line, str) for line in passed):
        print("\n".join(passed + [f"{len(passed)} of {len(passed)} derivations verified (cached)"]))
        return 0

    from lossdocs.verify import verify

    failed, lines = [], []
    for derivation_id in wanted:
        started = time.perf_counter()
        try:
            checks = verify(get(derivation_id))
        except (DerivationError, ValueError) as error:
            failed.append(derivation_id)
            print(f"FAIL {derivation_id}\n{error}", flush=True)
            continue
        kinds = ", ".join(sorted({c.kind for c in checks}))
        lines.append(f"ok   {derivation_id:{width}} {len(checks)} steps ({kinds})")
        print(f"{lines[-1]} {time.perf_counter() - started:.2f} s", flush=True)
    summary = f"{len(wanted) - len(failed)} of {len(wanted)} derivations verified"
    print(summary + (f"; failed: {', '.join(failed)}" if failed else ""))
    if digest and not failed:
        cache.store("check-all", digest, lines)
    return 1 if failed else 0


def _show(args) -> int:
    from lossdocs import render

    derivation = get(args.id)
    try:
        if args.format == "numeric":
            print(derivation.numeric_checks().to_markdown(args.lang))
        elif args.format == "json":
            print(json.dumps(render.as_json(derivation, args.lang), ensure_ascii=False, indent=2))
        elif args.format == "text":
            print(plain(render.text(derivation, args.lang)))
        else:
            print({"latex": render.latex, "markdown": render.markdown}[args.format](derivation, args.lang))
    except DerivationError as error:
        print(f"FAIL {args.id}\n{error}", file=sys.stderr)
        return 1
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
