"""The seven stages of the smart RLM pipeline (analyze, compute, enrich, route, plan, execute, learn).

`pipeline.py` composes them (`Pipeline(settings).run(task) -> Result`). A stage with more than one
module is a sub-package entered by its face, its `__init__.py` (analyze/, compute/, enrich/,
route/, execute/); plan.py is a module here, beside types.py, collaborators.py (the Protocols of
what the stages use from the engines), progress.py, usage.py, warm.py and lazy_re.py (`re` for the
analyze and compute readers: patterns compiled on first use, a cache that holds them).
docs/ARCHITECTURE.md has the map.
"""
