;; Pattern 6 — meta-orchestration: a planner model picks the strategy (direct answer, fan-out
;; over lines, or critique-refine) as JSON, then the program runs it. Calls: 1 + the strategy's.
(define (orchestrate task #:data [data ""] #:planner [planner #f] #:model [model #f])
  (let* ([plan (syntax-e (llm-query
                          #:instruction (string-append
                                         "Choose how to solve the task. Reply with JSON: "
                                         "{\"strategy\": \"direct\" | \"fan-out\" | \"critique-refine\", "
                                         "\"instruction\": \"what each step should do\"}. Task: " task)
                          #:model planner #:json #t #:max-tokens 200))]
         [strategy (hash-ref plan 'strategy "direct")]
         [step (hash-ref plan 'instruction task)])
    (cond [(equal? strategy "fan-out")
           (string-join (fan-out step (string-split data "\n") #:model model) "\n")]
          [(equal? strategy "critique-refine")
           (critique-refine step #:data data #:writer model #:critic model #:rounds 1)]
          [else (rlm:text (llm-query #:instruction step #:data data #:model model))])))
