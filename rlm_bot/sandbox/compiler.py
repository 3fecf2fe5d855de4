"""Compile sandboxed code with RestrictedPython plus this sandbox's own rewrites.

On top of RestrictingNodeTransformer (guarded attribute/item/iteration/write access, no
underscore names, no async, no match, no positional-only guard shadowing since 8.3):
- `a ** b` and `a << b` become `_pow_(a, b)` / `_lshift_(a, b)`, which refuse results beyond
  policy.MAX_INT_BITS before one uninterruptible C call builds them;
- a trailing expression statement is stored in `_value_`, so the run can report its value.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

from RestrictedPython import compile_restricted_exec
from RestrictedPython.transformer import RestrictingNodeTransformer, copy_locations

VALUE_NAME = "_value_"
MAX_SOURCE_CHARS = 200_000


class SandboxTransformer(RestrictingNodeTransformer):
    """RestrictedPython's policy plus arithmetic guards and last-value capture."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.node_contents_visit(node)
        guard = {ast.Pow: "_pow_", ast.LShift: "_lshift_"}.get(type(node.op))
        if guard is None:
            return node
        call = ast.Call(func=ast.Name(guard, ast.Load()), args=[node.left, node.right],
                        keywords=[])
        copy_locations(call, node)
        return call

    def visit_Module(self, node: ast.Module) -> ast.AST:
        node = super().visit_Module(node)
        if node.body and isinstance(node.body[-1], ast.Expr):
            last = node.body[-1]
            assign = ast.Assign(targets=[ast.Name(VALUE_NAME, ast.Store())], value=last.value)
            copy_locations(assign, last)
            node.body[-1] = assign
        return node


@dataclass(frozen=True)
class Compiled:
    """A compiled program, or the reasons it was refused."""

    code: object | None
    errors: tuple[str, ...]
    has_value: bool


def compile_sandboxed(source: str, filename: str = "<sandbox>") -> Compiled:
    """Compile `source` under the sandbox policy; never raises for bad user code."""
    if not isinstance(source, str):
        return Compiled(None, ("code must be a string",), False)
    if len(source) > MAX_SOURCE_CHARS:
        return Compiled(None, (f"code longer than {MAX_SOURCE_CHARS:,} characters",), False)
    if "\x00" in source:
        return Compiled(None, ("code contains a NUL character",), False)
    try:
        tree = ast.parse(source, filename, "exec")
    except SyntaxError as exc:
        return Compiled(None, (f"Line {exc.lineno}: SyntaxError: {exc.msg}",), False)
    except (ValueError, RecursionError, MemoryError) as exc:
        return Compiled(None, (f"cannot parse code: {type(exc).__name__}",), False)
    has_value = bool(tree.body) and isinstance(tree.body[-1], ast.Expr)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = compile_restricted_exec(tree, filename, policy=SandboxTransformer)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        return Compiled(None, (f"cannot compile code: {type(exc).__name__}: {exc}",), False)
    if result.errors:
        return Compiled(None, tuple(result.errors), False)
    return Compiled(result.code, (), has_value)
