# Reproducible entry points. Every target creates/uses its own virtual environment in .venv.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

EXAMPLE := data/examples/rejections_example.csv
OUT     := build/rejections_classified.csv

.PHONY: help venv run test lint data train evaluate ablation bench wheel-check clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)  ## create .venv and install the package with test tools

run: $(STAMP)  ## classify the shipped example log with the shipped model, print a summary
	@mkdir -p build
	$(PY) -m classifier batch $(EXAMPLE) -o $(OUT) --overwrite --summary build/summary.json \
		--report build/report.html --review-out build/review.csv
	@echo "wrote $(OUT)"

test: lint  ## lint, then run every test
	$(PY) -m pytest

lint: $(STAMP)  ## ruff with the project's configuration (pyproject.toml)
	$(PY) -m ruff check .

data: $(STAMP)  ## rebuild data/processed from data/raw (deterministic)
	$(PY) -m classifier data

train: data  ## retrain the shipped model from data/ (quality gate: refuses a worse model)
	$(PY) -m classifier train

HELD_OUT := test wild wild2 wild3

evaluate: $(STAMP)  ## score the shipped model on test and the wild sets (real: see the model card)
	@for s in $(HELD_OUT); do echo "== $$s"; $(PY) -m classifier evaluate --data data/processed/$$s.csv || exit 1; done
	@echo "== real: the shipped model was refit with it; its held-out figures are in model/README.md"

ablation: $(STAMP)  ## retrain data/model variants and score each on every held-out set (bench/ablation.json)
	$(PY) bench/ablation.py

wheel-check:  ## build the wheel, install it in a fresh venv, use it from an empty directory
	PYTHON=$(PYTHON) bash .ci/wheel-check

clean:  ## remove the virtual environment and build outputs
	rm -rf $(VENV) build

bench: $(STAMP)  ## benchmark beside same-run baselines; writes bench/results.json (BENCH_ARGS=--quick for a short run)
	$(PY) bench/bench.py $(BENCH_ARGS)
