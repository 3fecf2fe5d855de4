"""The Scheme orchestration sandbox: reader, evaluator, primitives, LLM runtime, patterns."""
