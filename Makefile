# The annual report on the national S&T trade innovation bases, regenerated from the data.
# `make` alone lists the targets; they are listed in pipeline order.

YEAR ?= 2009
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/processed/bases.duckdb
OUT := data/processed/$(YEAR)

ifneq ($(shell echo '$(YEAR)' | grep -Ex '(19|20)[0-9]{2}'),$(YEAR))
$(error YEAR must be a year such as 2009, not '$(YEAR)')
endif

RAW_FILES := $(shell find data/raw -type f -not -name '*.md' 2>/dev/null)
SQL_FILES := $(shell find sql -type f 2>/dev/null)
CODE_FILES := $(shell find pipeline -name '*.py' 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help setup reconstruct db check tables report test clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  (YEAR defaults to 2009: make report YEAR=2009)"

setup: $(VENV)/.installed ## create .venv and install the pinned Python dependencies

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { \
	  echo "Python's venv module is missing. Install it: sudo apt-get install -y python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	@touch $@

reconstruct: setup ## regenerate the reconstructed 2009 submissions from the published figures
	$(PY) -m pipeline reconstruct --year 2009

db: $(DB) ## validate data/raw and build data/processed/bases.duckdb

$(DB): $(VENV)/.installed $(RAW_FILES) $(SQL_FILES) $(CODE_FILES)
	$(PY) -m pipeline db

check: $(DB) ## reconcile YEAR with the published report (writes reconciliation.md)
	$(PY) -m pipeline check --year $(YEAR)

$(OUT)/.tables: $(DB)
	$(PY) -m pipeline check --year $(YEAR)
	$(PY) -m pipeline tables --year $(YEAR)
	@touch $@

tables: $(OUT)/.tables ## write YEAR's Tables 1-7 as CSV under data/processed/YEAR/

report: $(OUT)/.tables ## build, reconcile and write the YEAR report
	@echo "report outputs: $(OUT)/"

test: check ## run the reconciliation and the test suite
	$(PY) -m pytest

clean: ## remove build outputs (data/processed) but keep the virtual environment
	find data/processed -mindepth 1 -not -name README.md -not -name .gitkeep -delete
