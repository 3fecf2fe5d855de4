;; Pattern 16 — multi-armed bandit: route a series of tasks across models with UCB1, learning
;; from a reward function which model is worth its cost. Calls: one per task.
;; Latency: one round trip per task (sequential, so each choice learns from the last).
(define (bandit-run tasks arms reward #:explore [explore 1.4] #:max-tokens [max-tokens 256])
  (let ([pulls (make-hash)] [wins (make-hash)] [total 0])
    (define (ucb arm)
      (let ([n (hash-ref pulls arm 0)])
        (if (= n 0)
            +inf.0
            (+ (/ (hash-ref wins arm 0) n) (* explore (sqrt (/ (log (max 1 total)) n)))))))
    (define (choose)
      (let loop ([best (car arms)] [rest (cdr arms)])
        (cond [(null? rest) best]
              [(> (ucb (car rest)) (ucb best)) (loop (car rest) (cdr rest))]
              [else (loop best (cdr rest))])))
    (let ([answers
           (map (lambda (task)
                  (let* ([arm (choose)]
                         [answer (rlm:text (llm-query #:instruction task #:model arm #:max-tokens max-tokens))]
                         [r (reward task answer)])
                    (set! total (+ total 1))
                    (hash-set! pulls arm (+ 1 (hash-ref pulls arm 0)))
                    (hash-set! wins arm (+ r (hash-ref wins arm 0)))
                    answer))
                tasks)])
      (list answers (map (lambda (a) (list a (hash-ref pulls a 0) (hash-ref wins a 0))) arms)))))
