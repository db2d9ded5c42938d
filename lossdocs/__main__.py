"""python -m lossdocs list | check [ID ...] | show ID: the derivations from the command line."""

from __future__ import annotations

import argparse
import sys
import time

from lossdocs import DerivationError, cache, get, ids
from lossdocs.derivation import LANGS


def _list(args) -> int:
    for derivation_id in ids():
        print(f"{derivation_id:32} {get(derivation_id).title(args.lang)}")
    return 0


def _summary(passed: int, wanted: int, tested: int) -> str:
    untested = f"; {tested} steps only tested at sample points, not proved" if tested else ""
    return f"{passed} of {wanted} derivations verified{untested}"


def _check(args) -> int:
    digest = None if args.ids else cache.digest()
    passed = cache.load("check-all", digest) if digest else None
    if isinstance(passed, list) and all(isinstance(line, str) for line in passed):
        tested = sum(line.count(" tested at ") for line in passed)
        print("\n".join(passed + [_summary(len(passed), len(passed), tested) + " (cached)"]))
        return 0

    from lossdocs.verify import verify

    wanted = args.ids or ids()
    failed, tested, lines = 0, 0, []
    for derivation_id in wanted:
        started = time.perf_counter()
        try:
            checks = verify(get(derivation_id))
        except (DerivationError, ValueError) as error:
            failed += 1
            print(f"FAIL {derivation_id}\n{error}", flush=True)
            continue
        # A numeric step is not proved: say what it is, "tested at N points", for each such step.
        kinds = sorted({c.kind for c in checks if c.proved})
        kinds += [f"step {c.step} tested at {c.points} points" for c in checks if not c.proved]
        tested += sum(1 for c in checks if not c.proved)
        lines.append(f"ok   {derivation_id:32} {len(checks)} steps ({', '.join(kinds)})")
        print(f"{lines[-1]} {time.perf_counter() - started:.2f} s", flush=True)
    print(_summary(len(wanted) - failed, len(wanted), tested))
    if digest and not failed:
        cache.store("check-all", digest, lines)
    return 1 if failed else 0


def _show(args) -> int:
    from lossdocs import render

    derivation = get(args.id)
    print(
        {"latex": render.latex, "markdown": render.markdown, "text": render.text}[args.format](
            derivation, args.lang
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lossdocs", description=__doc__)
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
    show.add_argument("--format", choices=("latex", "markdown", "text"), default="text")
    show.set_defaults(run=_show)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except LookupError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
