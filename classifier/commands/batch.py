"""``batch``: classify every row of an exported rejection log."""
from __future__ import annotations

import argparse
import sys

from ..batch import BatchError, run_batch, summary_titles
from ..io import InputError
from ..outputs import OutputError
from ._common import add_review_below, argv_text, count, error, open_model, with_review_below


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("batch", help="classify an exported log (csv, tsv, txt, jsonl, xlsx)",
                              description="Classify every row of a rejection log; every row is written out, in order.")
    p.add_argument("input", help="input file ('-' for standard input: CSV unless --input-format says otherwise)")
    p.add_argument("--input-format", choices=("csv", "tsv", "txt", "jsonl"),
                   help="format of the input when the file name does not tell (standard input, odd extensions)")
    p.add_argument("-o", "--output", required=True,
                   help="output file; the format follows the extension ('-' for stdout)")
    p.add_argument("--text-column", help="the column holding the message, by name or 1-based number "
                   "(default: found from the header and content)")
    p.add_argument("--header-row", type=count(0),
                   help="1-based row of the header, 0 for a file without one (default: found; title lines "
                        "above it are skipped, a first row that reads as data is no header)")
    p.add_argument("--encoding", help="input encoding (default: detected: UTF-8 or UTF-16, with or without BOM, "
                                      "or GB18030)")
    p.add_argument("--output-encoding", default="utf-8-sig",
                   help="encoding of CSV, TSV, text and JSONL output and of the review file (default: UTF-8, "
                        "with a BOM in CSV for Excel); .xlsx output ignores it")
    p.add_argument("--sheet", help="worksheet of .xlsx input, by name or 1-based number (default: the one sheet that "
                        "holds a rejection log)")
    p.add_argument("--review-out",
                   help="also write the messages that need review here: one row per distinct message with its "
                        "count, row numbers, original columns and answer, and an empty 'label' column to fill in "
                        "(a drop-down in .xlsx); train --extra reads the filled file")
    p.add_argument("--report", help="also write an HTML report (totals, reasons, review share, charts) here")
    p.add_argument("--by", action="append", default=[], metavar="COLUMN[:day|week|month|value]",
                   help="break the --report down by this column (repeatable); a date column goes by month "
                        "unless a period or 'value' is given (bare numbers are dates only in a column named "
                        "for times, such as 提交时间)")
    p.add_argument("--headers", choices=("en", "zh"), default="en",
                   help="names of the added columns: en (label, labels, …; default) or zh (原因类别, 全部原因, …)")
    p.add_argument("--summary", help="write the run summary as JSON here")
    p.add_argument("--jobs", type=count(0), default=0,
                   help="processes for classifying new texts (default 0: automatic, one per core, at most 4; "
                        "capped at the usable cores)")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    add_review_below(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary on stderr")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    p.add_argument("--keep-formulas", action="store_true",
                   help="write CSV/TSV cells that start with = + - @ as they are (default: a leading ' keeps "
                        "spreadsheets from running them; .xlsx cells are always text)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    model = open_model(args.model)
    if isinstance(model, int):
        return model
    model = with_review_below(model, args)
    # names typed on the command line (a column, a sheet), as typed, whatever the locale (paths stay as given)
    text_column, sheet = (argv_text(a) if a else a for a in (args.text_column, args.sheet))
    by = [argv_text(b) for b in args.by]
    try:
        summary = run_batch(model, args.input, args.output, text_column=text_column, encoding=args.encoding,
                            output_encoding=args.output_encoding, sheet=sheet, review_out=args.review_out,
                            summary_out=args.summary, overwrite=args.overwrite, progress=not args.quiet,
                            jobs=args.jobs, input_format=args.input_format,
                            escape_formulas=not args.keep_formulas, header_row=args.header_row,
                            report_out=args.report, by=by, headers=args.headers)
    except (InputError, OutputError) as exc:
        error(str(exc))
        return 2
    except BatchError as exc:
        error(str(exc))
        return 1
    except BrokenPipeError:
        raise  # the reader of standard output has gone: the command line stops quietly
    except OSError as exc:
        if args.output == "-" and exc.filename is None:
            error(f"cannot write to standard output: {exc.strerror or exc}")
        else:
            error(f"{exc}; check that the output folder is writable and has space")
        return 1
    if not args.quiet:
        print(summary.format(summary_titles(model)), file=sys.stderr)
    return 0
