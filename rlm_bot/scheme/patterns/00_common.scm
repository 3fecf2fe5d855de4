;; Helpers shared by the pattern procedures.

;; (chunk-list lst n) -> list of lists of at most n elements, in order
(define (chunk-list lst n)
  (let loop ([rest lst] [acc '()])
    (if (null? rest)
        (reverse acc)
        (let take ([r rest] [k n] [chunk '()])
          (if (or (null? r) (= k 0))
              (loop r (cons (reverse chunk) acc))
              (take (cdr r) (- k 1) (cons (car r) chunk)))))))

;; (text v) -> v as a string: syntax unwrapped, non-strings written out
(define (text v)
  (let ([v (syntax-e v)])
    (if (string? v) v (format "~a" v))))

;; (normalize-answer s) -> trimmed, lower-case text for comparing answers
(define (normalize-answer s)
  (string-downcase (string-trim (text s))))

;; (tally answers) -> list of (answer . count), most frequent first (ties: first seen first)
(define (tally answers)
  (let ([counts (make-hash)] [order '()])
    (for-each (lambda (a)
                (let ([k (normalize-answer a)])
                  (unless (hash-ref counts k #f) (set! order (cons k order)))
                  (hash-set! counts k (+ 1 (hash-ref counts k 0)))))
              answers)
    (let ([pairs (map (lambda (k) (cons k (hash-ref counts k))) (reverse order))])
      (sort pairs (lambda (a b) (> (cdr a) (cdr b)))))))
