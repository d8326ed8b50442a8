"""The bulk SQLite reader against SQLAlchemy's reflection, its statement count, its parser.

``read_with_inspector`` is the reference.  :func:`comparable` removes only the
documented differences (see :mod:`dialects.sqlite.reader`), each of which is then
asserted on its own, so a fact SQLAlchemy gets wrong is tested, not hidden.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from dialects.sqlite.ddl_parse import (
    _TABLE_CONSTRAINT,
    _common_shape,
    parse_create_index,
    parse_create_table,
    parse_create_table_tokens,
    tokenize,
)
from dialects.sqlite.reader import read_catalog
from parity.catalog import Catalog, read_with_inspector

from . import SQLALCHEMY_VERSION

# What SQLAlchemy's SQLite reflection gets wrong depends on its version:
#: Before 2.0.45 a CHECK body is the regex ``CHECK *\( *(.+) *\)``: greedy to the
#: line's last ")", so it keeps the blank before it; 2.0.45 counts parentheses and
#: strips the body.
CHECK_BODY_KEEPS_TRAILING_BLANK = SQLALCHEMY_VERSION < (2, 0, 45)
#: Before 2.0.53 the FOREIGN KEY regex separates its parts with " +" only, so
#: DEFERRABLE / INITIALLY on the line after REFERENCES are not reported.
FK_OPTIONS_ON_NEXT_LINE_LOST = SQLALCHEMY_VERSION < (2, 0, 53)
#: Before 2.0.53 the SQLite dialect has no ``get_table_options`` (NotImplementedError):
#: WITHOUT ROWID and STRICT are not reported at all.
NO_TABLE_OPTIONS = SQLALCHEMY_VERSION < (2, 0, 53)
#: The table options in ``FEATURE_DDL`` (every other table has none).
FEATURE_TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "composite": {"sqlite_with_rowid": False},
    "strict_t": {"sqlite_strict": True},
}

FEATURE_DDL = [
    '''CREATE TABLE "Parent Table" (
        "Id" INTEGER PRIMARY KEY AUTOINCREMENT,
        [code] VARCHAR(10) NOT NULL COLLATE NOCASE UNIQUE,
        `select` NUMERIC(10, 2) DEFAULT 0 CHECK (`select` >= 0),
        "naïve" TEXT DEFAULT 'a,b)(' ,
        g INTEGER GENERATED ALWAYS AS ("Id" * 2) STORED,
        v AS (upper([code])) VIRTUAL,
        CONSTRAINT "ck ""named""" CHECK (length(code) > 1 -- a comment with a ) paren
        ),
        CHECK ("naïve" <> 'x')
    )''',
    """CREATE TABLE child (
        id INTEGER NOT NULL,
        parent_id INTEGER REFERENCES "Parent Table" ON DELETE CASCADE,
        code VARCHAR(10),
        a INT,
        b TEXT,
        CONSTRAINT pk_child PRIMARY KEY (id),
        CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES "Parent Table" (code)
            ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT uq_ab UNIQUE (a, b)
    )""",
    "CREATE TABLE composite (a INT, b TEXT, c REAL, PRIMARY KEY (a, b)) WITHOUT ROWID",
    "CREATE TABLE refs_composite (x INT, y TEXT, FOREIGN KEY (x, y) REFERENCES composite)",
    "CREATE TABLE strict_t (id INT PRIMARY KEY, n ANY, s TEXT) STRICT",
    "CREATE TABLE desc_pk (id INTEGER PRIMARY KEY DESC, t TEXT)",
    """CREATE TABLE "MixedCase" ("ÄÖ" TEXT, "sp ace" INT DEFAULT (1 + 2),
        "key" TEXT DEFAULT CURRENT_TIMESTAMP, untyped)""",
    "CREATE TABLE plain (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)",
    'CREATE INDEX "ix weird" ON child (lower(code) DESC, a) WHERE a > 0',
    "CREATE UNIQUE INDEX ux_child_b ON child (b COLLATE NOCASE)",
    "CREATE INDEX ix_partial ON child (a) WHERE b IS NOT NULL AND b <> ')'",
    'CREATE INDEX "ix.mixed" ON "MixedCase" ("sp ace" DESC, "ÄÖ")',
    "CREATE VIEW a_view AS SELECT 1 AS one",
]


def _engine(path: Path, ddl: list[str]) -> Engine:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for statement in ddl:
            conn.exec_driver_sql(statement)
    return engine


@pytest.fixture
def feature_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = _engine(tmp_path / "features.db", FEATURE_DDL)
    yield engine
    engine.dispose()


def _reference(conn: sa.Connection, schema: str | None, names: list[str] | None) -> Catalog:
    with warnings.catch_warnings():  # SQLAlchemy warns about the expression index it skips
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        return read_with_inspector(conn, schema, names)


def _plain(value: Any) -> Any:
    """Turn reflection output into comparable plain data (types by class and arguments)."""
    if isinstance(value, sa.types.TypeEngine):
        return repr(value)
    if isinstance(value, sa.sql.elements.TextClause):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def comparable(catalog: Catalog, *, fast: bool) -> dict[str, Any]:
    """The catalog minus the documented differences between the two readers."""
    columns = {}
    for table, cols in catalog.columns.items():
        out = []
        for reflected in cols:
            col = dict(reflected)
            # Extra facts the fast reader adds; SQLAlchemy's per-column pk position.
            for key in ("dialect_options", "autoincrement", "primary_key"):
                col.pop(key, None)
            # Rowid aliases: SQLAlchemy says nullable (alembic's false positive).
            pk = catalog.primary_keys[table]["constrained_columns"]
            if pk == [col["name"]] and repr(col["type"]) == "INTEGER()":
                col["nullable"] = None
            # SQLAlchemy's computed-expression regex over-reads past the column.
            if "computed" in col:
                col["computed"] = {**col["computed"], "sqltext": None}
            out.append(col)
        columns[table] = out
    fks = {
        table: sorted(
            (
                {
                    **fk,
                    # SQLAlchemy loses ON DELETE/UPDATE of column-level REFERENCES.
                    "options": {
                        k: v for k, v in fk["options"].items() if k not in ("ondelete", "onupdate")
                    },
                }
                for fk in keys
            ),
            key=repr,
        )
        for table, keys in catalog.foreign_keys.items()
    }
    indexes = {
        table: [
            {k: v for k, v in ix.items() if k not in {"column_sorting", "column_collations"}}
            for ix in ixs
            # SQLAlchemy skips expression indexes.
            if not (fast and ix.get("expressions"))
        ]
        for table, ixs in catalog.indexes.items()
    }
    options = {
        table: {k: v for k, v in opts.items() if k != "sqlite_autoincrement"}
        for table, opts in catalog.options.items()
    }
    return _plain(
        {
            "schema": catalog.schema,
            "tables": catalog.tables,
            "columns": columns,
            "primary_keys": catalog.primary_keys,
            "foreign_keys": fks,
            "indexes": indexes,
            "uniques": {t: sorted(u, key=repr) for t, u in catalog.uniques.items()},
            "checks": catalog.checks,
            "options": options,
        }
    )


def _by_name(items: list[Any], name: str) -> Any:
    return next(item for item in items if item["name"] == name)


def _correct_known_misreads(reference: Catalog) -> None:
    """Replace what SQLAlchemy's reflection misreads or omits in ``FEATURE_DDL`` (or any
    catalog without table options) with the truth, for the tables ``reference`` has.

    Each misread is asserted first, so the test notices when SQLAlchemy fixes it.
    """
    if "Parent Table" in reference.tables:
        checks = reference.checks["Parent Table"]
        # The body stops at the ")" inside a comment, and the name keeps its doubled quote.
        body = "length(code) > 1 -- a comment with a"
        if CHECK_BODY_KEEPS_TRAILING_BLANK:
            body += " "
        assert checks[0] == {"name": 'ck ""named""', "sqltext": body}
        checks[0] = {"name": 'ck "named"', "sqltext": "length(code) > 1"}
        # The inline-UNIQUE regex cannot step over the "(10)" of "VARCHAR(10) ... UNIQUE".
        assert reference.uniques["Parent Table"] == []
        reference.uniques["Parent Table"] = [{"name": None, "column_names": ["code"]}]
    if FK_OPTIONS_ON_NEXT_LINE_LOST and "child" in reference.tables:
        fk_code = _by_name(reference.foreign_keys["child"], "fk_code")
        assert "deferrable" not in fk_code["options"]
        assert "initially" not in fk_code["options"]
        fk_code["options"] = {**fk_code["options"], "deferrable": True, "initially": "DEFERRED"}
    if NO_TABLE_OPTIONS:
        assert reference.options == {}
        assert "table options" in dict(reference.unchecked)
        reference.options = {t: dict(FEATURE_TABLE_OPTIONS.get(t, {})) for t in reference.tables}


# --------------------------------------------------------------------------- equality
def test_matches_inspector_on_every_feature(feature_engine: Engine) -> None:
    with feature_engine.connect() as conn:
        fast = read_catalog(conn, None, None)
        reference = _reference(conn, None, None)
    _correct_known_misreads(reference)
    assert comparable(fast, fast=True) == comparable(reference, fast=False)
    assert "a_view" not in fast.tables


def test_documented_differences_are_right(feature_engine: Engine) -> None:
    with feature_engine.connect() as conn:
        cat = read_catalog(conn, None, None)
    parent = {c["name"]: c for c in cat.columns["Parent Table"]}
    assert parent["Id"]["nullable"] is False
    assert parent["Id"]["autoincrement"] is True
    assert parent["g"]["computed"] == {"sqltext": '"Id" * 2', "persisted": True}
    assert parent["v"]["computed"] == {"sqltext": "upper([code])", "persisted": False}
    assert parent["code"]["dialect_options"] == {
        "sqlite_declared_type": "VARCHAR(10)",
        "sqlite_collation": "NOCASE",
    }
    assert cat.options["Parent Table"] == {"sqlite_autoincrement": True}
    assert cat.options["composite"] == {"sqlite_with_rowid": False}
    assert cat.options["strict_t"] == {"sqlite_strict": True}
    # Not rowid aliases: INT, DESC, WITHOUT ROWID, composite.
    for table in ("strict_t", "desc_pk", "composite"):
        assert all("autoincrement" not in c for c in cat.columns[table])
    assert _by_name(cat.columns["plain"], "id")["autoincrement"] is True
    assert _by_name(cat.columns["MixedCase"], "untyped")["dialect_options"] == {
        "sqlite_declared_type": ""
    }

    child_fks = {fk["name"]: fk for fk in cat.foreign_keys["child"]}
    assert child_fks[None]["options"] == {"ondelete": "CASCADE"}
    assert child_fks["fk_code"]["options"] == {
        "onupdate": "SET NULL",
        "deferrable": True,
        "initially": "DEFERRED",
    }
    (composite_fk,) = cat.foreign_keys["refs_composite"]
    assert composite_fk["referred_columns"] == ["a", "b"]

    weird = _by_name(cat.indexes["child"], "ix weird")
    assert weird["column_names"] == [None, "a"]
    assert weird["expressions"] == ["lower(code)", "a"]
    assert weird["column_sorting"] == {"lower(code)": ("desc",)}
    assert str(weird["dialect_options"]["sqlite_where"]) == "a > 0"
    partial = _by_name(cat.indexes["child"], "ix_partial")
    assert str(partial["dialect_options"]["sqlite_where"]) == "b IS NOT NULL AND b <> ')'"
    assert cat.checks["Parent Table"] == [
        {"name": 'ck "named"', "sqltext": "length(code) > 1"},
        {"name": None, "sqltext": "`select` >= 0"},
        {"name": None, "sqltext": "\"naïve\" <> 'x'"},
    ]
    assert cat.primary_keys["child"] == {"name": "pk_child", "constrained_columns": ["id"]}
    assert cat.uniques["child"] == [{"name": "uq_ab", "column_names": ["a", "b"]}]


def test_names_filter(feature_engine: Engine) -> None:
    names = ["child", "MixedCase", "no_such_table"]
    with feature_engine.connect() as conn:
        fast = read_catalog(conn, None, names)
        reference = _reference(conn, None, names)
        folded = read_catalog(conn, None, ["CHILD"])
    _correct_known_misreads(reference)
    assert fast.tables == ["MixedCase", "child"]
    assert comparable(fast, fast=True) == comparable(reference, fast=False)
    # SQLite resolves table names ASCII case-insensitively; so does the filter.
    assert folded.tables == ["child"]


def test_attached_schema_with_odd_name(tmp_path: Path, feature_engine: Engine) -> None:
    _engine(tmp_path / "other.db", FEATURE_DDL[:4]).dispose()
    with feature_engine.connect() as conn:
        conn.exec_driver_sql(f'ATTACH DATABASE \'{tmp_path / "other.db"}\' AS "odd ""schema"')
        fast = read_catalog(conn, 'odd "schema', None)
        reference = _reference(conn, 'odd "schema', None)
        main = read_catalog(conn, None, None)
    _correct_known_misreads(reference)
    assert fast.tables == ["Parent Table", "child", "composite", "refs_composite"]
    assert comparable(fast, fast=True) == comparable(reference, fast=False)
    assert fast.foreign_keys["child"][0]["referred_schema"] == 'odd "schema'
    assert "plain" in main.tables


# --------------------------------------------------------------------------- cost
def _many_tables(path: Path, count: int) -> Engine:
    metadata = sa.MetaData()
    previous = None
    for n in range(count):
        cols: list[Any] = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(40), nullable=False, unique=True),
            sa.Column("flag", sa.Boolean(create_constraint=True), server_default=sa.false()),
            sa.Column("created", sa.DateTime, server_default=sa.func.now()),
        ]
        if previous is not None:
            cols.append(sa.Column("prev_id", sa.ForeignKey(previous.c.id), index=True))
        previous = sa.Table(f"t{n:05d}", metadata, *cols)
    engine = sa.create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    return engine


def _statements(engine: Engine, names: list[str] | None = None) -> list[str]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    with engine.connect() as conn:
        event.listen(conn, "before_cursor_execute", record)
        read_catalog(conn, None, names)
        event.remove(conn, "before_cursor_execute", record)
    return seen


def test_statement_count_is_constant_and_read_only(tmp_path: Path) -> None:
    small = _statements(_many_tables(tmp_path / "small.db", 10))
    large_engine = _many_tables(tmp_path / "large.db", 200)
    large = _statements(large_engine)
    filtered = _statements(large_engine, [f"t{n:05d}" for n in range(0, 200, 3)])
    # Four catalog reads between two reads of the schema version (a change meanwhile
    # is refused, not reported torn).
    assert len(small) == len(large) == len(filtered) == 6
    version = 'PRAGMA "main".schema_version'
    assert large[0] == large[-1] == version
    for statement in large[1:-1]:
        body = "\n".join(
            line for line in statement.splitlines() if not line.lstrip().startswith("--")
        )
        assert body.lstrip().upper().startswith("SELECT")


def test_only_the_master_query_scans_sqlite_master(tmp_path: Path) -> None:
    """sqlite_master has no index: a five-table guard on a 10,000-table file paid four
    full scans of it (about 10 ms each) before the pragma queries took the exact names
    the master query found.  Only that first statement may read sqlite_master."""
    engine = _many_tables(tmp_path / "scan.db", 20)
    wanted = ["t00003", "T00007"]  # names match ASCII case-insensitively
    statements = _statements(engine, wanted)
    bodies = [
        "\n".join(line for line in s.splitlines() if not line.lstrip().startswith("--"))
        for s in statements
    ]
    reads_master = ["sqlite_master" in body for body in bodies]
    # The schema_version pragmas around them read the file header, not sqlite_master.
    assert reads_master == [False, True, False, False, False, False]
    with engine.connect() as conn:
        catalog = read_catalog(conn, None, wanted)
    assert catalog.tables == ["t00003", "t00007"]
    assert [c["name"] for c in catalog.columns["t00007"]] == [
        "id",
        "name",
        "flag",
        "created",
        "prev_id",
    ]
    assert catalog.foreign_keys["t00007"][0]["referred_table"] == "t00006"


def test_many_tables_match_inspector(tmp_path: Path) -> None:
    engine = _many_tables(tmp_path / "many.db", 30)
    with engine.connect() as conn:
        fast = read_catalog(conn, None, None)
        reference = _reference(conn, None, None)
    _correct_known_misreads(reference)
    assert comparable(fast, fast=True) == comparable(reference, fast=False)


# --------------------------------------------------------------------------- parser
def test_tokenizer_keeps_quoted_and_skips_comments() -> None:
    toks = tokenize("""a /* x ) */ "b""c" [d e] `f``g` 'h''i' -- tail )\n j""")
    assert [(t.kind, t.value) for t in toks] == [
        ("word", "a"),
        ("dquote", 'b"c'),
        ("bracket", "d e"),
        ("backtick", "f`g"),
        ("string", "h'i"),
        ("word", "j"),
    ]


PARSER_CASES = [
    pytest.param(
        'CREATE TABLE "t(" ("a,b" TEXT CHECK ("a,b" <> \'),(\'), [c d] INT)',
        {"checks": [(None, "\"a,b\" <> '),('")], "columns": ["a,b", "c d"]},
        id="punctuation-in-names-and-strings",
    ),
    pytest.param(
        "create table T (x integer constraint pk primary key autoincrement, "
        "y int constraint ck check(y>0) not null)",
        {"checks": [("ck", "y>0")], "pk": "pk", "autoincrement": ["x"]},
        id="lower-case-named-column-constraints",
    ),
    pytest.param(
        "CREATE TABLE t (id INT, p INT CONSTRAINT fk REFERENCES parent(id) "
        "ON DELETE SET NULL NOT DEFERRABLE NOT NULL, CHECK (p IN (1, (2))))",
        {"checks": [(None, "p IN (1, (2))")], "fks": [("fk", ["p"], "parent", ["id"], False)]},
        id="column-references-then-not-null",
    ),
    pytest.param(
        'CREATE TABLE "日本" ("列" TEXT COLLATE "NoCase" DEFAULT \'x\', '
        "g TEXT AS (\"列\" || ')') STORED) WITHOUT ROWID, STRICT",
        {
            "computed": {"g": "\"列\" || ')'"},
            "collation": {"列": "NoCase"},
            "without_rowid": True,
            "strict": True,
        },
        id="non-ascii-names-and-options",
    ),
    pytest.param(
        'CREATE TABLE t ("check" INT, "unique" INT, CONSTRAINT "my uq" UNIQUE '
        '("check" COLLATE nocase, "unique" DESC))',
        {"uniques": [("my uq", ["check", "unique"])], "columns": ["check", "unique"]},
        id="reserved-word-columns",
    ),
    pytest.param("CREATE TABLE t AS SELECT 1 AS x", {"columns": []}, id="create-as-select"),
    pytest.param("CREATE VIRTUAL TABLE f USING fts5(a, b)", {"columns": []}, id="virtual-table"),
]


@pytest.mark.parametrize(("sql", "expected"), PARSER_CASES)
def test_fast_parse_equals_the_token_walk(sql: str, expected: dict[str, Any]) -> None:
    """parse_create_table reads plain column definitions by name only; the token walk
    is the reference it must equal, field for field."""
    assert parse_create_table(sql) == parse_create_table_tokens(sql)


#: Fragments that stress the item splitter: quotes and comments hiding ( , ), keywords
#: inside identifiers and literals, unterminated quotes, non-ASCII letters that
#: upper-case to keywords (long s -> "S", the "st" ligature -> "ST"), and unbalanced
#: parentheses.
_SOUP = (
    "CREATE", "TABLE", "VIRTUAL", "t", '"q(,)"', "[a,b]", "`b``(`", "'s''(,'", "x'00'",
    "(", ")", "(", ")", ",", ",", " ", "\n", "-- c(,\n", "/* ( , */", "/* open",
    "CONSTRAINT", "PRIMARY", "KEY", "UNIQUE", "CHECK", "a>0", "COLLATE", "NOCASE", "AS",
    "GENERATED", "REFERENCES", "p", "ON", "DELETE", "SET", "NULL", "DEFERRABLE",
    "INITIALLY", "DEFERRED", "NOT", "DEFAULT", "0", "1.5e3", "AUTOINCREMENT", "WITHOUT",
    "ROWID", "STRICT", "FOREIGN", "id", "INTEGER", "\u017f", "\ufb06", "cas", "1AS", "'", '"',
    "[", "`", "->>", ".", "$x", "é",
)  # fmt: skip


def test_fast_parse_equals_the_token_walk_on_token_soup() -> None:
    rng = random.Random(20261124)
    heads = ("CREATE TABLE t (", 'CREATE TABLE "x y"(', "create table [a(b] (", "")
    tails = (")", ") WITHOUT ROWID", ") STRICT, WITHOUT ROWID", "", "))")
    for _ in range(3000):
        body = "".join(
            rng.choice(_SOUP) + rng.choice(("", " ", ",")) for _ in range(rng.randint(1, 30))
        )
        sql = rng.choice(heads) + body + rng.choice(tails)
        assert parse_create_table(sql) == parse_create_table_tokens(sql), sql


#: Table-constraint items and whether the exact-shape pattern reads them (True) or they
#: must fall back to the token walk (False).  Either way the result must be the walk's.
CONSTRAINT_SHAPES = [
    ("PRIMARY KEY (id)", True),
    ("CONSTRAINT pk_t PRIMARY KEY (a, b)", True),
    ('CONSTRAINT "pk t" PRIMARY KEY ("a b", b)', True),
    ("CONSTRAINT pk_t PRIMARY KEY(a)", True),
    ("CONSTRAINT uq_t UNIQUE (a)", True),
    ("UNIQUE (a, b, c)", True),
    ('CONSTRAINT "uq, (x)" UNIQUE ("a b" , "c,d")', True),
    ('CONSTRAINT "ü" UNIQUE ("é")', True),
    ('CONSTRAINT "" UNIQUE (a)', True),
    ("CONSTRAINT check CHECK (a > 0)", True),
    ("CONSTRAINT ck_t CHECK (qty >= 0)", True),
    ("CHECK(a>0)", True),
    ("CONSTRAINT ck CHECK (  a - b / 2 > -1  )", True),
    ("CONSTRAINT ck CHECK ((a > 0) AND (b IN (1, (2))))", True),
    ("CONSTRAINT ck CHECK (length(a) > 1)", True),
    ("CONSTRAINT ck CHECK ((((a))))", True),
    ("CONSTRAINT ck CHECK ( )", True),
    ("CONSTRAINT fk FOREIGN KEY(a) REFERENCES p (id) ON DELETE CASCADE", True),
    ("FOREIGN KEY (a, b) REFERENCES p (x, y)", True),
    ('CONSTRAINT fk FOREIGN KEY ("a b") REFERENCES "p q"("x y")', True),
    ("FOREIGN KEY (a) REFERENCES p ON DELETE SET NULL", True),
    ("FOREIGN KEY (a) REFERENCES p(id) ON UPDATE CASCADE ON DELETE SET NULL", True),
    ("FOREIGN KEY (a) REFERENCES p (id) ON DELETE SET DEFAULT ON UPDATE NO ACTION", True),
    ("FOREIGN KEY (a) REFERENCES p (id) ON DELETE RESTRICT DEFERRABLE", True),
    ("FOREIGN KEY (a) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED", True),
    ("FOREIGN KEY (a) REFERENCES p (id) NOT DEFERRABLE INITIALLY IMMEDIATE", True),
    ("FOREIGN KEY (a) REFERENCES ON ON DELETE CASCADE", True),
    # Near misses: each must take the token walk.
    ('CONSTRAINT "pk ""x""" PRIMARY KEY (a)', False),
    ("CONSTRAINT [pk x] PRIMARY KEY (a)", False),
    ("CONSTRAINT `pk` UNIQUE (a)", False),
    ("CONSTRAINT ü UNIQUE (a)", False),
    ("CONSTRAINT pk /* c */ PRIMARY KEY (a)", False),
    ("-- lead\n CONSTRAINT pk PRIMARY KEY (a)", False),
    ("CONSTRAINT ck CHECK (a > 0 -- tail )\n)", False),
    ("CONSTRAINT ck CHECK (a /* ) */ > 0)", False),
    ("CONSTRAINT ck CHECK (a <> ')')", False),
    ("CONSTRAINT ck CHECK (a IN ('UNIQUE', 'x'))", False),
    ('CONSTRAINT ck CHECK ("a b" > 0)', False),
    ("CONSTRAINT ck CHECK ([a] > 0)", False),
    ("CONSTRAINT ck CHECK (a > 0) ON CONFLICT FAIL", False),
    ("CONSTRAINT ck CHECK (((((a)))))", False),
    ("constraint uq unique (a)", False),
    ("Constraint pk Primary Key (a)", False),
    ("CONSTRAINT uq UNIQUE (a COLLATE NOCASE, b DESC)", False),
    ("CONSTRAINT uq UNIQUE (a) ON CONFLICT REPLACE", False),
    ("PRIMARY KEY (a DESC)", False),
    ("PRIMARY KEY (a AUTOINCREMENT)", False),
    ('UNIQUE ("a""b")', False),
    ("FOREIGN KEY (a) REFERENCES p (id) MATCH FULL", False),
    ("FOREIGN KEY (a) REFERENCES p (id) MATCH SIMPLE ON DELETE CASCADE", False),
    ("FOREIGN KEY (a) REFERENCES p (id) DEFERRABLE INITIALLY deferred", False),
    ("FOREIGN KEY (a) REFERENCES p (id) DEFERRABLE ON DELETE CASCADE", False),
    ("FOREIGN KEY (a) REFERENCES p (id) on delete cascade", False),
    ("FOREIGN KEY (a) REFERENCES p (id) ON DELETE SET", False),
    ("FOREIGN KEY (a) REFERENCES main.p (id)", False),
    ("FOREIGN KEY (a) REFERENCES p (id COLLATE NOCASE)", False),
    ("FOREIGN KEY (a DESC) REFERENCES p (id)", False),
    ("CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) /* c */", False),
    ("CONSTRAINT PRIMARY KEY (a)", False),
    ("CONSTRAINT x", False),
    ("FOREIGN", False),
]


@pytest.mark.parametrize(("item", "fast"), CONSTRAINT_SHAPES)
def test_table_constraint_shapes_equal_the_token_walk(item: str, fast: bool) -> None:
    """Each exact-shape pattern reads what it accepts as the token walk does, and the
    near misses (comments, literals, escaped quotes, lower case, MATCH, COLLATE...) are
    left to the walk."""
    assert (_TABLE_CONSTRAINT.fullmatch(item) is not None) == fast
    for sql in (
        f"CREATE TABLE t (a INT, b TEXT, {item})",
        f"CREATE TABLE t (a INT, {item}, b TEXT NOT NULL)",
        f'CREATE TABLE "t x"({item}) WITHOUT ROWID',
    ):
        parsed = parse_create_table(sql)
        assert parsed == parse_create_table_tokens(sql), sql
        # The fast shapes are read by the common-shape reader itself; a near miss may
        # also send the whole statement to the general path (a "(" nested too deep).
        assert _common_shape(sql) == parsed if fast else _common_shape(sql) in (None, parsed)


#: Whole statements and whether the common-shape reader takes them (True) or leaves
#: them to the general item split (False).
STATEMENT_SHAPES = [
    ("CREATE TABLE t (a INT, b TEXT)", True),
    ('CREATE TABLE "t t"("my col" TEXT, "x,(y" INT DEFAULT (1))', True),
    ("CREATE TABLE t (a INT, b VARCHAR(10) DEFAULT 'UNIQUE (x)' NOT NULL)", True),
    ("CREATE TABLE t (a INT, b NUMERIC(10, 4) DEFAULT ((1 + (2)) * 3))", True),
    ("CREATE TABLE t (last_name TEXT, alias TEXT, x INT PRIMARY KEY)", True),
    ("CREATE TABLE t (a INT COLLATE NOCASE, b INT, c AS (a + b) STORED)", True),
    ('CREATE TABLE t ("q" TEXT COLLATE "NoCase", r INT REFERENCES p ON DELETE CASCADE)', True),
    ('CREATE TABLE t ("a""b" INT, [c d] INT, `e` INT, -- note\n f INT)', True),
    ("CREATE TABLE t (a INT, , b INT)", True),
    ("CREATE TABLE t (a INT, foreign INT, unique_x INT, primary INT)", True),
    ("CREATE TABLE t (a$b INT, é INT, \u017ftatus INT, x INT CON\ufb06RAINT c UNIQUE)", True),
    ("CREATE TABLE t (é TEXT, b INT CHECK (b > 0), c TEXT COLLATE NOCASE)", True),
    ("CREATE TABLE t (a INT, b TEXT)  ", True),
    ("CREATE TABLE t (a INT) WITHOUT ROWID, STRICT", True),
    ("CREATE TABLE t (a INT) -- trailing comment", True),
    ("CREATE TABLE t (a INT DEFAULT (((((1))))))", False),
    ("CREATE TABLE t (a INT DEFAULT (1)", False),
    ("CREATE TABLE [t] (a INT)", False),
    ("create table t (a INT)", False),
    ('CREATE TABLE "t""x" (a INT)', False),
    ("CREATE TABLE main.t (a INT)", False),
    ("CREATE TABLE /* c */ t (a INT)", False),
    ("CREATE TABLE virtual (a INT)", False),
    ("CREATE TABLE as (a INT)", False),
    ("CREATE TABLE t AS SELECT 1 AS x", False),
    ("CREATE VIRTUAL TABLE f USING fts5(a, b)", False),
]


@pytest.mark.parametrize(("sql", "fast"), STATEMENT_SHAPES)
def test_statement_shapes_equal_the_token_walk(sql: str, fast: bool) -> None:
    """The head, item split and table-option shortcuts of the common-shape reader, and
    the statements they must leave to the general path."""
    assert (_common_shape(sql) is not None) == fast
    assert parse_create_table(sql) == parse_create_table_tokens(sql)


@pytest.mark.parametrize(("sql", "expected"), PARSER_CASES)
def test_parse_create_table(sql: str, expected: dict[str, Any]) -> None:
    parsed = parse_create_table(sql)
    actual: dict[str, Any] = {
        "checks": parsed.checks,
        "columns": [c.name for c in parsed.columns.values()],
        "pk": parsed.primary_key_name,
        "autoincrement": [c.name for c in parsed.columns.values() if c.autoincrement],
        "fks": [
            (f.name, f.columns, f.referred_table, f.referred_columns, f.deferrable)
            for f in parsed.foreign_keys
        ],
        "computed": {c.name: c.computed for c in parsed.columns.values() if c.computed},
        "collation": {c.name: c.collation for c in parsed.columns.values() if c.collation},
        "uniques": parsed.uniques,
        "without_rowid": parsed.without_rowid,
        "strict": parsed.strict,
    }
    assert {key: actual[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("sql", "items", "where"),
    [
        ("CREATE INDEX i ON t (a)", ["a"], None),
        (
            'CREATE UNIQUE INDEX "i j" ON "t t" ("a b" DESC, lower(c) COLLATE nocase ASC)',
            ['"a b"', "lower(c)"],
            None,
        ),
        (
            "CREATE INDEX i ON t (a || ') where', b) WHERE b <> '' AND a > 1",
            ["a || ') where'", "b"],
            "b <> '' AND a > 1",
        ),
        ("create index i on t (json_extract(d, '$.a,b'))", ["json_extract(d, '$.a,b')"], None),
    ],
)
def test_parse_create_index(sql: str, items: list[str], where: str | None) -> None:
    parsed = parse_create_index(sql)
    assert parsed.items == items
    assert parsed.where == where
