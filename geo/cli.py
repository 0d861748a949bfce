"""The ``geo`` command: thin wrappers around the public functions.

Exit codes: 0 success, 2 bad input or a bad option (every problem printed to stderr,
nothing written), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM); an interrupted run
leaves no temporary file and the previous output untouched.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from geo import progress, settings
from geo.errors import GeoError, OptionError

if TYPE_CHECKING:
    from geo.model import MapModel

log = logging.getLogger("geo")
FORMATS = ("html", "png", "svg", "pdf")
#: Stages of ``geo build`` on its progress bar: reading, validating, joining, building
#: layers, auditing, rendering, writing.
BUILD_STEPS = 7

#: Output formats by file extension: ``geo build`` writes the first four, ``geo export``
#: the rest; ``--format`` may be left out when ``--out``'s extension says it.
EXTENSIONS: dict[str, tuple[str, str]] = {
    ".html": ("build", "html"),
    ".htm": ("build", "html"),
    ".png": ("build", "png"),
    ".svg": ("build", "svg"),
    ".pdf": ("build", "pdf"),
    ".geojson": ("export", "geojson"),
    ".gpkg": ("export", "gpkg"),
    ".csv": ("export", "csv"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Every expected failure is a :class:`~geo.errors.GeoError`: printed in one line or a list
    of problems, exit code 2. Anything else is a bug and shows as one (a traceback).
    """
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
    )
    log.setLevel(logging.INFO if args.verbose else logging.WARNING)  # also under a host's logging
    warnings.simplefilter("default")
    previous = _on_sigterm(_terminate)  # SIG_DFL (or the caller's handler) comes back after
    try:
        return int(args.func(args))
    except GeoError as err:
        print(f"geo: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("geo: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("geo: terminated", file=sys.stderr)
        return 143
    finally:
        _on_sigterm(previous)


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so every ``finally`` (temporary files) runs."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _on_sigterm(handler: object) -> object:
    """Install ``handler`` for SIGTERM; return the one it replaces (``None`` off the main
    thread, where Python cannot install handlers, and then nothing is restored)."""
    if handler is None:
        return None
    try:
        old = signal.signal(signal.SIGTERM, handler)  # type: ignore[arg-type]
    except ValueError:  # not the main thread (an embedding application): leave it alone
        return None
    return signal.SIG_DFL if old is None else old


def _inputs(args: argparse.Namespace) -> list[Path]:
    """What this run reads, so no output replaces it: the data folder, an article, a table."""
    found = [args.data or settings.DATA_DIR]
    for name in ("article", "against"):
        if getattr(args, name, None):
            found.append(getattr(args, name))
    return found


def _build(args: argparse.Namespace) -> int:
    from geo import export, pipeline
    from geo.model import Options

    # options and the target first: a bad size or --out is refused before any data is read
    export.check_figure_size(args.width, args.height, args.dpi)
    protect = _inputs(args)
    args.format = output_format("build", args.out, args.format) or "html"
    out = args.out or settings.OUTPUT_HTML.with_suffix(f".{args.format}")
    export.check_target(out, protect=protect)
    options = Options(
        title=args.title,
        layers=_names(args.layers),
        on=_names(args.on),
        basemap=args.basemap,
        map_id=args.map_id,
        labels=args.labels,
        extent=args.extent,
    )
    with progress.shown(BUILD_STEPS, f"geo build {args.format}"):
        model = pipeline.model_from_dir(
            args.data, options, article=args.article, published=args.published
        )
        progress.step("auditing")
        _audit_before_build(model)
        progress.step("rendering")
        path = _render(model, out, args, protect)
    print(f"wrote {path}")
    return 0


def _render(model: MapModel, out: Path, args: argparse.Namespace, protect: list[Path]) -> Path:
    """Draw ``model`` in ``args.format`` and write it to ``out``."""
    from geo import export

    if args.format == "html":
        from geo.render import folium_map

        page = folium_map(model)
        progress.step("writing")
        return export.save_html(page, out, fragment=args.fragment, protect=protect)
    from geo.figure import figure_from_model

    fig = figure_from_model(model, width=args.width, height=args.height)
    progress.step("writing")
    return export.save_figure(fig, out, dpi=args.dpi, protect=protect)


def _export(args: argparse.Namespace) -> int:
    from geo import export, pipeline

    protect = _inputs(args)
    args.format = output_format("export", args.out, args.format)
    if args.format is None:
        raise OptionError(f"--out {args.out}: give --format (geojson, gpkg or csv)")
    export.check_target(args.out, protect=protect)
    path = export.export_data(
        pipeline.map_data(args.data), args.out, fmt=args.format, frame=args.frame, protect=protect
    )
    print(f"wrote {path}")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from geo import extract
    from geo.export import check_target, write_text
    from geo.sources import document_text, table_from_csv
    from geo.tables import relations_csv

    if args.evaluate and args.article.is_dir():  # a corpus: NAME.txt beside NAME.key.csv
        reference = extract.reference_from_data(settings.DATA_DIR)
        with progress.shown(None, "geo extract --evaluate"):
            scores = extract.evaluate_corpus(args.article, reference=reference)
        table, direction = extract.format_corpus_evaluation(scores, details=False).split("\n\n")
        print(
            table, extract.format_calibration(extract.calibration(scores)), direction, sep="\n\n"
        )
        print()
        print(extract.format_corpus_evaluation(scores).split("\n\n", 2)[2])
        return 0
    protect = [args.article, *([args.against] if args.against else [])]
    if args.out and not args.evaluate:
        check_target(args.out, protect=protect)
    text = document_text(args.article)
    published = args.published
    candidates = extract.relations_from_article(text, doc_id=args.doc_id, published=published)
    if args.evaluate:
        curated = table_from_csv(args.against or settings.DATA_DIR / "relations.csv")
        print(extract.format_evaluation(extract.evaluate(candidates, curated)))
        return 0
    csv_text = relations_csv(candidates)
    if args.out:
        path = write_text(csv_text, args.out, protect=protect)
        print(f"wrote {path} ({len(candidates)} candidates)")
    else:
        sys.stdout.write(csv_text)
    return 0


def _review(args: argparse.Namespace) -> int:
    from geo.export import check_target, write_text
    from geo.extract import document_from_article
    from geo.extract.review import review_page
    from geo.sources import document_text, table_from_csv

    out = args.out or args.candidates.with_suffix(".review.html")
    protect = [args.candidates, args.article]
    check_target(out, protect=protect)
    text = document_text(args.article)
    title = document_from_article(text, doc_id="article", path=args.article.name)["title"]
    page = review_page(table_from_csv(args.candidates), text, title=title)
    print(f"wrote {write_text(page, out, protect=protect)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from geo import pipeline

    data = pipeline.map_data(args.data)
    print(
        f"{args.data or settings.DATA_DIR}: OK ({len(data.relations)} relations, "
        f"{len(data.routes)} routes, {len(data.places)} places, "
        f"{len(data.disputes)} disputed territories)"
    )
    return 0


def output_format(command: str, out: Path | None, fmt: str | None) -> str | None:
    """The format to write: ``fmt`` (``--format``), else the one ``out``'s extension names,
    else ``None``. Raises :class:`OptionError` when the two disagree, or when the extension
    belongs to the other command (``geo build --out map.gpkg``) or to no format at all."""
    if out is None or not out.suffix:
        return fmt
    owner, named = EXTENSIONS.get(out.suffix.lower(), (None, None))
    if fmt is not None and named is not None and named != fmt:
        raise OptionError(
            f"--format {fmt} but --out {out} ends in {out.suffix} ({named}): "
            "make them agree, or leave out --format"
        )
    if owner is not None and owner != command:
        raise OptionError(f"--out {out}: `geo {command}` cannot write {named}; use `geo {owner}`")
    if fmt is None and named is None:
        known = ", ".join(e for e, (c, _) in EXTENSIONS.items() if c == command)
        raise OptionError(
            f"--out {out}: cannot tell the format from {out.suffix!r}; end it in {known} "
            "or give --format"
        )
    return fmt or named


def _names(value: str | None) -> tuple[str, ...] | None:
    return tuple(n.strip() for n in value.split(",") if n.strip()) if value else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geo", description="Map Russia's Asia-Pacific ties from an evidence-linked table."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    parser.add_argument("--version", action="version", version=f"geo {settings.tool_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    _build_parser(sub)
    _extract_parser(sub)
    _review_parser(sub)
    _export_parser(sub)
    _check_parser(sub)
    _audit_parser(sub)
    _completion_parser(sub)
    for command in sub.choices.values():  # -v after the subcommand, too
        command.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log progress"
        )
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=None, help=f"data folder (default: {settings.DATA_DIR})"
    )


