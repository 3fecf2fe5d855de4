;; Pattern 12 — backtracking search: the model proposes candidate next steps (JSON list), a
;; checker prunes them, and the search backs up on dead ends. Calls: at most max-nodes.
;; Latency: one round trip per expanded node.
(define (backtrack task valid? done? #:branching [branching 3] #:max-depth [max-depth 4]
                   #:max-nodes [max-nodes 20] #:model [model #f])
  (define expanded 0)
  (define (propose path)
    (set! expanded (+ expanded 1))
    (let ([r (syntax-e (llm-query
                        #:instruction (string-append "Task: " task "\nSteps so far: " (format "~s" path)
                                                     "\nPropose up to " (number->string branching)
                                                     " next steps as a JSON list of strings.")
                        #:model model #:json #t #:max-tokens 200))])
      (if (list? r) (filter string? r) '())))
  (let search ([path '()] [depth 0])
    (cond [(done? path) path]
          [(or (>= depth max-depth) (>= expanded max-nodes)) #f]
          [else
           (let try ([candidates (propose path)])
             (cond [(null? candidates) #f]
                   [(valid? (append path (list (car candidates))))
                    (or (search (append path (list (car candidates))) (+ depth 1))
                        (try (cdr candidates)))]
                   [else (try (cdr candidates))]))])))
