"""Execute one notebook through the Jupyter protocol (nbclient) and report the first failing cell.

Usage: python3 scripts/execute-notebook.py INPUT.ipynb OUTPUT.ipynb --kernel tslab --timeout 1800 --cwd DIR

Writes the executed notebook to OUTPUT (atomically, also when a cell fails, so the error can be read
there), prints nothing on success and exits 0. On a failing cell it prints one JSON object on stdout
  {"cell": <1-based index among all cells>, "code_cell": <1-based index among code cells>,
   "source": "...", "ename": "...", "evalue": "...", "traceback": "..."}
and exits 1 (also for a cell that runs past the timeout). Other failures (kernel missing or dead,
unreadable file) print a message on stderr and exit 2.
"""
import argparse
import json
import os
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def write_atomically(nb, path):
    temp = f"{path}.{os.getpid()}.tmp"
    with open(temp, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)
    os.replace(temp, path)


def cell_report(nb, cell_index, ename, evalue, traceback):
    """The JSON report of a failing cell: where it is, its source and the kernel's error."""
    code_cell = sum(1 for cell in nb.cells[: cell_index + 1] if cell.cell_type == "code")
    cell = nb.cells[cell_index]
    # tslab reports TypeScript compile errors on stderr with an empty error reply: show that text.
    stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
    return {
        "cell": cell_index + 1,
        "code_cell": code_cell,
        "source": cell.source,
        "ename": ename or "",
        "evalue": ANSI.sub("", evalue or "") or ANSI.sub("", stderr).strip(),
        "traceback": ANSI.sub("", "\n".join(traceback or [])),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--cwd", default=None)
    args = ap.parse_args()

    try:
        with open(args.input, encoding="utf-8") as f:
            nb = nbformat.read(f, as_version=4)
    except (OSError, ValueError) as error:
        print(f"cannot read {args.input}: {error}", file=sys.stderr)
        sys.exit(2)
    cwd = args.cwd or os.path.dirname(os.path.abspath(args.input))
    running = {"index": None}
    failed = {}

    def on_cell_start(cell, cell_index):
        running["index"] = cell_index

    def on_cell_error(cell, cell_index, execute_reply):
        content = execute_reply.get("content", {})
        failed.update(index=cell_index, ename=content.get("ename"), evalue=content.get("evalue"), traceback=content.get("traceback"))

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        allow_errors=False,
        resources={"metadata": {"path": cwd}},
        on_cell_start=on_cell_start,
        on_cell_error=on_cell_error,
    )
    status = 0
    report = None
    try:
        client.execute()
    except CellExecutionError as error:
        status = 1
        if "index" in failed:
            report = cell_report(nb, failed["index"], failed["ename"], failed["evalue"], failed["traceback"])
        elif running["index"] is not None:
            report = cell_report(nb, running["index"], "CellExecutionError", str(error), [])
    except CellTimeoutError as error:
        status = 1
        report = cell_report(nb, running["index"] or 0, "Timeout", f"the cell ran longer than {args.timeout} s", [str(error)])
    except DeadKernelError as error:
        print(f"the {args.kernel} kernel died: {error}", file=sys.stderr)
        status = 2
    except Exception as error:  # noqa: BLE001 - report every other failure plainly
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        status = 2
    try:
        # Sign the executed copy so Jupyter trusts it on this machine and runs its figure scripts.
        from nbformat.sign import NotebookNotary

        NotebookNotary().sign(nb)
    except Exception:  # noqa: BLE001 - an unsigned copy is still a valid result
        pass
    write_atomically(nb, args.output)
    if report is not None:
        print(json.dumps(report))
    sys.exit(status)


if __name__ == "__main__":
    main()
