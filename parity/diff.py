"""Comparing two snapshots: a pure function that issues no SQL.

:func:`diff_snapshots` walks the expected (model) and actual (database) snapshots and
returns one :class:`Finding` per differing fact.  A finding carries a ``risk`` tag
describing *how* it differs (``"narrower"``, ``"required"``…); :mod:`parity.policy`
turns that into a severity, so the comparison never decides how bad a difference is.

Names of constraints and indexes never make a difference (databases generate them):
keys, uniques, indexes and checks are matched by what they do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from parity.declared import ANY_DEFAULT
from parity.names import align_names
from parity.report import DiffKind
from parity.snapshot import (
    UNKNOWN_TYPE,
    CheckSnapshot,
    ColumnSnapshot,
    ForeignKeySnapshot,
    IndexSnapshot,
    SchemaSnapshot,
    TableSnapshot,
    TypeSpec,
    UniqueSnapshot,
)
from parity.typecompare import TypeVerdict

TypeJudge = Callable[[TypeSpec, TypeSpec], TypeVerdict]
T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A difference before policy: what differs and how, without a severity."""

    kind: DiffKind
    table: str
    schema: str | None = None
    column: str | None = None
    name: str | None = None
    expected: str | None = None
    actual: str | None = None
    risk: str = ""


def diff_snapshots(
    expected: SchemaSnapshot,
    actual: SchemaSnapshot,
    *,
    type_verdict: TypeJudge,
    fold_name: Callable[[str], str] = lambda name: name,
    fold_column: Callable[[str], str] | None = None,
    report_extra_tables: bool = True,
    declared_only: bool = True,
) -> list[Finding]:
    """Every fact that differs between the model snapshot and the database snapshot.

    ``declared_only``: the expected side is a model, whose ``None`` collation, comment
    or generated-column persistence means "not declared, whatever the database has".
    ``False`` when both sides were read from databases (:func:`parity.diff_databases`):
    there ``None`` is a fact (no comment, the default collation) and is compared.

    ``fold_name`` / ``fold_column``: how the database compares table and column names
    (the adapter's); with ``fold_column``, database names that fold to a model name are
    first respelt as the model spells them (:func:`parity.names.align_names`).
    """
    if fold_column is not None:
        # The model's own keys may spell a table or column in another case than its
        # Table does (ForeignKey("USERS.id") to Table("users")); SQLite takes that too.
        expected = align_names(expected, expected, fold_table=fold_name, fold_column=fold_column)
        actual = align_names(expected, actual, fold_table=fold_name, fold_column=fold_column)
    findings: list[Finding] = []
    present = {fold_name(t.name): t for t in actual.tables}
    declared = {fold_name(t.name) for t in expected.tables}
    for table in expected.tables:
        found = present.get(fold_name(table.name))
        if found is None:
            findings.append(
                Finding(
                    kind=DiffKind.TABLE_MISSING,
                    table=table.name,
                    schema=table.schema,
                    expected=f"{len(table.columns)} columns",
                )
            )
        else:
            findings.extend(_diff_table(table, found, type_verdict, declared_only))
    if report_extra_tables:
        owned = set(actual.owned_tables)
        for table in actual.tables:
            if fold_name(table.name) not in declared and table.name not in owned:
                findings.append(
                    Finding(
                        kind=DiffKind.TABLE_EXTRA,
                        table=table.name,
                        schema=table.schema,
                        actual=f"{len(table.columns)} columns",
                    )
                )
    return findings


