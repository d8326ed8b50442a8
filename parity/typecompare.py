"""Judging a type change: the database's type is equal, wider, narrower or different.

The verdict drives severity in ``compatible`` mode: a narrower database type can refuse
or truncate the application's values (an error), a wider one cannot (a warning).  The
rules are generic; the adapter's class tables say which families exist and how wide
each is (see :class:`parity.adapter.DialectAdapter`, which satisfies
:class:`parity.hooks.TypeCapacities`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from parity.hooks import TypeCapacities
from parity.snapshot import TypeSpec


class TypeVerdict(str, enum.Enum):
    EQUAL = "equal"
    WIDER = "wider"
    NARROWER = "narrower"
    DIFFERENT = "different"


def _order(expected: float, actual: float) -> TypeVerdict:
    if actual == expected:
        return TypeVerdict.EQUAL
    return TypeVerdict.WIDER if actual > expected else TypeVerdict.NARROWER


def _combine(*verdicts: TypeVerdict) -> TypeVerdict:
    """Several dimensions of one type: any conflict or DIFFERENT makes it DIFFERENT."""
    found = {v for v in verdicts if v is not TypeVerdict.EQUAL}
    if not found:
        return TypeVerdict.EQUAL
    if len(found) == 1:
        return found.pop()
    return TypeVerdict.DIFFERENT


def _bound(value: int | None) -> float:
    return float("inf") if value is None else float(value)


def generic_type_verdict(
    adapter: TypeCapacities, expected: TypeSpec, actual: TypeSpec
) -> TypeVerdict:
    if expected == actual:
        return TypeVerdict.EQUAL
    if expected.options != actual.options:
        return TypeVerdict.DIFFERENT
    if expected.item is not None or actual.item is not None:
        if expected.item is None or actual.item is None:
            return TypeVerdict.DIFFERENT
        if (expected.dimensions or 1) != (actual.dimensions or 1):
            return TypeVerdict.DIFFERENT
        return generic_type_verdict(adapter, expected.item, actual.item)
    if expected.values is not None or actual.values is not None:
        return _values_verdict(expected, actual)
    ints, floats, texts = adapter.integer_widths, adapter.float_widths, adapter.text_capacity
    if expected.name in ints and actual.name in ints:
        if expected.unsigned != actual.unsigned:
            return TypeVerdict.DIFFERENT
        return _order(ints[expected.name], ints[actual.name])
    if expected.name in floats and actual.name in floats:
        return _order(floats[expected.name], floats[actual.name])
    if expected.name in texts and actual.name in texts:
        if (expected.name == "char") != (actual.name == "char"):
            return TypeVerdict.DIFFERENT  # blank-padding semantics differ
        return _order(_text_capacity(texts, expected), _text_capacity(texts, actual))
    if expected.name != actual.name:
        return TypeVerdict.DIFFERENT
    if expected.unsigned != actual.unsigned:
        return TypeVerdict.DIFFERENT
    timezone = TypeVerdict.EQUAL
    if expected.timezone and not actual.timezone:
        timezone = TypeVerdict.NARROWER
    elif actual.timezone and not expected.timezone:
        timezone = TypeVerdict.DIFFERENT
    digits = TypeVerdict.EQUAL
    if expected.scale is not None or actual.scale is not None:
        # numeric(p, s): integer digits and fractional digits must both fit.
        digits = _combine(
            _order(_integer_digits(expected), _integer_digits(actual)),
            _order(_fraction_digits(expected), _fraction_digits(actual)),
        )
    elif expected.precision != actual.precision:
        digits = _order(_bound(expected.precision), _bound(actual.precision))
    length = _order(_bound(expected.length), _bound(actual.length))
    return _combine(timezone, digits, length)


def _integer_digits(spec: TypeSpec) -> float:
    if spec.precision is None:
        return float("inf")
    return float(spec.precision - (spec.scale or 0))


def _fraction_digits(spec: TypeSpec) -> float:
    # numeric(p) means numeric(p, 0); a bare numeric keeps any scale it is given.
    if spec.scale is not None:
        return float(spec.scale)
    return float("inf") if spec.precision is None else 0.0


def _text_capacity(texts: Mapping[str, int | None], spec: TypeSpec) -> float:
    if spec.length is not None:
        return float(spec.length)
    return _bound(texts.get(spec.name))


def _values_verdict(expected: TypeSpec, actual: TypeSpec) -> TypeVerdict:
    if expected.name != actual.name or expected.values is None or actual.values is None:
        return TypeVerdict.DIFFERENT
    wanted, present = list(expected.values), list(actual.values)
    if set(wanted) <= set(present) and [v for v in present if v in wanted] == wanted:
        return TypeVerdict.WIDER  # only labels added, model's order kept
    if set(present) < set(wanted) and [v for v in wanted if v in present] == present:
        return TypeVerdict.NARROWER
    return TypeVerdict.DIFFERENT
