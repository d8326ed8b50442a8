"""``target=``: every accepted form resolves to its tables; anything else is a usage error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declarative_base, mapped_column
from sqlmodel import Field, SQLModel

from parity.errors import ParityUsageError
from parity.target import resolve_target


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "tt_author"
    id: Mapped[int] = mapped_column(primary_key=True)


class Book(Base):
    __tablename__ = "tt_book"
    id: Mapped[int] = mapped_column(primary_key=True)


LegacyBase: Any = declarative_base()


class Legacy(LegacyBase):  # type: ignore[misc]
    __tablename__ = "tt_legacy"
    id = sa.Column(sa.Integer, primary_key=True)


METADATA = sa.MetaData()
PLAIN = sa.Table("tt_plain", METADATA, sa.Column("id", sa.Integer, primary_key=True))
IN_SCHEMA = sa.Table(
    "tt_aaa", METADATA, sa.Column("id", sa.Integer, primary_key=True), schema="zzz"
)


class NotATableModel(SQLModel):
    name: str


@pytest.fixture
def sqlmodel_table() -> Iterator[type[SQLModel]]:
    """A SQLModel table model, removed from the shared metadata afterwards."""

    class TtWidget(SQLModel, table=True):
        __tablename__ = "tt_widget"
        id: int | None = Field(default=None, primary_key=True)

    yield TtWidget
    SQLModel.metadata.remove(TtWidget.__table__)  # type: ignore[attr-defined]


def names(target: object) -> list[str]:
    return [t.fullname for t in resolve_target(target)]


ACCEPTED: list[tuple[str, object, list[str]]] = [
    ("MetaData", METADATA, ["tt_plain", "zzz.tt_aaa"]),
    ("declarative base", Base, ["tt_author", "tt_book"]),
    ("classic declarative_base()", LegacyBase, ["tt_legacy"]),
    ("a mapped class", Author, ["tt_author"]),
    ("a Table", PLAIN, ["tt_plain"]),
    ("a list of classes and Tables", [Book, PLAIN, Author], ["tt_author", "tt_book", "tt_plain"]),
    ("a tuple", (Legacy,), ["tt_legacy"]),
    ("a generator", (c for c in [Author]), ["tt_author"]),
    ("duplicates collapse", [Author, Author, Author.__table__], ["tt_author"]),
    ("tables sort by (schema, name)", [IN_SCHEMA, PLAIN], ["tt_plain", "zzz.tt_aaa"]),
]


@pytest.mark.parametrize(
    ("target", "expected"), [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED]
)
def test_accepted_targets(target: object, expected: list[str]) -> None:
    assert names(target) == expected


def test_sqlmodel_forms(sqlmodel_table: type[SQLModel]) -> None:
    assert "tt_widget" in names(None)
    assert "tt_widget" in names(SQLModel)
    assert names(sqlmodel_table) == ["tt_widget"]
    assert names([sqlmodel_table, Author]) == ["tt_author", "tt_widget"]


BAD: list[tuple[str, object, str]] = [
    ("a string", "tt_author", "is not a model"),
    ("bytes", b"tt_author", "is not a model"),
    ("a number", 5, "is not a model"),
    ("an object", object(), "is not a model"),
    ("an unmapped class", int, "is not a model"),
    ("a list with a string", [Author, "tt_book"], "is not a mapped class or Table"),
    ("a list with an unmapped class", [Author, int], "is not a mapped class or Table"),
    ("a list with a SQLModel non-table model", [NotATableModel], "is not a mapped class"),
    ("a list with a MetaData", [METADATA], "is not a mapped class or Table"),
    ("an instance of a model", [Author()], "is not a mapped class or Table"),
    ("empty MetaData", sa.MetaData(), "declares no tables"),
    ("empty list", [], "declares no tables"),
    ("a base with no models", type("EmptyBase", (DeclarativeBase,), {}), "declares no tables"),
]


@pytest.mark.parametrize(("target", "says"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_targets_are_one_line_usage_errors(target: object, says: str) -> None:
    with pytest.raises(ParityUsageError) as info:
        resolve_target(target)
    message = str(info.value)
    assert says in message
    assert "\n" not in message


def test_empty_metadata_says_what_to_do() -> None:
    with pytest.raises(ParityUsageError, match="import the modules that define your models"):
        resolve_target(sa.MetaData())