def _diff_table(
    model: TableSnapshot, db: TableSnapshot, judge: TypeJudge, declared_only: bool
) -> Iterator[Finding]:
    def finding(
        kind: DiffKind,
        *,
        column: str | None = None,
        expected: str | None = None,
        actual: str | None = None,
        risk: str = "",
    ) -> Finding:
        return Finding(
            kind=kind,
            table=model.name,
            schema=model.schema,
            column=column,
            expected=expected,
            actual=actual,
            risk=risk,
        )

    for column in model.columns:
        other = db.column(column.name)
        if other is None:
            yield finding(
                DiffKind.COLUMN_MISSING, column=column.name, expected=column.type.render()
            )
        else:
            yield from _diff_column(model, column, other, judge, declared_only)
    for column in db.columns:
        if model.column(column.name) is None:
            required = (
                not column.nullable
                and column.default is None
                and column.autoincrement is None
                and column.computed is None
            )
            yield finding(
                DiffKind.COLUMN_EXTRA,
                column=column.name,
                actual=column.type.render() + ("" if column.nullable else " not null"),
                risk="required" if required else "optional",
            )
    if (model.comment is not None or not declared_only) and model.comment != db.comment:
        yield finding(DiffKind.COMMENT_MISMATCH, expected=model.comment, actual=db.comment)

    model_pk = model.primary_key.columns if model.primary_key else ()
    db_pk = db.primary_key.columns if db.primary_key else ()
    if model_pk != db_pk:
        yield finding(
            DiffKind.PRIMARY_KEY_MISMATCH,
            expected=_columns_text(model_pk),
            actual=_columns_text(db_pk),
            risk="missing" if not db_pk else "changed",
        )

    yield from _objects(
        model,
        DiffKind.FOREIGN_KEY_MISSING,
        DiffKind.FOREIGN_KEY_EXTRA,
        model.foreign_keys,
        db.foreign_keys,
        ForeignKeySnapshot.signature,
        ForeignKeySnapshot.render,
    )
    yield from _uniques(model, db)
    missing, extra = _multiset_difference(
        _index_facts(model), _index_facts(db), IndexSnapshot.signature
    )
    yield from _findings(
        model,
        # An index a database made by itself (for a foreign key) is matched by an
        # identical index on the other side, and is otherwise no difference: on either
        # side, as between two databases (diff_databases) the left one may hold it.
        (DiffKind.INDEX_MISSING, [index for index in missing if not index.implicit]),
        (DiffKind.INDEX_EXTRA, [index for index in extra if not index.implicit]),
        IndexSnapshot.render,
    )
    yield from _objects(
        model,
        DiffKind.CHECK_MISSING,
        DiffKind.CHECK_EXTRA,
        model.checks,
        db.checks,
        lambda c: c.sqltext,
        CheckSnapshot.render,
    )


def _uniques(model: TableSnapshot, db: TableSnapshot) -> Iterator[Finding]:
    """Uniqueness guarantees by column set; a primary key on the same columns gives it too.

    PostgreSQL folds a UNIQUE identical to the primary key into the key, SQLite and
    MySQL keep both: either way the guarantee holds, so a side's primary key satisfies
    the other side's UNIQUE on the same columns.  A guarantee that neither a UNIQUE nor
    the key provides any more is missing, whatever else changed.
    """
    model_facts, db_facts = _unique_facts(model), _unique_facts(db)
    model_sets = {frozenset(u.columns) for u in model_facts} | _pk_set(model)
    db_sets = {frozenset(u.columns) for u in db_facts} | _pk_set(db)
    yield from _findings(
        model,
        (DiffKind.UNIQUE_MISSING, [u for u in model_facts if frozenset(u.columns) not in db_sets]),
        (DiffKind.UNIQUE_EXTRA, [u for u in db_facts if frozenset(u.columns) not in model_sets]),
        UniqueSnapshot.render,
    )


def _pk_set(table: TableSnapshot) -> set[frozenset[str]]:
    return {frozenset(table.primary_key.columns)} if table.primary_key else set()


class _Named(Protocol):
    @property
    def name(self) -> str | None: ...


N = TypeVar("N", bound=_Named)


def _objects(
    table: TableSnapshot,
    missing_kind: DiffKind,
    extra_kind: DiffKind,
    model_items: Sequence[N],
    db_items: Sequence[N],
    key: Callable[[N], object],
    render: Callable[[N], str],
) -> Iterator[Finding]:
    """Constraints and indexes matched by what they do (``key``), never by name."""
    missing, extra = _multiset_difference(model_items, db_items, key)
    yield from _findings(table, (missing_kind, missing), (extra_kind, extra), render)


def _findings(
    table: TableSnapshot,
    missing: tuple[DiffKind, Sequence[N]],
    extra: tuple[DiffKind, Sequence[N]],
    render: Callable[[N], str],
) -> Iterator[Finding]:
    """One finding per unmatched object: the model's as expected, the database's as actual."""
    kind, items = missing
    for item in items:
        yield Finding(
            kind=kind, table=table.name, schema=table.schema, name=item.name, expected=render(item)
        )
    kind, items = extra
    for item in items:
        yield Finding(
            kind=kind, table=table.name, schema=table.schema, name=item.name, actual=render(item)
        )


