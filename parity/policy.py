"""Severity: how much each kind of difference can hurt, in one table of rules.

In ``compatible`` mode a difference is an *error* only when it can break the
application's reads or writes, or lose or distort data; everything else is a
*warning*.  In ``exact`` mode, and on any table named in ``critical=``, every
difference is an error.  The README's "Severity rules" section mirrors this table.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from parity.diff import Finding
from parity.report import Difference, DiffKind, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: (kind, risk) -> (severity in compatible mode, why). ``""`` is any risk of that kind.
COMPATIBLE_RULES: dict[tuple[DiffKind, str], tuple[Severity, str]] = {
    (DiffKind.TABLE_MISSING, ""): (ERROR, "the application reads and writes it"),
    (DiffKind.TABLE_MISSING, "not_visible"): (
        ERROR,
        "this account cannot see it, so nothing about it was checked",
    ),
    (DiffKind.TABLE_EXTRA, ""): (WARNING, "the application never touches it"),
    (DiffKind.COLUMN_MISSING, ""): (ERROR, "the application's statements name it"),
    (DiffKind.COLUMN_EXTRA, "required"): (
        ERROR,
        "NOT NULL without a default: the application's inserts fail",
    ),
    (DiffKind.COLUMN_EXTRA, "optional"): (WARNING, "inserts fill it with NULL or its default"),
    (DiffKind.TYPE_MISMATCH, "narrower"): (ERROR, "values the model allows are refused or cut"),
    (DiffKind.TYPE_MISMATCH, "different"): (ERROR, "values are stored or read differently"),
    (DiffKind.TYPE_MISMATCH, "wider"): (WARNING, "every value the model allows still fits"),
    (DiffKind.NULLABLE_MISMATCH, "db_stricter"): (ERROR, "the application's NULLs are refused"),
    (DiffKind.NULLABLE_MISMATCH, "db_looser"): (
        WARNING,
        "the database enforces less than the model assumes",
    ),
    (DiffKind.DEFAULT_MISMATCH, "missing_required"): (
        ERROR,
        "inserts that rely on the default fail on NOT NULL",
    ),
    (DiffKind.DEFAULT_MISMATCH, "changed"): (WARNING, "rows inserted without a value differ"),
    (DiffKind.AUTOINCREMENT_MISMATCH, "missing"): (ERROR, "inserts without a key value fail"),
    (DiffKind.AUTOINCREMENT_MISMATCH, "changed"): (WARNING, "keys are generated differently"),
    (DiffKind.COMPUTED_MISMATCH, ""): (ERROR, "the stored values differ or writes fail"),
    (DiffKind.COLLATION_MISMATCH, ""): (WARNING, "sorting and comparison differ"),
    (DiffKind.COMMENT_MISMATCH, ""): (WARNING, "documentation only"),
    (DiffKind.PRIMARY_KEY_MISMATCH, ""): (ERROR, "row identity differs"),
    (DiffKind.FOREIGN_KEY_MISSING, ""): (ERROR, "integrity the model relies on is not enforced"),
    (DiffKind.FOREIGN_KEY_EXTRA, ""): (ERROR, "writes the model allows are refused"),
    (DiffKind.UNIQUE_MISSING, ""): (ERROR, "duplicates the model forbids can be stored"),
    (DiffKind.UNIQUE_EXTRA, ""): (ERROR, "writes the model allows are refused"),
    (DiffKind.INDEX_MISSING, ""): (WARNING, "slower, same results"),
    (DiffKind.INDEX_EXTRA, ""): (WARNING, "slower writes, same results"),
    (DiffKind.CHECK_MISSING, ""): (WARNING, "the database accepts values the model forbids"),
    (DiffKind.CHECK_EXTRA, ""): (ERROR, "writes the model allows may be refused"),
}

MODES = ("compatible", "exact")


#: How messages name the two sides of a comparison: ``compare``'s model and database.
MODEL_SIDES = ("model", "database")
#: ... and :func:`parity.diff_databases`' left (expected) and right (actual) databases.
DATABASE_SIDES = ("left", "right")


def severity_for(finding: Finding, *, mode: str, critical: bool) -> Severity:
    """The severity of one finding under ``mode``; critical tables are always exact."""
    if mode == "exact" or critical:
        return ERROR
    rule = COMPATIBLE_RULES.get((finding.kind, finding.risk)) or COMPATIBLE_RULES.get(
        (finding.kind, "")
    )
    return rule[0] if rule else ERROR


def apply_policy(
    findings: Iterable[Finding],
    *,
    mode: str,
    critical: Collection[str],
    fold_name: Callable[[str], str] = str,
    sides: tuple[str, str] = MODEL_SIDES,
) -> list[Difference]:
    """Turn findings into public :class:`Difference` records with severity and message.

    ``sides`` names the expected and actual sides in messages: the model and the
    database, or (:func:`parity.diff_databases`) the left and the right database.
    """
    fold = fold_name
    critical_names = {fold(name) for name in critical}
    differences = [
        Difference(
            kind=f.kind,
            table=f.table,
            column=f.column,
            name=f.name,
            schema=f.schema,
            expected=f.expected,
            actual=f.actual,
            severity=severity_for(f, mode=mode, critical=fold(f.table) in critical_names),
            message=message_for(f, sides),
        )
        for f in findings
    ]
    return sorted(differences, key=Difference.sort_key)


def message_for(f: Finding, sides: tuple[str, str] = MODEL_SIDES) -> str:
    """One line a person understands without reading code.

    Line breaks inside quoted values (a default's string literal, a comment) are shown
    escaped, so the message stays one line whatever the schema holds.
    """
    return _one_line(_message(f, *sides))


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _message(f: Finding, model: str = "model", database: str = "database") -> str:
    # "the model" / "the database", or "the left database" / "the right database"
    the_model = f"the {model}" if (model, database) == MODEL_SIDES else f"the {model} database"
    the_db = f"the {database}" if (model, database) == MODEL_SIDES else f"the {database} database"
    where = f"{f.schema}.{f.table}" if f.schema else f.table
    col = f"{where}.{f.column}" if f.column else where
    named = f" {f.name!r}" if f.name else ""
    kind = f.kind
    if kind is DiffKind.TABLE_MISSING and f.risk == "not_visible":
        return f"cannot see table {where}: {f.actual}; nothing about it was checked"
    if kind is DiffKind.TABLE_MISSING:
        return f"table {where} is declared by {the_model} but does not exist in {the_db}"
    if kind is DiffKind.TABLE_EXTRA:
        if (model, database) != MODEL_SIDES:
            return f"table {where} exists in {the_db} but not in {the_model}"
        return f"table {where} exists in the database but no model declares it"
    if kind is DiffKind.COLUMN_MISSING:
        return f"column {col} ({f.expected}) is declared by {the_model} but missing in {the_db}"
    if kind is DiffKind.COLUMN_EXTRA:
        return f"column {col} ({f.actual}) exists in {the_db} but not in {the_model}"
    if kind is DiffKind.TYPE_MISMATCH:
        how = {"narrower": " (narrower)", "wider": " (wider)"}.get(f.risk, "")
        return f"column {col}: {model} type {f.expected}, {database} type {f.actual}{how}"
    if kind is DiffKind.NULLABLE_MISMATCH:
        return f"column {col}: {model} says {f.expected}, {database} says {f.actual}"
    if kind is DiffKind.DEFAULT_MISMATCH:
        return (
            f"column {col}: {model} server default {_or_none(f.expected)}, "
            f"{database} default {_or_none(f.actual)}"
        )
    if kind is DiffKind.AUTOINCREMENT_MISMATCH:
        return f"column {col}: {model} value generation {f.expected}, {database} {f.actual}"
    if kind is DiffKind.COMPUTED_MISMATCH:
        return (
            f"column {col}: {model} {_or_none(f.expected, 'not generated')}, "
            f"{database} {_or_none(f.actual, 'not generated')}"
        )
    if kind is DiffKind.COLLATION_MISMATCH:
        return (
            f"column {col}: {model} collation {_or_none(f.expected)}, "
            f"{database} collation {_or_none(f.actual)}"
        )
    if kind is DiffKind.COMMENT_MISMATCH:
        target = f"column {col}" if f.column else f"table {where}"
        return f"{target}: {model} comment {f.expected!r}, {database} comment {f.actual!r}"
    if kind is DiffKind.PRIMARY_KEY_MISMATCH:
        return (
            f"table {where}: {model} primary key {_or_none(f.expected)}, "
            f"{database} primary key {_or_none(f.actual)}"
        )
    if kind in _MISSING_OBJECT:
        return f"table {where}: {_MISSING_OBJECT[kind]}{named} {f.expected} is missing in {the_db}"
    if kind in _EXTRA_OBJECT:
        return f"table {where}: {_EXTRA_OBJECT[kind]}{named} {f.actual} exists only in {the_db}"
    return f"{kind.value} on {col}"


_MISSING_OBJECT = {
    DiffKind.FOREIGN_KEY_MISSING: "foreign key",
    DiffKind.UNIQUE_MISSING: "unique constraint",
    DiffKind.INDEX_MISSING: "index",
    DiffKind.CHECK_MISSING: "check constraint",
}
_EXTRA_OBJECT = {
    DiffKind.FOREIGN_KEY_EXTRA: "foreign key",
    DiffKind.UNIQUE_EXTRA: "unique constraint",
    DiffKind.INDEX_EXTRA: "index",
    DiffKind.CHECK_EXTRA: "check constraint",
}


def _or_none(text: str | None, none: str = "none") -> str:
    return text if text is not None else none
