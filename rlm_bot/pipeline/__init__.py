"""The seven stages of the smart RLM pipeline (analyze, compute, enrich, route, plan, execute, learn).

`pipeline.py` composes them (`Pipeline(settings).run(task) -> Result`). A stage with more than one
module is a sub-package entered by its face, its `__init__.py` (analyze/, enrich/, route/,
execute/); the compute stage (compute*.py and its table, list and number runtimes) and plan.py
are still modules here. docs/ARCHITECTURE.md has the map.
"""
