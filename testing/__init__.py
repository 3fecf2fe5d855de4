"""What tests/ and benchmarks/ both run against, kept apart from both (neither imports the
other's helpers) and out of the wheel:

- `testing.fakes`: loopback servers standing in for what lies across a network boundary — an
  OpenAI-compatible provider litellm really calls (`openai_server`), the Slack Web API
  (`slack_server`), signed Slack requests (`slack_signing`) and Socket Mode
  (`socket_mode_server`);
- `testing.shop_repo`: a small git repository with a bug, built in a tmp dir (the enrichment tests
  and the memory benchmark read it);
- `data/chat_compute_queries.jsonl`: the labelled everyday chat queries (the analysis and
  computation tests, and `bench compute`).
- `data/chat_compute_unseen_*.jsonl`: the same kind of queries, each set written by someone who
  saw neither the code nor the other sets (`bench compute` reports them as "unseen").

Nothing here imports rlm_bot, and rlm_bot never imports this package.
"""
