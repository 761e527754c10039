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
from array import array
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


def _unpacked(block: bytes) -> list[Any]:
    """A block's values as `pack` gave them."""
    values: list[Any] = marshal.loads(zlib.decompress(block))
    return values


class Positional(Sequence[T]):
    """A read-only sequence that reads each item by its position (`_at`): slices and negative positions here."""

    __slots__ = ()

    def _at(self, index: int) -> T:
        """The item at `index`, which is within the sequence."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        length = len(self)
        if isinstance(index, slice):
            return tuple(map(self._at, range(*index.indices(length))))
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._at(index)


class Packed(Positional[T]):
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
            packed = _unpacked(self._blocks[number])
            self._unpacked = (number, packed)  # one assignment: threads that read at once each get a whole block
        return packed

    def _at(self, index: int) -> T:
        return _build(self._kind, self._block(index // BLOCK)[index % BLOCK])

    def __iter__(self) -> Iterator[T]:
        kind = self._kind
        for block in self._blocks:
            for packed in _unpacked(block):
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
    """Collects frozen values of one class in order; `result` gives them as a tuple, or `Packed` past `PACK_AFTER`.

    The values can be read back by position while they are collected, and after.
    """

    def __init__(self, values: Iterable[T] = ()) -> None:
        self._values: list[T] = []
        self._packing: list[Any] = []  # the packed tuples of the block being filled
        self._blocks: list[bytes] = []
        self._kind: type[T] | None = None
        self._read: tuple[int, list[Any]] = (-1, [])  # the last sealed block read back
        self._done: Sequence[T] | None = None
        self._packed = 0
        self.extend(values)

    def __len__(self) -> int:
        return len(self._values) + self._packed

    def __getitem__(self, index: int) -> T:
        """A value collected so far."""
        if self._done is not None:
            return self._done[index]
        if self._values:
            return self._values[index]
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError("packer index out of range")
        block, at = divmod(index, BLOCK)
        if block == len(self._blocks):
            packed = self._packing[at]
        else:
            if self._read[0] != block:
                self._read = (block, _unpacked(self._blocks[block]))
            packed = self._read[1][at]
        assert self._kind is not None
        return _build(self._kind, packed)

    def append(self, value: T) -> None:
        """Add a value at the end."""
        values = self._values
        if len(values) < PACK_AFTER and not self._blocks and not self._packing and self._done is None:
            values.append(value)
            return
        if self._done is not None:
            raise ValueError("the values were given out: no more can be added")
        self._kind = type(value)
        self._values = []
        for each in values:
            self._pack(each)
        self._pack(value)

    def extend(self, values: Iterable[T]) -> None:
        """Add values at the end, in order."""
        for value in values:
            self.append(value)

    def _pack(self, value: T) -> None:
        self._packed += 1
        self._packing.append(pack(value))
        if len(self._packing) == BLOCK:
            self._seal()

    def _seal(self) -> None:
        self._blocks.append(zlib.compress(marshal.dumps(self._packing), 1))
        self._packing = []

    def result(self) -> Sequence[T]:
        """The values collected: once asked for, no more can be added."""
        if self._done is None:
            if not self._blocks and not self._packing:
                self._done, self._values = tuple(self._values), []
            else:
                if self._packing:
                    self._seal()
                assert self._kind is not None
                self._done = Packed(self._kind, self._blocks, len(self))
        return self._done


def packed(values: Iterable[T]) -> Sequence[T]:
    """Values as a tuple, or packed when there are more than `PACK_AFTER` of them."""
    return Packer(values).result()


class Joined(Positional[T]):
    """Sequences read as one, in order (the notes of every document, say), without copying them."""

    __slots__ = ("_parts", "_starts")

    def __init__(self, parts: Sequence[Sequence[T]]) -> None:
        self._parts = parts
        self._starts = list(accumulate((len(part) for part in parts), initial=0))

    def __len__(self) -> int:
        return self._starts[-1]

    def _at(self, index: int) -> T:
        part = bisect_right(self._starts, index) - 1
        return self._parts[part][index - self._starts[part]]

    def __iter__(self) -> Iterator[T]:
        for part in self._parts:
            yield from part


class KeyIndex(Mapping[str, int]):
    """Keys (strings) → positions in a sequence, each key added once with the first position given for it.

    A dict while it holds up to `PACK_AFTER` keys; past that, an open-addressing table of each key's hash (32 bits
    of it) and position in two arrays, the key read back from the sequence (``key_at``) to confirm a match: some
    20 bytes a key, where a dict holds its strings and its numbers too (some 150).
    """

    __slots__ = ("_hashes", "_key_at", "_keys", "_order", "_positions")

    def __init__(self, key_at: Callable[[int], str]) -> None:
        self._key_at = key_at
        self._keys: dict[str, int] | None = {}
        self._hashes = array("I")
        self._positions = array("i")
        self._order = array("i")
        """The positions in the order their keys were added (the keys' order)."""

    def add(self, key: str, position: int) -> int:
        """The position of `key`: the one given when it was first added (`position` if it is new)."""
        if self._keys is not None:
            found = self._keys.setdefault(key, position)
            if len(self._keys) > PACK_AFTER:
                self._table(self._keys)
            return found
        slot, digest = self._slot(key)
        if self._positions[slot] >= 0:
            return self._positions[slot]
        self._hashes[slot], self._positions[slot] = digest, position
        self._order.append(position)
        if 2 * len(self._order) > len(self._positions):
            self._grow()
        return position

    def _table(self, keys: dict[str, int]) -> None:
        size = 1 << (4 * len(keys)).bit_length()
        self._hashes, self._positions = array("I", [0]) * size, array("i", [-1]) * size
        self._order = array("i", keys.values())
        self._keys = None
        for key, position in keys.items():
            slot, digest = self._slot(key)
            self._hashes[slot], self._positions[slot] = digest, position

    def _grow(self) -> None:
        old = zip(self._hashes, self._positions, strict=True)
        self._hashes = array("I", [0]) * (2 * len(self._positions))
        self._positions = array("i", [-1]) * len(self._hashes)
        for digest, position in old:
            if position >= 0:
                slot = self._free(digest)
                self._hashes[slot], self._positions[slot] = digest, position

    def _free(self, digest: int) -> int:
        """The first empty slot a hash visits (CPython's dict probing)."""
        mask = len(self._positions) - 1
        slot, perturb = digest & mask, digest
        while self._positions[slot] >= 0:
            perturb >>= 5
            slot = (5 * slot + 1 + perturb) & mask
        return slot

    def _slot(self, key: str) -> tuple[int, int]:
        """The slot that holds `key`, or the empty slot where it would go; and its hash."""
        digest = hash(key) & 0xFFFFFFFF
        mask = len(self._positions) - 1
        slot, perturb = digest & mask, digest
        while (position := self._positions[slot]) >= 0:
            if self._hashes[slot] == digest and self._key_at(position) == key:
                break
            perturb >>= 5
            slot = (5 * slot + 1 + perturb) & mask
        return slot, digest

    def __getitem__(self, key: str) -> int:
        if self._keys is not None:
            return self._keys[key]
        if not isinstance(key, str):
            raise KeyError(key)
        position = self._positions[self._slot(key)[0]]
        if position < 0:
            raise KeyError(key)
        return position

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys) if self._keys is not None else map(self._key_at, self._order)

    def __len__(self) -> int:
        return len(self._keys) if self._keys is not None else len(self._order)


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
