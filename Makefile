# The annual report on the national S&T trade innovation bases, regenerated from the data.
# `make` alone lists the targets; they are listed in pipeline order.

YEAR ?= 2009
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN := $(PY) -m pipeline
# Debian packages the report needs: CJK fonts, HarfBuzz's fast font subsetter (without it
# WeasyPrint falls back to one that takes seconds a page), Pango for WeasyPrint's layout.
SYSTEM_PACKAGES := fonts-noto-cjk fontconfig libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0

ifneq ($(shell echo '$(YEAR)' | grep -Ex '(19|20)[0-9]{2}'),$(YEAR))
$(error YEAR must be a year such as 2009, not '$(YEAR)')
endif

.DEFAULT_GOAL := help
.PHONY: help system setup template ingest confirm reconstruct db qa check export figures render plan report evaluate docs sql explain test bench clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  (YEAR defaults to 2009: make report YEAR=2009)"

system: ## install the Debian packages the report needs (fonts, HarfBuzz), if missing
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing $$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "The report needs Debian packages that are not installed. Run:"; \
	    echo "  sudo apt-get install -y $$missing"; \
	    echo "then run make again."; exit 1; \
	  fi; \
	fi

setup: $(VENV)/.installed ## create .venv and install the pinned Python dependencies

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { \
	  echo "Python's venv module is missing. Run: sudo apt-get install -y python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	@touch $@

template: setup ## write YEAR's submission forms (one xlsx per base) under data/processed/YEAR/forms/
	$(RUN) template --year $(YEAR)

ingest: setup ## take YEAR's submissions in (FILES="a.xlsx b.xls c.csv" adds files first); writes qa.md
	$(RUN) ingest --year $(YEAR) $(FILES)

confirm: setup ## record a base's confirmation: YEAR, FILE, RULE (as in qa.md), NOTE='who confirmed what', FIELD optional
	$(RUN) confirm --year $(YEAR) "$(FILE)" "$(RULE)" $(if $(FIELD),--field "$(FIELD)") --note "$(NOTE)"

reconstruct: setup ## regenerate the reconstructed 2009 submissions from the published figures
	$(RUN) reconstruct --year 2009

db: setup ## validate data/raw and build data/processed/bases.duckdb
	$(RUN) db

qa: db ## write YEAR's intake report qa.md (findings, counts, coverage)
	$(RUN) qa --year $(YEAR)

check: db ## reconcile YEAR with the published report (writes reconciliation.md)
	$(RUN) check --year $(YEAR)

export: db ## write YEAR's tables as CSV, tables.xlsx and Parquet under data/processed/YEAR/
	$(RUN) export --year $(YEAR)

figures: system db ## draw YEAR's figures as SVG under data/processed/YEAR/figures/
	$(RUN) figures --year $(YEAR)

render: system setup ## render YEAR's report.pdf and report.html from the database and figures
	$(RUN) render --year $(YEAR)

plan: setup ## say which steps `make report` would run and which input, code or library changed
	$(RUN) report --year $(YEAR) --dry-run

report: system setup ## the whole YEAR report; steps with nothing changed are skipped (DRY_RUN=1: only plan)
	$(RUN) report --year $(YEAR) $(if $(DRY_RUN),--dry-run)

evaluate: system setup ## YEAR's annual evaluation: evaluation.pdf/.xlsx and a one-page sheet per base (data/processed/YEAR/evaluation/)
	$(RUN) evaluate --year $(YEAR)

docs: db ## write docs/data_dictionary.md from the database's comments
	$(RUN) docs

sql: setup ## query the built database read-only (never rebuilds it): a prompt, or one query with Q="select ..."
	$(RUN) sql $(if $(Q),"$(Q)")

explain: setup ## where a number comes from, read from the built database: make explain T=table4 ROW=中关村 M=sales
	$(RUN) explain $(T) $(ROW) $(M) --year $(YEAR)

# sqlfluff takes a few tenths of a second a model: `make test` lints again only the models changed since they
# last passed, and every model when the lint configuration or the installed packages changed.
SQL_MODELS := $(wildcard sql/*/*.sql)

$(VENV)/.sql-linted: $(SQL_MODELS) .sqlfluff $(VENV)/.installed
	$(VENV)/bin/sqlfluff lint --processes 2 $(if $(filter-out %.sql,$?),sql,$(filter %.sql,$?))
	@touch $@

test: setup $(VENV)/.sql-linted ## lint (ruff, sqlfluff), run the reconciliation and the test suite (installs Chromium for the browser test)
	@$(MAKE) --no-print-directory system SYSTEM_PACKAGES="$(SYSTEM_PACKAGES) chromium"
	$(VENV)/bin/ruff check pipeline tests
	$(RUN) db
	$(RUN) check --year $(YEAR)
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder

bench: system setup ## time each step and the whole report (median of 5 runs); SCALE=1: the intake at 10 years and 50,000 synthetic bases
	$(RUN) bench --year $(YEAR) --runs 5 $(if $(SCALE),--scale)

clean: ## remove build outputs (data/processed) but keep the virtual environment
	find data/processed -mindepth 1 -not -name README.md -delete
