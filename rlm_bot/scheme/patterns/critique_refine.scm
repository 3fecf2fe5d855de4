;; Pattern 4 — critique-refine: draft, critique, revise until the critic approves or rounds run
;; out. Calls: 1 + 2 x rounds (at most). Latency: the same number of sequential round trips.
(define (critique-refine task #:data [data ""] #:writer [writer #f] #:critic [critic #f]
                         #:rounds [rounds 2] #:approve [approve "APPROVED"])
  (let loop ([draft (rlm:text (llm-query #:instruction task #:data data #:model writer))] [k 0])
    (if (>= k rounds)
        draft
        (let ([review (rlm:text (llm-query
                             #:instruction (string-append
                                            "Critique this answer to the task. If it needs no change, reply "
                                            approve " only; otherwise list the fixes.\nTask: " task)
                             #:data draft #:model critic))])
          (if (string-contains? review approve)
              draft
              (loop (rlm:text (llm-query
                           #:instruction (string-append "Revise the answer using the critique.\nTask: "
                                                        task "\nCritique: " review)
                           #:data draft #:model writer))
                    (+ k 1)))))))
