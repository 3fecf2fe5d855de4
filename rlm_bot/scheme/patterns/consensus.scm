;; Pattern 11 — consensus protocol: several models answer, then see each other's answers and
;; may revise, until all agree or rounds run out (then the majority). Calls: m x rounds.
;; Latency: rounds x one parallel round trip.
(define (consensus question #:models [models (list "gpt-mini" "haiku" "sonnet")] #:rounds [rounds 3])
  (let loop ([answers (await-all (map (lambda (m)
                                        (llm-query-async #:instruction (string-append question "\nAnswer briefly.")
                                                         #:model m #:max-tokens 64))
                                      models))]
             [k 1])
    (let ([counts (rlm:tally answers)])
      (if (or (= (length counts) 1) (>= k rounds))
          (car (car counts))
          (loop (await-all
                 (map (lambda (m)
                        (llm-query-async
                         #:instruction (string-append question
                                                      "\nOther answers so far: " (string-join answers " | ")
                                                      "\nGive your final brief answer.")
                         #:model m #:max-tokens 64))
                      models))
                (+ k 1))))))
