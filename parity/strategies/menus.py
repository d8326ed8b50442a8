"""Per-dialect menus: which types, defaults, names and options each database accepts.

Every menu is ordered simplest first, because ``sampled_from`` shrinks towards the
first element: a failing example shrinks to ``integer`` columns named ``a`` before it
shrinks to ``numeric(12, 4)`` columns named ``"Ärger"``.  A menu lists only what the
dialect itself supports (arrays and partial/expression indexes on PostgreSQL,
unsigned/ENUM/SET on MySQL, no comments on SQLite); what the *adapter* gets wrong is
what the properties are there to find, so nothing is left out for that reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from parity.strategies.spec import Dialect, TypeChoice

#: Type kinds, simplest first.
TYPE_KINDS: Mapping[Dialect, tuple[str, ...]] = {
    "sqlite": (
        "integer", "varchar", "text", "boolean", "bigint", "smallint", "numeric", "float",
        "double", "real", "date", "timestamp", "time", "char", "binary", "json", "uuid", "enum",
    ),
    "postgresql": (
        "integer", "varchar", "text", "boolean", "bigint", "smallint", "numeric", "float",
        "double", "real", "date", "timestamp", "time", "char", "binary", "json", "jsonb",
        "uuid", "enum", "interval", "array",
    ),
    "mysql": (
        "integer", "varchar", "text", "boolean", "bigint", "smallint", "tinyint", "mediumint",
        "numeric", "float", "double", "real", "date", "timestamp", "time", "char", "binary",
        "json", "uuid", "enum", "set", "year",
    ),
}  # fmt: skip

INTEGER_KINDS = frozenset({"integer", "smallint", "bigint", "tinyint", "mediumint"})
NUMBER_KINDS = INTEGER_KINDS | {"numeric", "float", "double", "real"}
STRING_KINDS = frozenset({"varchar", "char", "text"})
#: Kinds a primary key (and so a foreign key) is drawn from.
KEY_KINDS = INTEGER_KINDS | {"varchar", "char", "uuid", "date"}

VARCHAR_LENGTHS: Mapping[Dialect, tuple[int | None, ...]] = {
    "sqlite": (20, None, 1, 255),
    "postgresql": (20, None, 1, 255),
    # MySQL needs a length; 255 utf8mb4 characters keep three-column keys under 3072 bytes.
    "mysql": (20, 1, 255),
}
CHAR_LENGTHS = (1, 2, 10)
NUMERIC_ARGS: tuple[tuple[int | None, int | None], ...] = ((10, 2), (5, 0), (12, 4), (None, None))
FLOAT_PRECISIONS: tuple[int | None, ...] = (None, 10, 30)
SECONDS_PRECISIONS: Mapping[Dialect, tuple[int | None, ...]] = {
    "sqlite": (None,),
    "postgresql": (None, 0, 3, 6),
    "mysql": (None, 3, 6),
}
ENUM_LABELS = ("a", "b", "c", "it's", "é")
ARRAY_ITEMS = (
    TypeChoice(kind="integer"),
    TypeChoice(kind="varchar", length=20),
    TypeChoice(kind="text"),
    TypeChoice(kind="boolean"),
    TypeChoice(kind="numeric", precision=10, scale=2),
    TypeChoice(kind="date"),
)


def indexable(choice: TypeChoice, dialect: Dialect) -> bool:
    """Whether a plain b-tree index / UNIQUE may cover a column of this type."""
    if dialect == "postgresql":
        return choice.kind != "json"
    if dialect == "mysql":
        return choice.kind not in {"text", "json", "binary"}
    return True


def default_menu(choice: TypeChoice, dialect: Dialect) -> tuple[str, ...]:
    """Server defaults valid for the type, as raw SQL; pairwise different values."""
    kind = choice.kind
    if kind in INTEGER_KINDS:
        return ("0", "1", "-7") if not choice.unsigned else ("0", "1", "42")
    if kind == "boolean":
        return ("false", "true") if dialect == "postgresql" else ("0", "1")
    if kind == "numeric":
        digits = (choice.precision or 10) - (choice.scale or 0)
        menu = ["0"]
        if digits >= 1:
            menu.append("1")
            if (choice.scale or 0) >= 1 or choice.precision is None:
                menu.append("1.5")
        return tuple(menu)
    if kind in {"float", "double", "real"}:
        return ("0", "1.5")
    if kind in STRING_KINDS:
        # A default longer than the column is refused by MySQL's strict mode.
        values = ("x", "", "it's", "ü") if kind != "char" else ("x", "")
        fitting = [v for v in values if choice.length is None or len(v) <= choice.length]
        return tuple("'" + v.replace("'", "''") + "'" for v in fitting)
    if kind == "date":
        return ("'2020-01-02'", "CURRENT_DATE") if dialect != "mysql" else ("'2020-01-02'",)
    if kind == "timestamp":
        if dialect == "mysql" and choice.precision is not None:
            return ("'2020-01-02 03:04:05'",)
        return ("'2020-01-02 03:04:05'", "CURRENT_TIMESTAMP")
    if kind == "time":
        return ("'12:34:56'",)
    if kind in {"json", "jsonb"}:
        return ("'{}'",)
    if kind in {"enum", "set"}:
        assert choice.values is not None
        return ("'" + choice.values[0].replace("'", "''") + "'",)
    if kind == "array":
        return ("'{}'",)
    if kind == "interval":
        return ("'1 day'",)
    if kind == "uuid" and dialect == "postgresql":
        return ("gen_random_uuid()",)
    if kind == "year":
        return ("2020",)
    return ()


COLLATIONS: Mapping[Dialect, tuple[str, ...]] = {
    "sqlite": ("NOCASE", "RTRIM", "BINARY"),
    "postgresql": ("C", "POSIX"),
    "mysql": ("utf8mb4_bin", "utf8mb4_unicode_ci", "utf8mb4_general_ci"),
}
#: A collation different from the database's default one, for "add a collation" drifts.
NON_DEFAULT_COLLATION: Mapping[Dialect, str] = {
    "sqlite": "NOCASE",
    "postgresql": "C",
    "mysql": "utf8mb4_bin",
}
COMMENTS: tuple[str, ...] = ("c", "it's", "ünïcode \u2013 ok", "")
DRIFTED_COMMENT = "drifted comment"

REFERENTIAL_ACTIONS: Mapping[Dialect, tuple[str | None, ...]] = {
    "sqlite": (None, "CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "SET DEFAULT"),
    "postgresql": (None, "CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "SET DEFAULT"),
    # InnoDB rejects SET DEFAULT.
    "mysql": (None, "CASCADE", "SET NULL", "RESTRICT", "NO ACTION"),
}

#: Index element sort orders each database keeps in an index (MariaDB: DESC since 10.8).
INDEX_ORDERS: Mapping[Dialect, tuple[str, ...]] = {
    "sqlite": ("desc", "asc"),  # SQLite refuses NULLS FIRST in CREATE INDEX
    "postgresql": ("desc", "asc", "nulls_first"),
    "mysql": ("desc", "asc"),
}

#: Whether the dialect has partial and expression indexes.
PARTIAL_INDEXES: Mapping[Dialect, bool] = {"sqlite": True, "postgresql": True, "mysql": False}
HAS_COMMENTS: Mapping[Dialect, bool] = {"sqlite": False, "postgresql": True, "mysql": True}
#: ``persisted`` values a generated column may declare (PostgreSQL stores them only).
PERSISTED: Mapping[Dialect, tuple[bool | None, ...]] = {
    "sqlite": (None, True, False),
    "postgresql": (True,),
    "mysql": (None, True, False),
}

# -- names ---------------------------------------------------------------------------------
#: Longest identifier, in bytes (PostgreSQL) or characters (MySQL).
MAX_IDENTIFIER: Mapping[Dialect, int] = {"sqlite": 128, "postgresql": 63, "mysql": 64}

_COMMON_STRESS = (
    "order", "select", "user", "group", "check", "index", "key", "default", "from",
    "MixedCase", "UPPER", "with space", "café", "naïve", "Ärger", "per%cent", "dot.ted",
)  # fmt: skip


def stress_names(dialect: Dialect) -> tuple[str, ...]:
    """Names that need quoting, plus names at the dialect's identifier length limit.

    MySQL stores a table as files whose names encode non-ASCII characters at up to five
    bytes each, so its longest non-ASCII name uses ``é`` (a short encoding); the
    server refuses 64 times ``名`` for that reason, not the adapter.
    """
    limit = MAX_IDENTIFIER[dialect]
    if dialect == "postgresql":
        longest = ("m" * limit, "é" * (limit // 2) + "m" * (limit % 2))
        extra: tuple[str, ...] = ('quo"te', "名前")
    elif dialect == "mysql":
        longest = ("m" * limit, "é" * limit)
        extra = ("back`tick", "名前")
    else:
        longest = ("m" * limit, "名" * limit)
        extra = ('quo"te', "名前", "[br]")
    return _COMMON_STRESS + extra + longest


def fold(name: str) -> str:
    """The key under which two names clash on some database.

    MySQL compares column and index names case- and accent-insensitively, SQLite
    folds ASCII case, so the strategies keep names distinct under the strictest fold.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_fits(name: str, dialect: Dialect) -> bool:
    size = len(name.encode()) if dialect == "postgresql" else len(name)
    return size <= MAX_IDENTIFIER[dialect]


def fresh(name: str, used: set[str], dialect: Dialect) -> str:
    """``name``, or ``name_2``, ``name_3``… (trimmed to fit) if it clashes with ``used``.

    Deterministic, so a drawn name stays a plain function of the drawn data and the
    example shrinks like the names it came from; records the result in ``used``.
    """
    candidate, number = name, 1
    while fold(candidate) in used or not name_fits(candidate, dialect):
        number += 1 if fold(candidate) in used else 0
        suffix = f"_{number}" if number > 1 else ""
        stem = name
        while stem and not name_fits(stem + suffix, dialect):
            stem = stem[:-1]
        candidate = (stem or "n") + suffix
    used.add(fold(candidate))
    return candidate
