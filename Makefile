# One venv in .venv; torch==2.13.0 goes in first so pip takes the local CPU wheel
# (any other torch pulls gigabytes of CUDA packages).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test clean

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

clean:
	rm -rf $(VENV) .pytest_cache
