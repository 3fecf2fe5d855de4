"""Futures, await*, map-async: real concurrency seen at the provider, caps, order, cancellation."""

from __future__ import annotations

import time

import pytest

from testing.fakes.openai_server import Reply
from tests.helpers.runtime import run_ok


def test_llm_query_async_starts_at_once_and_await_returns_the_string(rt, fake_llm):
    fake_llm.set_latency(0.3)
    out = run_ok(rt, '(define fs (map (lambda (i) (llm-query-async #:instruction (format "q~a" i))) (range 5)))'
                     "(finish (await-all fs))")
    calls = fake_llm.chat_calls
    assert max(c.ended for c in calls) - min(c.started for c in calls) < 1.2  # parallel, not 5 x 0.3 s
    assert fake_llm.max_concurrency == 5
    assert out.to_dict()["value"] == [f"OK"] * 5


def test_await_passes_plain_values_through(rt):
    out = run_ok(rt, '(finish (list (await 5) (await-all (list "a" 2))))')
    assert out.to_dict()["value"] == [5, ["a", 2]]


def test_await_all_keeps_input_order_whatever_finishes_first(rt, fake_llm):
    fake_llm.rule(lambda req: Reply(req.last_user, latency=0.4 if "slow" in req.last_user else 0.01))
    out = run_ok(rt, '(finish (await-all (list (llm-query-async #:instruction "slow one")'
                     ' (llm-query-async #:instruction "fast one"))))')
    assert out.to_dict()["value"] == ["slow one", "fast one"]


def test_await_any_returns_the_first_finished_and_the_rest(rt, fake_llm):
    fake_llm.rule(lambda req: Reply(req.last_user, latency=0.6 if "slow" in req.last_user else 0.02))
    out = run_ok(rt, '(define-values (first rest) (await-any (list (llm-query-async #:instruction "slow")'
                     ' (llm-query-async #:instruction "fast"))))'
                     "(finish (list first (length rest) (await (car rest))))")
    assert out.to_dict()["value"] == ["fast", 1, "slow"]


def test_map_async_caps_calls_in_flight_and_keeps_order(rt, fake_llm):
    fake_llm.set_latency(0.4)  # long enough that the 4th request goes out before the 1st comes back
    fake_llm.rule(lambda req: req.last_user.upper())
    out = run_ok(rt, '(finish (map-async (lambda (x) (llm-query-async #:instruction x))'
                     ' (map (lambda (i) (format "item~a" i)) (range 12)) #:max-concurrent 4))')
    assert out.to_dict()["value"] == [f"ITEM{i}" for i in range(12)]
    assert fake_llm.max_concurrency == 4


def test_map_async_runs_blocking_llm_query_concurrently(rt, fake_llm):
    fake_llm.set_latency(0.25)
    out = run_ok(rt, '(finish (map-async (lambda (x) (string-append "<" (syntax-e (llm-query #:instruction x)) ">"))'
                     ' (list "a" "b" "c" "d" "e" "f") #:max-concurrent 3))')
    calls = fake_llm.chat_calls
    elapsed = max(c.ended for c in calls) - min(c.started for c in calls)
    assert out.to_dict()["value"] == ["<OK>"] * 6
    assert fake_llm.max_concurrency == 3
    assert elapsed < 6 * 0.25  # concurrent, not serial


def test_map_async_default_concurrency_is_ten(rt, fake_llm):
    # Requests go out one after another (the send gate); on a loaded machine building one can take
    # tens of ms, so the reply latency must cover ten of them for ten to be seen in flight at once.
    fake_llm.set_latency(0.6)
    run_ok(rt, "(map-async (lambda (x) (llm-query-async #:instruction \"hi\")) (range 25))")
    assert fake_llm.max_concurrency == 10


def test_map_async_clamps_degenerate_concurrency(rt, fake_llm):
    out = run_ok(rt, '(finish (list (with-handlers ([exn:fail? (lambda (e) "refused")])'
                     " (map-async (lambda (x) x) '(1 2) #:max-concurrent 0))"
                     " (with-handlers ([exn:fail? (lambda (e) \"refused\")])"
                     " (map-async (lambda (x) x) '(1 2) #:max-concurrent -1))"
                     " (map-async (lambda (x) (* x 10)) '(1 2) #:max-concurrent 1000000000)))")
    assert out.to_dict()["value"] == ["refused", "refused", [10, 20]]


def test_map_async_error_in_f_is_catchable(rt):
    out = run_ok(rt, '(finish (with-handlers ([exn:fail? (lambda (e) (exn-message e))])'
                     ' (map-async (lambda (x) (if (= x 3) (error "bad item") x)) (range 6))))')
    assert "bad item" in out.value


def test_map_async_sees_parameterize_of_its_caller(rt, fake_llm):
    out = run_ok(rt, "(finish (parameterize ([token-budget 5000])"
                     " (map-async (lambda (x) (tokens-remaining)) (range 3))))")
    assert out.to_dict()["value"] == [5000, 5000, 5000]


