"""Environments: global cells, and the compile-time scopes that give locals fixed slots.

At run time a local frame is a Python list `[parent_frame, slot1, slot2, ...]`; the compiler
resolves every local variable to (frames up, slot), so no name is looked up while running.
Globals live in `Cell`s of a `GlobalEnv` (one per `Session`, or per run), so a program that
redefines `+` or `map` changes only its own session.
"""

from __future__ import annotations

from typing import Any, Iterable

from rlm_bot.scheme.values import UNDEFINED, Symbol


class Cell:
    """A global variable's box."""

    __slots__ = ("value", "name")

    def __init__(self, name: Symbol, value: Any = UNDEFINED) -> None:
        self.name = name
        self.value = value


class GlobalEnv:
    """The top-level environment of a session: symbol -> Cell."""

    def __init__(self, bindings: dict[Symbol, Any] | None = None) -> None:
        self.cells: dict[Symbol, Cell] = {}
        for name, value in (bindings or {}).items():
            self.cells[name] = Cell(name, value)

    def cell(self, name: Symbol) -> Cell:
        """The cell of `name`, created unbound if new (a later `define` fills it)."""
        cell = self.cells.get(name)
        if cell is None:
            cell = self.cells[name] = Cell(name)
        return cell

    def define(self, name: str | Symbol, value: Any) -> None:
        """Bind `name` at top level (used to install primitives)."""
        key = name if isinstance(name, Symbol) else Symbol.intern(name)
        self.cell(key).value = value

    def lookup(self, name: str | Symbol) -> Any:
        """The value of a global, or UNDEFINED."""
        key = name if isinstance(name, Symbol) else Symbol.intern(name)
        cell = self.cells.get(key)
        return UNDEFINED if cell is None else cell.value


class CompileScope:
    """Compile-time view of one run-time frame: which symbol sits in which slot."""

    __slots__ = ("slots", "checked", "parent", "macros")

    def __init__(self, names: Iterable[Symbol], parent: CompileScope | None, checked: bool = False) -> None:
        self.slots: dict[Symbol, int] = {}
        self.checked: set[Symbol] = set()
        self.parent = parent
        self.macros: dict | None = None  # local define-syntax transformers
        for name in names:
            self.add(name, checked)

    def add(self, name: Symbol, checked: bool = True) -> int:
        """Give `name` the next slot; `checked` slots may be read before they are assigned."""
        slot = self.slots.get(name)
        if slot is None:
            slot = self.slots[name] = len(self.slots) + 1
        if checked:
            self.checked.add(name)
        return slot

    @property
    def size(self) -> int:
        """Number of slots (the frame is one longer: slot 0 is the parent)."""
        return len(self.slots)

    def resolve(self, name: Symbol) -> tuple[int, int, bool] | None:
        """(frames up, slot, needs an unassigned check) or None for a global."""
        scope, up = self, 0
        while scope is not None:
            slot = scope.slots.get(name)
            if slot is not None:
                return up, slot, name in scope.checked
            scope, up = scope.parent, up + 1
        return None