def _build_parser(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser("build", help="build the map (HTML, or a static PNG/SVG/PDF)")
    _data_option(build)
    build.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output file (default: {settings.OUTPUT_HTML} with the format's extension)",
    )
    build.add_argument(
        "--format", choices=FORMATS, default=None, help="default: from --out's extension, or html"
    )
    build.add_argument("--dpi", type=int, default=150, help="PNG resolution (300 for print)")
    build.add_argument("--layers", help="comma-separated layers to include (default: all)")
    build.add_argument(
        "--on", help="comma-separated layers on at open (default: each layer's own default)"
    )
    build.add_argument("--title", default="", help=f"default: {settings.TITLE!r}")
    build.add_argument(
        "--basemap",
        choices=("vector", "none", "tiles"),
        default="vector",
        help="vector Natural Earth (offline), none, or online tiles (HTML)",
    )
    build.add_argument(
        "--labels",
        choices=("en", "local", "both"),
        default="en",
        help="names in English, in the partners' own scripts (Russian, Japanese, Korean, "
        "Chinese, Vietnamese) where sourced, or both",
    )
    build.add_argument(
        "--extent",
        default=None,
        help="static figure's view: pacific, northeast-asia, korea, kurils, or W,S,E,N in "
        "degrees (default: the map's opening view)",
    )
    build.add_argument("--width", type=float, default=11.0, help="static figure width, in")
    build.add_argument("--height", type=float, default=7.5, help="static figure height, in")
    build.add_argument(
        "--fragment",
        action="store_true",
        help="HTML: write one <div> with its scripts, to paste into a page",
    )
    build.add_argument(
        "--map-id",
        default="",
        help="HTML: the id of the map in a page (default: derived from its content)",
    )
    build.add_argument(
        "--article",
        type=Path,
        help="map a new plain-text article: its relations are extracted "
        "(marked unreviewed) instead of read from relations.csv",
    )
    build.add_argument("--published", help="the article's publication date, YYYY-MM-DD")
    build.set_defaults(func=_build)


def _extract_parser(sub: argparse._SubParsersAction) -> None:
    extract = sub.add_parser("extract", help="propose relations from a plain-text article")
    extract.add_argument("article", type=Path)
    extract.add_argument("--out", type=Path, help="CSV to write (default: standard output)")
    extract.add_argument("--published", help="publication date, YYYY-MM-DD (resolves 'last year')")
    extract.add_argument("--doc-id", default="article", help="source_doc written to rows")
    extract.add_argument(
        "--evaluate",
        action="store_true",
        help="print precision and recall against --against instead; given a folder, "
        "score every NAME.txt in it against NAME.key.csv",
    )
    extract.add_argument(
        "--against",
        type=Path,
        help=f"curated table (default: {settings.DATA_DIR / 'relations.csv'})",
    )
    extract.set_defaults(func=_extract)


def _review_parser(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser(
        "review", help="write an offline page to accept, reject or edit extracted candidates"
    )
    review.add_argument("candidates", type=Path, help="CSV written by geo extract --out")
    review.add_argument("--article", type=Path, required=True, help="the article they come from")
    review.add_argument("--out", type=Path, help="page to write (default: CANDIDATES.review.html)")
    review.set_defaults(func=_review)


def _export_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write every layer's features for GIS")
    _data_option(export)
    export.add_argument(
        "--format", choices=("geojson", "gpkg", "csv"), help="default: from --out's extension"
    )
    export.add_argument("--out", type=Path, required=True)
    export.add_argument(
        "--frame",
        choices=("rfc7946", "pacific"),
        default="rfc7946",
        help="longitudes: rfc7946 (-180..180, lines and polygons cut at the 180th meridian; "
        "default) or pacific (the map's own frame, lines across the Pacific whole)",
    )
    export.set_defaults(func=_export)


def _check_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="validate the data without building anything")
    _data_option(check)
    check.set_defaults(func=_check)


def _audit_parser(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser(
        "audit", help="check the map against its basemap, legends, sources and opening view"
    )
    _data_option(audit)
    audit.set_defaults(func=_audit)


def _completion_parser(sub: argparse._SubParsersAction) -> None:
    completion = sub.add_parser(
        "completion",
        help='print a shell completion script: eval "$(geo completion bash)"',
        description="Print the completion script for bash or zsh. Bash: add "
        "'eval \"$(geo completion bash)\"' to ~/.bashrc. Zsh: geo completion zsh > "
        "~/.zfunc/_geo (a folder on $fpath), then compinit.",
    )
    completion.add_argument("shell", choices=("bash", "zsh"))
    completion.set_defaults(func=_completion)


def _completion(args: argparse.Namespace) -> int:
    """Print the completion script (made by shtab from this parser): subcommands, options,
    choices, and file names where an option takes a path."""
    import shtab

    parser = _parser()
    for action in _actions(parser):
        if action.type is Path:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    found = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                found += _actions(command)
    return found


def _audit(args: argparse.Namespace) -> int:
    """Print every finding (or "no findings"); exit 1 if any is an error."""
    from geo import pipeline
    from geo.audit import audit, has_errors

    findings = audit(pipeline.model_from_dir(args.data))
    for finding in findings:
        print(f"{finding.severity}: {finding}")
    if not findings:
        print("no findings")
    return 1 if has_errors(findings) else 0


def _audit_before_build(model: MapModel) -> None:
    """Print the audit's findings to stderr; raise :class:`~geo.errors.AuditError` (exit 2)
    if any is an error, before anything is written."""
    from geo.audit import audit, has_errors
    from geo.errors import AuditError

    findings = audit(model)
    for finding in findings:
        print(f"geo: audit: {finding.severity}: {finding}", file=sys.stderr)
    if has_errors(findings):
        errors = sum(f.severity == "error" for f in findings)
        raise AuditError(f"the map failed its audit ({errors} error(s)); see `geo audit`")
