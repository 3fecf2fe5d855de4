"""The litellm client (sync/async calls, budgets, cost, retries, cancellation) and model profiles."""
