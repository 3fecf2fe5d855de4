"""Every special form and primitive the issue lists is present (by name)."""

from __future__ import annotations

import pytest

from rlm_bot.scheme.compiler import SPECIAL_FORMS
from rlm_bot.scheme.run import builtin_table
from rlm_bot.scheme.values import Procedure, sym

FORMS = """define lambda case-lambda let let* letrec letrec* set! if cond case when unless and or begin
do quote quasiquote define-values let-values let*-values parameterize with-handlers for for/list
for/fold for/sum for/and for/or for/hash define-struct struct match define-syntax define-syntax-rule""".split()

PRIMITIVES = """+ - * / quotient remainder modulo expt sqrt exp log floor ceiling round truncate abs min max
exact inexact exact->inexact inexact->exact number->string string->number add1 sub1 zero? positive?
negative? even? odd? = < > <= >= number? integer? random first second third rest last take drop
list-tail append reverse length list-ref member memq assoc assq map for-each filter remove
remove-duplicates foldl foldr apply sort andmap ormap count argmin argmax range build-list flatten
partition append-map filter-map index-of iota string-append substring string-length string-upcase
string-downcase string-join string-split string-trim string-replace string-contains? string-prefix?
string-suffix? string->list list->string string-ref string=? string<? format printf ~a ~s
string->symbol symbol->string make-string regexp-match regexp-match* regexp-replace regexp-replace*
regexp-split regexp-match? hash-ref hash-set! hash-set hash-update! hash-remove! hash-keys hash-values
hash->list hash-count hash-has-key? make-hash hash vector make-vector vector-ref vector-set!
vector-length vector->list list->vector string->jsexpr jsexpr->string eq? eqv? equal? error raise
exn-message exn:fail? display displayln write newline make-parameter values call-with-values
in-range in-list in-naturals in-hash in-vector in-string void finish""".split()


@pytest.mark.parametrize("name", FORMS)
def test_coverage_special_form_exists(name: str) -> None:
    builtin_table()  # registers the special forms too
    assert sym(name) in SPECIAL_FORMS


@pytest.mark.parametrize("name", PRIMITIVES)
def test_coverage_primitive_exists(name: str) -> None:
    assert isinstance(builtin_table().get(name), Procedure), name


@pytest.mark.parametrize("name", ["eval", "exit", "system", "getenv", "open-input-file", "load",
                                  "current-namespace", "namespace-require", "dynamic-require",
                                  "file->string", "process", "subprocess", "tcp-connect"])
def test_coverage_host_access_is_absent(name: str) -> None:
    builtin_table()
    assert name not in builtin_table() and sym(name) not in SPECIAL_FORMS
