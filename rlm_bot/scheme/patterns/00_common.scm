;; Helpers shared by the pattern procedures (prefixed rlm: so a program's own definitions
;; such as `text` or `tally` cannot change how the patterns behave).

;; (rlm:chunk-list lst n) -> list of lists of at most n elements, in order
(define (rlm:chunk-list lst n)
  (let loop ([rest lst] [acc '()])
    (if (null? rest)
        (reverse acc)
        (let take ([r rest] [k n] [chunk '()])
          (if (or (null? r) (= k 0))
              (loop r (cons (reverse chunk) acc))
              (take (cdr r) (- k 1) (cons (car r) chunk)))))))

;; (rlm:text v) -> v as a string: syntax unwrapped, non-strings written out
(define (rlm:text v)
  (let ([v (syntax-e v)])
    (if (string? v) v (format "~a" v))))

;; (rlm:normalize-answer s) -> trimmed, lower-case text for comparing answers
(define (rlm:normalize-answer s)
  (string-downcase (string-trim (rlm:text s))))

;; (rlm:tally answers) -> list of (answer . count), most frequent first (ties: first seen first)
(define (rlm:tally answers)
  (let ([counts (make-hash)] [order '()])
    (for-each (lambda (a)
                (let ([k (rlm:normalize-answer a)])
                  (unless (hash-ref counts k #f) (set! order (cons k order)))
                  (hash-set! counts k (+ 1 (hash-ref counts k 0)))))
              answers)
    (let ([pairs (map (lambda (k) (cons k (hash-ref counts k))) (reverse order))])
      (sort pairs (lambda (a b) (> (cdr a) (cdr b)))))))

;; (rlm:string-find s pattern [start]) -> index of the first occurrence at or after start, or #f
(define (rlm:string-find s pattern [start 0])
  (let ([n (string-length s)] [m (string-length pattern)])
    (let loop ([i start])
      (cond [(> (+ i m) n) #f]
            [(string=? (substring s i (+ i m)) pattern) i]
            [else (loop (+ i 1))]))))

;; (rlm:text-hash s) -> a deterministic polynomial hash of s (the same in every run and process)
(define (rlm:text-hash s)
  (let loop ([i 0] [h 7])
    (if (= i (string-length s))
        h
        (loop (+ i 1) (modulo (+ (* h 131) (char->integer (string-ref s i))) 2305843009213693951)))))
