"""Structures: (struct name [parent] (field ...) option ...) and (define-struct name (field ...)).

Options: #:transparent, #:mutable, #:prefab (treated as transparent), #:constructor-name id,
#:extra-constructor-name id; a field may be [field #:mutable]. Defines the constructor,
`name?`, `name-field` accessors and, for mutable fields, `set-name-field!`.
"""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.compiler import DEFINERS, special
from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.primitives.base import contract
from rlm_bot.scheme.values import (
    VOID, Keyword, Primitive, Struct, StructType, Symbol, list_to_py, sym,
)


def _parse(head: str, args: list) -> dict | None:
    if not args or type(args[0]) is not Symbol:
        return None
    name = args[0].name
    rest = args[1:]
    parent = None
    if rest and type(rest[0]) is Symbol:
        parent, rest = rest[0], rest[1:]
    if not rest or list_to_py(rest[0]) is None:
        return None
    fields, mutable_fields = [], set()
    for f in list_to_py(rest[0]):
        if type(f) is Symbol:
            fields.append(f.name)
            continue
        spec = list_to_py(f) or []
        if not spec or type(spec[0]) is not Symbol:
            return None
        fields.append(spec[0].name)
        if Keyword.intern("mutable") in spec:
            mutable_fields.add(spec[0].name)
    opts = rest[1:]
    flags = {o.name for o in opts if type(o) is Keyword}
    ctor = f"make-{name}" if head == "define-struct" else name
    extra = None
    for i, o in enumerate(opts):
        if type(o) is Keyword and o.name == "constructor-name" and i + 1 < len(opts):
            ctor = opts[i + 1].name
        if type(o) is Keyword and o.name == "extra-constructor-name" and i + 1 < len(opts):
            extra = opts[i + 1].name
    mutable = "mutable" in flags
    return {"name": name, "parent": parent, "fields": fields, "ctor": ctor, "extra": extra,
            "transparent": bool(flags & {"transparent", "prefab"}),
            "mutable": {f for f in fields if mutable or f in mutable_fields}}


def struct_names(head: str, args: list) -> list[Symbol]:
    """Every name a struct definition binds (for the internal-definition pre-scan)."""
    spec = _parse(head, args)
    if spec is None:
        return []
    name = spec["name"]
    names = [spec["ctor"], f"{name}?", f"struct:{name}"] + [f"{name}-{f}" for f in spec["fields"]]
    names += [f"set-{name}-{f}!" for f in spec["fields"] if f in spec["mutable"]]
    if spec["extra"]:
        names.append(spec["extra"])
    return [sym(n) for n in names]


DEFINERS["struct"] = DEFINERS["define-struct"] = struct_names


def _is_instance(v: Any, stype: StructType) -> bool:
    if type(v) is not Struct:
        return False
    t = v.type
    while t is not None:
        if t is stype:
            return True
        t = t.parent
    return False


def _build(spec: dict, parent: StructType | None) -> dict[str, Any]:
    name = spec["name"]
    parent_fields = _all_fields(parent)
    stype = StructType(name, spec["fields"], spec["transparent"], bool(spec["mutable"]), parent)
    nfields = len(parent_fields) + len(spec["fields"])
    out: dict[str, Any] = {f"struct:{name}": stype}

    def construct(*args):
        if len(args) != nfields:
            raise SchemeError(f"{spec['ctor']}: arity mismatch; expected {nfields} arguments, given "
                              f"{len(args)}", kind="fail:contract:arity")
        return Struct(stype, list(args))

    out[spec["ctor"]] = Primitive(spec["ctor"], construct)
    if spec["extra"]:
        out[spec["extra"]] = Primitive(spec["extra"], construct)
    out[f"{name}?"] = Primitive(f"{name}?", lambda v: _is_instance(v, stype))
    for i, field in enumerate(spec["fields"], start=len(parent_fields)):
        out[f"{name}-{field}"] = Primitive(f"{name}-{field}", _accessor(stype, name, field, i))
        if field in spec["mutable"]:
            out[f"set-{name}-{field}!"] = Primitive(f"set-{name}-{field}!", _mutator(stype, name, field, i))
    return out


def _all_fields(t: StructType | None) -> list[str]:
    out: list[str] = []
    while t is not None:
        out = t.fields + out
        t = t.parent
    return out


def _accessor(stype, name, field, i):
    def get(v):
        if not _is_instance(v, stype):
            raise contract(f"{name}-{field}", f"{name}?", v)
        return v.fields[i]

    return get


def _mutator(stype, name, field, i):
    def set_(v, x):
        if not _is_instance(v, stype):
            raise contract(f"set-{name}-{field}!", f"{name}?", v)
        v.fields[i] = x
        return VOID

    return set_


# (struct name [parent] (field ...) option ...) / (define-struct name (field ...) option ...)
@special("struct", "define-struct")
def struct_form(c, x, scope, tail, depth):
    """Compile (struct name [parent] (field ...) option ...) / (define-struct name (field ...) option ...)"""
    head = x.car.name
    args = list_to_py(x.cdr) or []
    spec = _parse(head, args)
    if spec is None:
        raise c.error(f"{head}: bad syntax; expected ({head} name (field ...) option ...)", x)
    parent_ref = c.variable(sym(f"struct:{spec['parent'].name}"), scope) if spec["parent"] else None
    targets = [(n, definition_setter(c, n, scope, x)) for n in struct_names(head, args)]

    def define_struct(env):
        parent = parent_ref(env) if parent_ref is not None else None
        if parent is not None and type(parent) is not StructType:
            raise SchemeError(f"{head}: parent is not a structure type", kind="fail:contract")
        values = _build(spec, parent)
        for name, assign in targets:
            assign(env, values[name.name])
        return VOID

    return define_struct


def definition_setter(c, name: Symbol, scope, where):
    """A node-side setter of a defined name: its global cell, or its slot in `scope`."""
    if scope is None:
        cell = c.genv.cell(name)

        def set_global(env, value):
            cell.value = value

        return set_global
    slot = scope.slots.get(name)
    if slot is None:
        raise c.error(f"struct: not allowed in an expression context: {name.name}", where)

    def set_local(env, value):
        env[slot] = value

    return set_local
