"""The models the migrations in ``versions/`` are meant to build."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)


class Book(Base):
    __tablename__ = "books"
    __table_args__ = (
        sa.CheckConstraint("pages > 0", name="ck_books_pages_positive"),
        sa.Index("ix_books_title", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("authors.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    pages: Mapped[int | None] = mapped_column(sa.Integer)
    price: Mapped[float | None] = mapped_column(sa.Numeric(10, 2))
    isbn: Mapped[str | None] = mapped_column(sa.String(20))


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(sa.ForeignKey("books.id"))
    rating: Mapped[int] = mapped_column(sa.Integer, server_default=sa.text("3"))
    body: Mapped[str | None] = mapped_column(sa.Text)
