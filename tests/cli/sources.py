"""Model modules the CLI tests write to disk, and the password that must never leak."""

MODELS_SOURCE = """
import sqlalchemy as sa

metadata = sa.MetaData()
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
)
orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
)
"""

DRIFTED_SOURCE = MODELS_SOURCE.replace("sa.String(50)", "sa.String(20)") + (
    '\nsa.Table("audit_log", metadata, sa.Column("id", sa.Integer, primary_key=True))\n'
)

PASSWORD = "s3cr3t-pw"