def _diff_column(
    table: TableSnapshot,
    model: ColumnSnapshot,
    db: ColumnSnapshot,
    judge: TypeJudge,
    declared_only: bool,
) -> Iterator[Finding]:
    def finding(
        kind: DiffKind, expected: str | None, actual: str | None, risk: str = ""
    ) -> Finding:
        return Finding(
            kind=kind,
            table=table.name,
            schema=table.schema,
            column=model.name,
            expected=expected,
            actual=actual,
            risk=risk,
        )

    # A type neither side can read is not compared (the snapshot lists it as unchecked).
    comparable = UNKNOWN_TYPE not in (model.type.name, db.type.name)
    verdict = judge(model.type, db.type) if comparable else TypeVerdict.EQUAL
    if verdict is not TypeVerdict.EQUAL:
        yield finding(DiffKind.TYPE_MISMATCH, model.type.render(), db.type.render(), verdict.value)
    if model.nullable != db.nullable:
        yield finding(
            DiffKind.NULLABLE_MISMATCH,
            _null_text(model.nullable),
            _null_text(db.nullable),
            "db_stricter" if model.nullable else "db_looser",
        )
    if model.default not in (ANY_DEFAULT, db.default):
        required = model.default is not None and db.default is None and not model.nullable
        yield finding(
            DiffKind.DEFAULT_MISMATCH,
            model.default,
            db.default,
            "missing_required" if required else "changed",
        )
    if model.autoincrement != db.autoincrement:
        yield finding(
            DiffKind.AUTOINCREMENT_MISMATCH,
            model.autoincrement or "none",
            db.autoincrement or "none",
            "missing" if model.autoincrement and not db.autoincrement else "changed",
        )
    if model.computed != db.computed and not (declared_only and _same_computed(model, db)):
        yield finding(
            DiffKind.COMPUTED_MISMATCH,
            model.computed.render() if model.computed else None,
            db.computed.render() if db.computed else None,
        )
    if _collations_differ(model, db, declared_only):
        yield finding(DiffKind.COLLATION_MISMATCH, model.collation, db.collation)
    if (model.comment is not None or not declared_only) and model.comment != db.comment:
        yield finding(DiffKind.COMMENT_MISMATCH, model.comment, db.comment)


def _collations_differ(model: ColumnSnapshot, db: ColumnSnapshot, declared_only: bool) -> bool:
    """Whether the collations differ, as a fact of their own.

    A model's ``None`` declares nothing.  Between two databases ``None`` is a fact,
    except where one side's type is of another family that has no collation at all
    (``uuid`` become ``varchar``): that is the type difference, already reported.
    """
    if model.collation == db.collation:
        return False
    if model.collation is None:
        return not declared_only and model.type.name == db.type.name
    if db.collation is None and not declared_only:
        return model.type.name == db.type.name
    return True


def _same_computed(model: ColumnSnapshot, db: ColumnSnapshot) -> bool:
    # A model that leaves persistence unsaid accepts the database's choice.
    if model.computed is None or db.computed is None:
        return False
    return model.computed.expression == db.computed.expression and (
        model.computed.persisted is None or model.computed.persisted == db.computed.persisted
    )


def _null_text(nullable: bool) -> str:
    return "NULL" if nullable else "NOT NULL"


def _columns_text(columns: tuple[str, ...]) -> str | None:
    return f"({', '.join(columns)})" if columns else None


def _is_plain_unique(index: IndexSnapshot, table: TableSnapshot) -> bool:
    """A unique index over plain columns with no options guarantees what a UNIQUE does.

    Whatever its members' sort order: uniqueness does not depend on it.  A collation
    does change it (``NOCASE`` refuses ``'a'`` beside ``'A'``), so a collated member
    keeps the index out of the plain uniques.
    """
    return (
        index.unique
        and not index.options
        and not any(modifier.startswith("collate") for modifier in index.modifiers)
        and all(table.column(expression) is not None for expression in index.expressions)
    )


def _unique_facts(table: TableSnapshot) -> list[UniqueSnapshot]:
    """UNIQUE constraints and plain unique indexes, one per column set."""
    facts: dict[frozenset[str], UniqueSnapshot] = {}
    for unique in table.uniques:  # sorted by (columns, name): the first name is reported
        facts.setdefault(frozenset(unique.columns), unique)
    for index in table.indexes:
        if _is_plain_unique(index, table) and not index.implicit:
            facts.setdefault(
                frozenset(index.expressions),
                UniqueSnapshot(name=index.name, columns=index.expressions),
            )
    return list(facts.values())


def _index_facts(table: TableSnapshot) -> list[IndexSnapshot]:
    """Indexes that are more than a uniqueness guarantee.

    A plain unique index is only a unique fact (:func:`_unique_facts`), unless its
    members are sorted: the sort order is then an index fact of its own, so a lost
    ``DESC`` is an index difference while the guarantee still matches a UNIQUE.
    """
    return [
        index for index in table.indexes if index.modifiers or not _is_plain_unique(index, table)
    ]


def _multiset_difference(
    model: Iterable[T], db: Iterable[T], key: Callable[[T], object]
) -> tuple[list[T], list[T]]:
    """Items of ``model`` not matched in ``db`` and the reverse, matching by ``key``."""
    db_items = list(db)
    remaining = Counter(key(item) for item in db_items)
    missing: list[T] = []
    for item in model:
        k = key(item)
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            missing.append(item)
    model_counts = Counter(key(item) for item in model)
    extra: list[T] = []
    for item in db_items:
        k = key(item)
        if model_counts[k] > 0:
            model_counts[k] -= 1
        else:
            extra.append(item)
    return missing, extra
