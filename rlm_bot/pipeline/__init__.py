"""The seven stages of the smart RLM pipeline (analyze, compute, enrich, route, plan, execute, learn)."""
