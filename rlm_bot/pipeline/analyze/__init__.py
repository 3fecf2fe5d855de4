"""Stage 1, analyze: what a query wants, whether to compute it, and how hard it is.

The package's face: other packages import these names from `rlm_bot.pipeline.analyze`, never from
its modules. Inside:

    stage.py     analyze(task) -> QueryFeatures: intent, computation triggers, difficulty, query type
    triggers.py  the evidence that says "better computed than reasoned" (operations and data)
    asked.py     readers pairing material with an ask in any word order (unit of a quantity, date + period,
                 an amount for another period), and a claim about a number checked ('insists 221 is prime. is he right?')
    settled.py   yes/no questions the message's own quantities settle ('are we short?', 'within spec?')
    thresholds.py a threshold, range, fit or rule question counted only when its reader reads every amount
    operands.py  what a query carries beyond plain numbers: tables, lists, e-mails, URLs, versions
    learned.py   the learned second opinion on computation (hashed n-grams, a shipped logistic model)
    lexicon.py   the word lists and patterns the stage scores with (policy as data)
"""

from rlm_bot.pipeline.analyze.learned import DIM as DETECTOR_DIM
from rlm_bot.pipeline.analyze.learned import LearnedDetector, detector_features, load_detector, save_detector
from rlm_bot.pipeline.analyze.stage import INTENTS, LEARNED_REASON, QueryFeatures, analyze, is_definitely_simple

__all__ = ["DETECTOR_DIM", "INTENTS", "LEARNED_REASON", "LearnedDetector", "QueryFeatures", "analyze",
           "detector_features", "is_definitely_simple", "load_detector", "save_detector"]
