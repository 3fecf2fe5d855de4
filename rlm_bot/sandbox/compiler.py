"""Compile sandboxed code with RestrictedPython plus this sandbox's own rewrites.

RestrictedPython is pinned to 9.0, the newest release the registry offers (checked 2026-11-21:
9.0, 8.5, 8.4, 8.3, ...): 8.3 closed positional-only parameters shadowing a guard
(CVE-2026-55830), 8.4 string.Formatter.get_field traversal (CVE-2026-76825), earlier releases
the gi_frame walk (CVE-2023-37271), str.format traversal (CVE-2023-41039), AttributeError.obj
(CVE-2024-47532) and try/except* confusion (CVE-2025-22153). Never downgrade it.

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
from RestrictedPython.transformer import (IOPERATOR_TO_STR, RestrictingNodeTransformer,
                                          copy_locations)

VALUE_NAME = "_value_"
MAX_SOURCE_CHARS = 200_000


class SandboxTransformer(RestrictingNodeTransformer):
    """RestrictedPython's policy plus arithmetic guards and last-value capture."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        """`a ** b` -> `_pow_(a, b)`, `a << b` -> `_lshift_(a, b)`."""
        node = self.node_contents_visit(node)
        guard = {ast.Pow: "_pow_", ast.LShift: "_lshift_"}.get(type(node.op))
        if guard is None:
            return node
        call = ast.Call(func=ast.Name(guard, ast.Load()), args=[node.left, node.right],
                        keywords=[])
        copy_locations(call, node)
        return call

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        """`name op= value` stays native (as fast as plain Python) except `**=` and `<<=`.

        RestrictedPython routes every augmented assignment through `_inplacevar_`; on a plain
        name that only duplicates what `name = name op value` may do anyway, so only the
        operators with arithmetic guards keep the call. Attribute and item targets are still
        refused by RestrictedPython.
        """
        if isinstance(node.target, ast.Name) and not isinstance(node.op, (ast.Pow, ast.LShift)):
            return self.node_contents_visit(node)
        if isinstance(node.target, (ast.Subscript, ast.Attribute)):
            return self._augassign_item_or_attr(node)
        return super().visit_AugAssign(node)

    def _augassign_item_or_attr(self, node: ast.AugAssign) -> list[ast.stmt]:
        """`obj[k] op= v` / `obj.a op= v` through the guards, evaluating obj and k once:

            _aug_o_N = obj; _aug_k_N = k
            _write_(_aug_o_N)[_aug_k_N] = _inplacevar_(op, _getitem_(_aug_o_N, _aug_k_N), v)
            del _aug_o_N, _aug_k_N
        (RestrictedPython refuses these outright; counting code such as `counts[w] += 1` needs
        them.) The temporaries start with "_", so sandboxed code can never name them.
        """
        self._aug_counter = getattr(self, "_aug_counter", 0) + 1
        n = self._aug_counter
        target = node.target
        obj_name, key_name = f"_aug_o_{n}", f"_aug_k_{n}"
        stmts: list[ast.stmt] = [
            ast.Assign(targets=[ast.Name(obj_name, ast.Store())], value=self.visit(target.value))]
        if isinstance(target, ast.Subscript):
            stmts.append(ast.Assign(targets=[ast.Name(key_name, ast.Store())],
                                    value=self.visit(target.slice)))
            current = ast.Call(func=ast.Name("_getitem_", ast.Load()),
                               args=[ast.Name(obj_name, ast.Load()),
                                     ast.Name(key_name, ast.Load())], keywords=[])
            store: ast.expr = ast.Subscript(
                value=ast.Call(func=ast.Name("_write_", ast.Load()),
                               args=[ast.Name(obj_name, ast.Load())], keywords=[]),
                slice=ast.Name(key_name, ast.Load()), ctx=ast.Store())
            temps = [obj_name, key_name]
        else:
            if target.attr.startswith("_"):
                self.error(node, f'"{target.attr}" is an invalid attribute name because it '
                                 'starts with "_".')
            current = ast.Call(func=ast.Name("_getattr_", ast.Load()),
                               args=[ast.Name(obj_name, ast.Load()), ast.Constant(target.attr)],
                               keywords=[])
            store = ast.Attribute(
                value=ast.Call(func=ast.Name("_write_", ast.Load()),
                               args=[ast.Name(obj_name, ast.Load())], keywords=[]),
                attr=target.attr, ctx=ast.Store())
            temps = [obj_name]
        value = ast.Call(func=ast.Name("_inplacevar_", ast.Load()),
                         args=[ast.Constant(IOPERATOR_TO_STR[type(node.op)]), current,
                               self.visit(node.value)], keywords=[])
        stmts.append(ast.Assign(targets=[store], value=value))
        stmts.append(ast.Delete(targets=[ast.Name(t, ast.Del()) for t in temps]))
        for stmt in stmts:
            copy_locations(stmt, node)
            ast.fix_missing_locations(stmt)
        return stmts

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        """`x: T = v` runs as `x = v` (annotations are dropped, never evaluated); `x: T` is a no-op."""
        if node.value is None:
            replacement: ast.AST = ast.Pass()
        else:
            replacement = ast.Assign(targets=[node.target], value=node.value)
        copy_locations(replacement, node)
        return self.visit(replacement)

    def visit_Module(self, node: ast.Module) -> ast.AST:
        """A trailing expression statement becomes `_value_ = <expr>`."""
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
