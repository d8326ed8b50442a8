"""Examples of using schema-parity; each is exercised by tests/examples."""
