"""Long sequences of frozen values kept packed: some twenty bytes a value instead of several hundred.

A Python object costs a header and a pointer per field, and each string, number and tuple in it is an object of
its own: 300,000 citations with their works take some 260 MB as objects, however their strings are shared. Past
`PACK_AFTER` values a `Packer` keeps each value as the tuple of its fields (an enum as its value, a nested frozen
value as a tuple of its own), `BLOCK` of them marshalled and compressed together; a `Packed` sequence rebuilds a
value when it is read. Up to `PACK_AFTER` values stay a plain tuple of the objects, so the common case pays
nothing. `Lookup` is the mapping that goes with it: keys to positions in such a sequence.
"""

from __future__ import annotations

import dataclasses
import marshal
import types
import typing
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import partial
from itertools import accumulate
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

PACK_AFTER = 32_768
"""How many values a `Packer` keeps as objects: past this many, every value is packed (about 30 MB of objects)."""
BLOCK = 64
"""Values compressed together: enough for their repeated strings to compress, few enough to unpack for one value."""

Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class _Plan:
    """How the values of one frozen dataclass are packed and rebuilt."""

    fields: Callable[[Any], tuple[Any, ...]]
    """A value's fields, in order."""
    packers: tuple[tuple[int, Convert], ...]
    """The positions of the fields whose packed form differs from their value (enums, nested values), and how
    each is packed; strings, numbers, booleans, None and tuples of them go to marshal as they are."""
    builders: tuple[tuple[int, Convert], ...]
    """The same positions, and how each comes back."""


_PLANS: dict[type, _Plan] = {}


def _plan(kind: type) -> _Plan:
    found = _PLANS.get(kind)
    if found is None:
        hints = typing.get_type_hints(kind)
        names = [field.name for field in dataclasses.fields(kind)]
        converters = [(position, _converters(hints[name])) for position, name in enumerate(names)]
        found = _PLANS[kind] = _Plan(
            attrgetter(*names) if len(names) > 1 else lambda value: (getattr(value, names[0]),),
            tuple((position, packer) for position, (packer, _) in converters if packer is not _identity),
            tuple((position, builder) for position, (_, builder) in converters if builder is not _identity),
        )
    return found