def test_unawaited_futures_are_cancelled_when_the_run_ends(rt, fake_llm):
    fake_llm.rule(lambda req: Reply("x", latency=5.0 if "never" in req.last_user else 0.2))
    started = time.monotonic()
    out = run_ok(rt, '(llm-query-async #:instruction "never awaited")'
                     ' (llm-query #:instruction "meanwhile") (finish "done")')
    assert out.value == "done" and out.cancelled >= 1
    assert time.monotonic() - started < 3
    fake_llm.wait_for_calls(1)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(c.outcome == "pending" for c in fake_llm.chat_calls):
        time.sleep(0.02)
    never = [c for c in fake_llm.chat_calls if "never" in c.messages[-1]["content"]][0]
    assert never.outcome == "disconnected"


def test_cancel_call_by_id_fails_the_await_with_a_clear_error(rt, fake_llm):
    import threading

    fake_llm.set_latency(3.0)

    def cancel_soon():
        fake_llm.wait_for_calls(1)
        time.sleep(0.1)
        ids = [k for k, f in rt.run.futures.items()]
        assert rt.cancel_call(ids[0])

    t = threading.Thread(target=cancel_soon)
    t.start()
    started = time.monotonic()
    out = run_ok(rt, '(finish (with-handlers ([exn:fail? (lambda (e) (exn-message e))])'
                     ' (await (llm-query-async #:instruction "slow"))))')
    t.join()
    assert "cancel" in out.value
    assert time.monotonic() - started < 2.5


def test_async_flood_hits_a_clean_cap(make_runtime, fake_llm):
    rt = make_runtime(RLM_RUN_MAX_CALLS="40")
    fake_llm.set_latency(0.05)
    out = rt.execute('(let loop ((i 0)) (llm-query-async "hi") (loop (+ i 1)))', timeout=20)
    assert not out.ok and ("cap" in out.error or "in flight" in out.error)
    assert len(fake_llm.chat_calls) <= 40


@pytest.mark.slow
def test_map_async_over_a_million_items_ends_with_a_clear_error_not_a_bill(make_runtime, fake_llm):
    rt = make_runtime(RLM_RUN_MAX_CALLS="30")
    out = rt.execute('(map-async (lambda (i) (llm-query #:instruction "hi" #:max-tokens 5))'
                     ' (range 1000000) #:max-concurrent 100000)', timeout=30)
    assert not out.ok and ("budget" in out.error or "cap" in out.error)
    assert len(fake_llm.chat_calls) <= 30
    assert fake_llm.max_concurrency <= 100


def test_timeout_stops_spinning_workers(make_runtime):
    # the step cap out of reach: on a quiet machine 1,000 spinning workers pass 10M steps in < 1.5 s
    rt = make_runtime(RLM_SCHEME_MAX_STEPS="1000000000")
    started = time.monotonic()
    out = rt.execute("(map-async (lambda (x) (let loop () (loop))) (range 1000) #:max-concurrent 1000)",
                     timeout=1.5)
    assert not out.ok and "time" in out.error
    assert time.monotonic() - started < 6
    time.sleep(0.3)
    import threading

    assert not [t for t in threading.enumerate() if t.name.startswith("rlm-map") and t.is_alive()]


def test_a_failing_item_cancels_the_maps_other_calls(rt, fake_llm):
    # item 0's own call answers after 1 s, so the other items' calls have surely been sent (they go
    # out one at a time; on a loaded runner 50 ms was not always enough) and are in flight to cancel
    fake_llm.rule(lambda req: Reply("x", latency=8.0 if "slow" in req.last_user else 1.0))
    out = run_ok(rt, '(finish (with-handlers ([exn:fail? exn-message])'
                     ' (map-async (lambda (i) (if (= i 0) (begin (llm-query #:instruction "fast") (error "item 0 failed"))'
                     '                          (syntax-e (llm-query #:instruction "slow"))))'
                     '  (range 4) #:max-concurrent 4)))')
    assert out.value.startswith("item 0 failed")
    slow = [c for c in fake_llm.chat_calls if "slow" in c.messages[-1]["content"]]
    assert out.elapsed_ms < 5000 and slow


def test_runs_await_model_calls_on_the_clients_own_loop(rt):
    rt.gateway.warm()
    client = rt.gateway.client
    assert rt.gateway.event_loop() is client.event_loop()  # the public accessor, no thread hop per call


@pytest.mark.slow
def test_map_async_through_litellm_worker_processes(make_runtime, fake_llm):
    rt = make_runtime(RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="2")
    assert len(rt.gateway.client.start_workers(timeout=120)) == 2
    fake_llm.set_latency(0.05)
    out = run_ok(rt, '(finish (map-async (lambda (i) (llm-query-async #:instruction (format "q~a" i)))'
                     ' (range 20) #:max-concurrent 10))', timeout=120)
    assert out.to_dict()["value"] == ["OK"] * 20 and out.calls == 20
    status = rt.gateway.status()
    assert len(status["worker_pids"]) == 2 and status["ok"] == 20
    assert fake_llm.max_concurrency <= 10 and len(fake_llm.chat_calls) == 20
