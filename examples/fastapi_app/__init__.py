"""A FastAPI app guarded by the startup parity check."""
