;; Pattern 13 — anytime algorithm: answer at once, then keep improving while budget and rounds
;; remain; always holds the best answer so far (checkpointed). Calls: 1 + rounds.
;; Latency: as long as you let it run; stop early any time.
(define (anytime task score #:rounds [rounds 3] #:reserve [reserve 300] #:model [model #f]
                 #:key [key #f])
  (let loop ([best (rlm:text (llm-query #:instruction task #:model model))] [k 0])
    (when key (checkpoint! key best))
    (if (or (>= k rounds) (< (tokens-remaining) reserve))
        best
        (let ([next (with-handlers ([exn:fail? (lambda (e) #f)])
                      (rlm:text (llm-query #:instruction (string-append "Improve this answer to the task.\nTask: " task)
                                       #:data best #:model model)))])
          (loop (if (and next (> (score next) (score best))) next best) (+ k 1))))))