def _converters(hint: Any) -> tuple[Convert, Convert]:
    """How a value of this type is packed for marshal, and how it comes back."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return pack, partial(_build, hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return attrgetter("value"), hint._value2member_map_.__getitem__
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in args if arg is not type(None)]  # the model has only `X | None` unions
        packer, builder = _converters(inner)
        if packer is _identity and builder is _identity:
            return _identity, _identity
        return (lambda value: None if value is None else packer(value)), (
            lambda packed: None if packed is None else builder(packed)
        )
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        packer, builder = _converters(args[0])
        if packer is _identity and builder is _identity:
            return _identity, _identity
        return (lambda value: tuple(map(packer, value))), (lambda packed: tuple(map(builder, packed)))
    if origin is tuple and any(_converters(arg) != (_identity, _identity) for arg in args):
        raise TypeError(f"cannot pack {hint}")  # not in the model: fixed tuples there hold numbers and strings
    return _identity, _identity


def pack(value: Any) -> tuple[Any, ...]:
    """A frozen value as marshal can write it: its fields in order, enums as their values, nested values alike."""
    plan = _plan(type(value))
    fields = plan.fields(value)
    if not plan.packers:
        return fields
    packed = list(fields)
    for position, packer in plan.packers:
        packed[position] = packer(packed[position])
    return tuple(packed)


def _build(kind: type[T], packed: tuple[Any, ...]) -> T:
    plan = _PLANS.get(kind) or _plan(kind)
    if not plan.builders:
        return kind(*packed)
    values = list(packed)
    for position, builder in plan.builders:
        values[position] = builder(values[position])
    return kind(*values)


def unpack(kind: type[T], packed: tuple[Any, ...]) -> T:
    """The frozen value of this class that `pack` gave."""
    return _build(kind, packed)


class Packed(Sequence[T]):
    """A read-only sequence of frozen values of one class, held packed; each is rebuilt when read.

    Equal values, not the same objects: reading an item twice gives two equal values.
    """

    __slots__ = ("_blocks", "_kind", "_length", "_unpacked")

    def __init__(self, kind: type[T], blocks: list[bytes], length: int) -> None:
        self._kind = kind
        self._blocks = blocks
        self._length = length
        self._unpacked: tuple[int, list[Any]] = (-1, [])  # the last block read, as packed tuples

    def __len__(self) -> int:
        return self._length

    def _block(self, number: int) -> list[Any]:
        found, packed = self._unpacked
        if found != number:
            packed = marshal.loads(zlib.decompress(self._blocks[number]))
            self._unpacked = (number, packed)  # one assignment: threads that read at once each get a whole block
        return packed

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self[position] for position in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("packed sequence index out of range")
        return _build(self._kind, self._block(index // BLOCK)[index % BLOCK])

    def __iter__(self) -> Iterator[T]:
        kind = self._kind
        for block in self._blocks:
            for packed in marshal.loads(zlib.decompress(block)):
                yield _build(kind, packed)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)) or len(other) != len(self):
            return NotImplemented if not isinstance(other, Sequence) else False
        return all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Packed({self._kind.__name__}, {self._length} values)"


class Packer(Generic[T]):
    """Collects frozen values of one class in order; `result` gives them as a tuple, or `Packed` past `PACK_AFTER`."""

    def __init__(self, values: Iterable[T] = ()) -> None:
        self._values: list[T] = []
        self._packing: list[Any] = []  # the packed tuples of the block being filled
        self._blocks: list[bytes] = []
        self._kind: type[T] | None = None
        self._length = 0
        self.extend(values)

    def __len__(self) -> int:
        return self._length

    def append(self, value: T) -> None:
        """Add a value at the end."""
        self._length += 1
        if self._kind is None:
            self._kind = type(value)
        if self._blocks or self._packing:
            self._pack(value)
        else:
            self._values.append(value)
            if len(self._values) > PACK_AFTER:
                values, self._values = self._values, []
                for each in values:
                    self._pack(each)

    def extend(self, values: Iterable[T]) -> None:
        """Add values at the end, in order."""
        for value in values:
            self.append(value)

    def _pack(self, value: T) -> None:
        self._packing.append(pack(value))
        if len(self._packing) == BLOCK:
            self._seal()

    def _seal(self) -> None:
        self._blocks.append(zlib.compress(marshal.dumps(self._packing), 1))
        self._packing = []

    def result(self) -> Sequence[T]:
        """The values collected (the packer is emptied)."""
        if not self._blocks and not self._packing:
            values, self._values = tuple(self._values), []
            return values
        if self._packing:
            self._seal()
        assert self._kind is not None
        packed = Packed(self._kind, self._blocks, self._length)
        self._blocks, self._length = [], 0
        return packed


def packed(values: Iterable[T]) -> Sequence[T]:
    """Values as a tuple, or packed when there are more than `PACK_AFTER` of them."""
    return Packer(values).result()


class Joined(Sequence[T]):
    """Sequences read as one, in order (the notes of every document, say), without copying them."""

    __slots__ = ("_parts", "_starts")

    def __init__(self, parts: Sequence[Sequence[T]]) -> None:
        self._parts = parts
        self._starts = list(accumulate((len(part) for part in parts), initial=0))

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self[position] for position in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("joined sequence index out of range")
        part = bisect_right(self._starts, index) - 1
        return self._parts[part][index - self._starts[part]]

    def __iter__(self) -> Iterator[T]:
        for part in self._parts:
            yield from part


class Lookup(Mapping[K, V]):
    """A read-only mapping whose values are read when asked for: each key's position, and how to read it.

    Keys iterate in the order of ``positions``; a mapping over a `Packed` sequence holds no value as an object.
    """

    __slots__ = ("_positions", "_read")

    def __init__(self, positions: Mapping[K, int], read: Callable[[int], V]) -> None:
        self._positions = positions
        self._read = read

    def __getitem__(self, key: K) -> V:
        return self._read(self._positions[key])

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def __iter__(self) -> Iterator[K]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)

    def __repr__(self) -> str:
        return f"Lookup({len(self)} keys)"
