# Two commands for users: `make brief` and `make test`. `make help` lists every target.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3.11
PARAMS ?=
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.installed-from-lock
RUN := $(VENV)/bin/python

# uv must never download an interpreter; the environment lives in .venv.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install brief site check verify test test-units test-notebooks test-rebuild lab manifest bench clean diff provenance

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

install: $(STAMP) ## install the locked environment into .venv (done by every target that needs it)

brief: $(STAMP) ## check the raw data, run every notebook, write reports/brief.pdf (PARAMS=params/<file>.yaml for another run)
	$(RUN) -m analysis build $(if $(PARAMS),--params $(PARAMS))

site: brief ## write the web edition to reports/site/ (the brief, its evidence, the ledger, the notebooks; opens from disk)
	$(RUN) -m analysis site

check: $(STAMP) ## validate every raw file without running any notebook
	$(RUN) -m analysis check

verify: $(STAMP) ## rebuild from raw data, with the network cut off, into a temporary root and compare byte for byte with the committed outputs
	$(RUN) -m analysis verify --offline

test: $(STAMP) ## run pytest (unit and data tests), nbval on the stored notebooks and verify, side by side
	@$(MAKE) --no-print-directory -j 3 --output-sync=target test-units test-notebooks test-rebuild

# The three parts of `make test`; each prints its output in one piece when it ends.
test-units: $(STAMP)
	$(RUN) -m pytest -n 2

test-notebooks: $(STAMP)
	$(RUN) -m pytest --nbval notebooks/ -p no:cacheprovider -n 2 --dist loadfile

test-rebuild: $(STAMP)
	$(RUN) -m analysis verify --offline

diff: $(STAMP) ## which figures of the brief changed: A and B are runs, folders or git revisions (default: HEAD and the working tree)
	$(RUN) -m analysis diff $(A) $(B)

provenance: $(STAMP) ## recompute the digests of every input and compare them with the brief's
	$(RUN) -m analysis provenance

lab: $(STAMP) ## open JupyterLab on the project
	$(VENV)/bin/jupyter lab

bench: $(STAMP) ## measure cold, floor, no-op, scale and fresh-clone times; writes bench/results.md
	$(RUN) bench/run.py

manifest: $(STAMP) ## refresh data/raw/SHA256SUMS after a deliberate edit of a raw file
	$(RUN) -m analysis manifest --write

clean: ## remove what the build can recreate (environment, caches, other runs); committed outputs stay
	rm -rf $(VENV) $(TOOLS) .build reports/runs .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
