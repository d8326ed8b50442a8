"""A real Alembic project for the migrations check (``parity.migrations``)."""
