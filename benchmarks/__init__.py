"""Measurement harness for ``parity.compare`` on large schemas (see ``benchmarks/README.md``).

A package so that the tests can import the generator as ``benchmarks.schema_gen``;
``benchmarks/run.py`` is also runnable as a plain script.
"""
