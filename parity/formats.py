"""Rendering a report for people and machines: text, json, junit, github."""

from __future__ import annotations

import os
from typing import TextIO
from xml.etree import ElementTree as ET

from parity.report import ParityReport, Severity

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
    return f"{target}\n{text}" if target else text


def render_junit(report: ParityReport, *, target: str = "") -> str:
    """JUnit XML: one test case per table checked, failing when it has an error."""
    suite = ET.Element(
        "testsuite",
        name=f"schema-parity {target}".strip(),
        tests=str(len(report.tables_checked)),
        failures=str(len({d.table for d in report.differences if d.severity is Severity.ERROR})),
    )
    for table in report.tables_checked:
        case = ET.SubElement(suite, "testcase", classname="schema-parity", name=table)
        errors = [
            d for d in report.differences if d.table == table and d.severity is Severity.ERROR
        ]
        warnings = [
            d for d in report.differences if d.table == table and d.severity is not Severity.ERROR
        ]
        if errors:
            failure = ET.SubElement(case, "failure", message=errors[0].message, type="drift")
            failure.text = "\n".join(d.message for d in errors)
        if warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"[{d.severity.value}] {d.message}" for d in warnings)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)


def _escape_annotation(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(report: ParityReport, *, target: str = "") -> str:
    """GitHub Actions workflow commands: one annotation per difference, then a notice."""
    lines = []
    for difference in report.differences:
        command = "error" if difference.severity is Severity.ERROR else "warning"
        title = f"schema drift: {difference.kind.value}"
        lines.append(f"::{command} title={title}::{_escape_annotation(difference.message)}")
    prefix = f"{target}: " if target else ""
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
