;; Pattern 7 — speculative execution: start the same request on several models at once and
;; take the first acceptable reply; the rest are cancelled when the run ends. Calls: up to
;; (length models). Latency: the fastest acceptable model.
(define (speculate instruction #:data [data ""] #:models [models (list "gpt-mini" "haiku")]
                   #:accept [accept? (lambda (s) (> (string-length (string-trim s)) 0))]
                   #:max-tokens [max-tokens 512])
  (let loop ([pending (map (lambda (m) (llm-query-async #:instruction instruction #:data data
                                                        #:model m #:max-tokens max-tokens))
                           models)])
    (if (null? pending)
        #f
        (let-values ([(reply rest) (await-any pending)])
          (if (accept? reply) reply (loop rest))))))
