# One venv in .venv; torch==2.13.0 goes in first so pip takes the local CPU wheel
# (any other torch pulls gigabytes of CUDA packages).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-quick clean route-prior seed-vectors compute-detector

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# The main job on the embedded defaults (SQLite + local Chroma + local embeddings under ./memory).
run: setup
	$(BIN)/rlm-bot db upgrade
	$(BIN)/rlm-bot chat

test: setup
	$(BIN)/python -m pytest -n 2 -q

# The inner loop: everything but the tests marked slow (CLI subprocesses, `serve`/Socket Mode
# scenarios, benchmark runs, the attack corpora).
test-quick: setup
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

# Refit the router's shipped offline prior on the public outcome tables in benchmarks/data/routing
# (MiniLM embeds ~9,000 prompts: about 8 minutes on 2 cores).
ROUTING_DATA ?= benchmarks/data/routing
route-prior: setup
	$(BIN)/rlm-bot bench routing_prior --data $(ROUTING_DATA)/gsm8k_gpt4_mixtral_dev.csv \
		--data $(ROUTING_DATA)/mmlu_gpt4_mixtral_dev.csv --out rlm_bot/pipeline/route/priors/route_prior.npz

# Refit the analysis stage's learned computation detector on the labelled messages in testing/data and
# half of benchmarks/data/routing's non-STEM MMLU questions (a few minutes; prints held-out figures first).
compute-detector: setup
	$(BIN)/rlm-bot bench compute_detector --out rlm_bot/pipeline/analyze/models/compute_detector.npz

clean:
	rm -rf $(VENV) .pytest_cache

# Recompute the shipped vectors of the packaged seed knowledge (after editing memory/seed/*.md).
seed-vectors: setup
	$(BIN)/python -m rlm_bot.memory.seed_vectors
