"""Create reviews; add books.isbn.

Revision ID: 0003
Revises: 0002

This script also does what a real project's script once did by accident: at import time
it appends a CHECK constraint to a model's table.  Run in the checking process, that
would change the very MetaData being compared; parity runs migrations in a child process.
"""

import sqlalchemy as sa
from alembic import op

from tests.migrations_project.models import Book

POLLUTER = "ck_books_polluted_at_import"
Book.__table__.append_constraint(sa.CheckConstraint("price >= 0", name=POLLUTER))

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("book_id", sa.Integer, sa.ForeignKey("books.id"), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False, server_default=sa.text("3")),
        sa.Column("body", sa.Text, nullable=True),
    )
    op.add_column("books", sa.Column("isbn", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("books", "isbn")
    op.drop_table("reviews")
