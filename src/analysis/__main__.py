"""Command line: ``python -m analysis {build,site,check,verify,diff,provenance,manifest,codebook}``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import config
from .workflow import manifest, runner
from .errors import DataError, ParameterError

INTERRUPTED = 130  # the shell's status for a command ended by a signal it handled


def _check(args: argparse.Namespace) -> int:
    from .raw import load_raw

    raw_dir = Path(args.raw_dir) if args.raw_dir else config.inputs().raw
    if raw_dir == config.inputs().raw:
        runner.warn_about_manifest(lambda line: print(line, file=sys.stderr))
    data = load_raw(raw_dir)
    for warning in data.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rows = sum(len(t.frame) for t in data.tables.values())
    print(f"{config.show(raw_dir)}: {len(data.tables)} tables, {rows} rows, no errors")
    return 0


def _build(args: argparse.Namespace) -> int:
    runner.build(Path(args.params) if args.params else None, force=args.force, jobs=args.jobs)
    return 0


def _site(args: argparse.Namespace) -> int:
    """Write the web edition from the default run's outputs (build them first with `make brief`)."""
    from .workflow import site

    target = site.write(target=Path(args.out) if args.out else None)
    print(f"wrote the web edition to {config.show(target)}/ (open index.html)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    if args.offline and not os.environ.get(runner.OFFLINE_ENV):
        if runner.network_cut_available():
            # One pipeline run serves three checks: byte-identical outputs, no network needed, and (in
            # make test) the stored notebooks' outputs via nbval.
            command = runner.offline_command([sys.executable, "-m", "analysis", "verify"])
            print("verify: rebuilding with the network cut off (loopback only)")
            return subprocess.run(command, env={**os.environ, runner.OFFLINE_ENV: "1"}).returncode
        print("verify: network namespaces are not available here; rebuilding with the network up", file=sys.stderr)
    stale = manifest.compare()
    if stale:
        for line in stale:
            print(line, file=sys.stderr)
        print("verify: the raw files differ from data/raw/SHA256SUMS; refresh it deliberately with `make manifest`",
              file=sys.stderr)
        return 1
    differences = runner.verify()
    for line in differences:
        print(line, file=sys.stderr)
    if differences:
        print(f"verify: {len(differences)} file(s) differ from the committed build products", file=sys.stderr)
        return 1
    print("verify: the rebuild is byte-identical to the committed build products")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    if args.write:
        manifest.write()
        print(f"wrote {config.show(manifest.manifest_path())}")
        return 0
    problems = manifest.compare()
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


def _codebook(args: argparse.Namespace) -> int:
    """Write the codebook's column tables from data/raw/datapackage.json, or (--check) say whether they differ."""
    from . import codebook

    shown = config.show(codebook.codebook_path())
    if args.check:
        text = codebook.codebook_path().read_text(encoding="utf-8")
        if codebook.render(text) != text:
            print(f"{shown}: the column tables differ from data/raw/datapackage.json; run "
                  "`python -m analysis codebook`", file=sys.stderr)
            return 1
        return 0
    print(f"{'rewrote' if codebook.write() else 'unchanged:'} {shown}")
    return 0


def _provenance(args: argparse.Namespace) -> int:
    """Recompute the input digests; compare them with a build's numbers.json when one is given."""
    import json

    from . import params as params_module
    from . import provenance

    inputs = config.inputs()
    params = params_module.load(Path(args.params) if args.params else inputs.default_params, inputs.default_params)
    record = provenance.compute(params)
    print(json.dumps(record, indent=2, sort_keys=True))
    numbers = Path(args.numbers) if args.numbers else config.run_output_root(params.name) / "reports" / "numbers.json"
    if not numbers.exists():
        return 0
    built = json.loads(numbers.read_text(encoding="utf-8")).get("provenance", {})
    if built.get("combined") == record["combined"]:
        print(f"provenance: {config.show(numbers)} was built from these inputs ({record['short']})")
        return 0
    changed = [k for k in ("raw", "lock", "package", "notebooks", "parameters") if built.get(k) != record[k]]
    print(f"provenance: {config.show(numbers)} was built from other inputs ({built.get('short', 'none')}); "
          f"differ: {', '.join(changed) or 'all'}", file=sys.stderr)
    return 1


def _diff(args: argparse.Namespace) -> int:
    from .workflow.diff import DiffError, run

    try:
        status, lines = run(args.old, args.new)
    except DiffError as error:
        print(f"diff: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every raw file without running any notebook")
    check.add_argument("--raw-dir", help="folder of raw CSV files (default: data/raw)")
    check.set_defaults(run=_check)
    build = commands.add_parser("build", help="check the raw data, run the notebooks, write the brief")
    build.add_argument("--params", help="parameter file (default: params/default.yaml)")
    build.add_argument("--force", action="store_true", help="ignore the cache: execute every notebook")
    build.add_argument("--jobs", type=int, default=runner.DEFAULT_JOBS,
                       help=f"notebooks run side by side (default {runner.DEFAULT_JOBS})")
    build.set_defaults(run=_build)
    web = commands.add_parser("site", help="write the web edition (reports/site/) from the build's outputs")
    web.add_argument("--out", help="folder to write it to (default: reports/site)")
    web.set_defaults(run=_site)
    verify = commands.add_parser("verify", help="rebuild into a temporary root and compare with the committed outputs")
    verify.add_argument("--offline", action="store_true",
                        help="rebuild with every network interface but loopback cut off (where unshare allows)")
    verify.set_defaults(run=_verify)
    prov = commands.add_parser("provenance", help="recompute the input digests and compare with a build's numbers.json")
    prov.add_argument("--params", help="parameter file (default: params/default.yaml)")
    prov.add_argument("--numbers", help="numbers.json to compare with (default: the run's own)")
    prov.set_defaults(run=_provenance)
    diff = commands.add_parser("diff", help="which figures of the brief changed between two builds (default: HEAD and the working tree)")
    diff.add_argument("old", nargs="?", help="a run name (default, 2022-09), a folder, or a git revision")
    diff.add_argument("new", nargs="?", help="as OLD (default: the working tree's default run)")
    diff.set_defaults(run=_diff)
    sums = commands.add_parser("manifest", help="check data/raw/SHA256SUMS (or --write it after a deliberate edit)")
    sums.add_argument("--write", action="store_true", help="rewrite the manifest from the current raw files")
    sums.set_defaults(run=_manifest)
    book = commands.add_parser("codebook", help="write the column tables of data/README.md from data/raw/datapackage.json")
    book.add_argument("--check", action="store_true", help="only say whether the tables differ (exit 1 if so)")
    book.set_defaults(run=_codebook)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DataError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in the raw data; nothing was written", file=sys.stderr)
        return 1
    except (runner.NotebookFailed, runner.OutputsBlocked) as error:
        print(error, file=sys.stderr)
        return 1
    except ParameterError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; previous outputs left as they were", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    status = main()
    if status == INTERRUPTED:
        # Outputs are as they were and staging is gone; a worker thread may still wait on a kernel that was
        # shut down, and the interpreter would wait for it at exit.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
