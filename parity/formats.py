"""Rendering a report for people and machines: text, json, junit, github."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, TextIO
from xml.etree import ElementTree as ET

from parity.escape import printable
from parity.report import ParityReport, Severity

if TYPE_CHECKING:
    from parity.many import TargetResult

FORMATS = ("text", "json", "junit", "github")

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def render_text(report: ParityReport, *, colour: bool = False, target: str = "") -> str:
    if not colour:
        text = report.render()
    else:
        lines = []
        for line in report.render().splitlines():
            coloured = line
            for severity, code in _COLOURS.items():
                tag = f"[{severity.value}]"
                coloured = coloured.replace(tag, f"\033[{code}m{tag}\033[0m")
            lines.append(coloured)
        text = "\n".join(lines)
    return f"{printable(target)}\n{text}" if target else text


def render_junit(report: ParityReport, *, target: str = "") -> str:
    """JUnit XML: one test case per table checked, failing when it has an error."""
    return ET.tostring(junit_suite(report, target=target), encoding="unicode", xml_declaration=True)


def junit_suite(report: ParityReport, *, target: str = "") -> ET.Element:
    """The ``<testsuite>`` element of one report."""
    # A table with a difference has a case even when it could not be checked (one this
    # account cannot see), so a failure is never counted without a case that shows it.
    tables = sorted({*report.tables_checked, *(d.table for d in report.differences)})
    suite = ET.Element(
        "testsuite",
        name=printable(f"schema-parity {target}".strip()),
        tests=str(len(tables)),
        failures=str(len({d.table for d in report.differences if d.severity is Severity.ERROR})),
    )
    for table in tables:
        case = ET.SubElement(suite, "testcase", classname="schema-parity", name=printable(table))
        errors = [
            d for d in report.differences if d.table == table and d.severity is Severity.ERROR
        ]
        warnings = [
            d for d in report.differences if d.table == table and d.severity is not Severity.ERROR
        ]
        if errors:
            failure = ET.SubElement(
                case, "failure", message=printable(errors[0].message), type="drift"
            )
            failure.text = "\n".join(printable(d.message) for d in errors)
        if warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"[{d.severity.value}] {printable(d.message)}" for d in warnings)
    return suite


def _escape_annotation(text: str) -> str:
    # printable() first: no control character reaches the log, none starts a line.
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_annotation(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: ParityReport, *, target: str = "") -> str:
    """GitHub Actions workflow commands: one annotation per difference, then a notice."""
    lines = []
    prefix = f"{target}: " if target else ""
    for difference in report.differences:
        command = "error" if difference.severity is Severity.ERROR else "warning"
        title = f"schema drift: {difference.kind.value}"
        text = _escape_annotation(prefix + difference.message)
        lines.append(f"::{command} title={_escape_property(title)}::{text}")
    lines.append(f"::notice title=schema-parity::{_escape_annotation(prefix + report.summary())}")
    return "\n".join(lines)


def render(report: ParityReport, fmt: str, *, stream: TextIO, target: str = "") -> str:
    if fmt == "json":
        return report.to_json()
    if fmt == "junit":
        return render_junit(report, target=target)
    if fmt == "github":
        return render_github(report, target=target)
    return render_text(report, colour=use_colour(stream), target=target)


# -- many targets ------------------------------------------------------------------------
_STATUS_COLOURS = {"OK": "32", "DRIFT": "31", "FAILED": "31"}


def render_many_text(results: list[TargetResult], *, colour: bool = False) -> str:
    """One summary line per target, the full report of each drifted one, a total line."""
    lines = []
    for result in results:
        line = printable(result.summary())
        if colour:
            status = result.status
            line = f"\033[{_STATUS_COLOURS[status]}m{status}\033[0m {line}"
        lines.append(line)
    for result in results:
        if result.report is not None and not result.report.ok:
            lines.extend(
                ["", f"== {printable(result.label)} ==", render_text(result.report, colour=colour)]
            )
    counts = {status: sum(1 for r in results if r.status == status) for status in _STATUS_COLOURS}
    lines.append("")
    lines.append(
        f"{len(results)} targets: {counts['OK']} ok, {counts['DRIFT']} drifted, "
        f"{counts['FAILED']} could not be inspected"
    )
    return "\n".join(lines)


def render_many_json(results: list[TargetResult]) -> str:
    """A JSON array: one ``TargetResult.to_dict()`` per target, in target order."""
    return json.dumps([result.to_dict() for result in results], indent=2, ensure_ascii=False)


def render_many_junit(results: list[TargetResult]) -> str:
    """``<testsuites>`` with one ``<testsuite>`` per target; a failed target is an error."""
    suites = ET.Element("testsuites", name="schema-parity")
    for result in results:
        if result.report is not None:
            suites.append(junit_suite(result.report, target=result.label))
            continue
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=printable(f"schema-parity {result.label}"),
            tests="1",
            errors="1",
        )
        case = ET.SubElement(suite, "testcase", classname="schema-parity", name="inspection")
        error_text = printable(result.error or "")
        error = ET.SubElement(case, "error", message=error_text, type="unreachable")
        error.text = error_text
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def render_many_github(results: list[TargetResult]) -> str:
    """Annotations of every target, each notice and failure naming its target."""
    lines = []
    for result in results:
        if result.report is not None:
            lines.append(render_github(result.report, target=result.label))
        else:
            text = _escape_annotation(f"{result.label}: {result.error}")
            lines.append(f"::error title=schema-parity cannot inspect::{text}")
    return "\n".join(lines)


def render_many(results: list[TargetResult], fmt: str, *, stream: TextIO) -> str:
    if fmt == "json":
        return render_many_json(results)
    if fmt == "junit":
        return render_many_junit(results)
    if fmt == "github":
        return render_many_github(results)
    return render_many_text(results, colour=use_colour(stream))
