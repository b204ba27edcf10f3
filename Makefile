# Build / test entry points for the zoomops.zoom Ansible collection.
#
#   make venv            create .venv (PYTHON=python3) and install requirements-dev.txt
#   make lint            ruff + ansible-lint (production profile)
#   make sanity          ansible-test sanity on a copy of the collection (offline pip bootstrap)
#   make units           pytest tests/unit
#   make emulator-tests  pytest tests/emulator
#   make integration     pytest tests/integration (collection on ANSIBLE_COLLECTIONS_PATH)
#   make reliability     pytest tests/reliability (faults, secrets, bad input, concurrency, property tests)
#   make docs-lint       antsibull-docs lint-collection-docs + ansible-lint over every EXAMPLES block
#   make changelog-lint  antsibull-changelog lint; CHANGELOG.md matches changelogs/changelog.yaml
#   make galaxy          build the tarball, install it, run the demo from the installed copy
#   make matrix          units + integration on ansible-core 2.17 (Python 3.11) and 2.21 (Python 3.12)
#   make ecosystem       pytest tests/ecosystem (AWX credential type, execution environment)
#   make test            all of the above; suites run 2 at a time, logs in .build/logs
#   make docs            render the collection docs site into .build/docs (antsibull-docs + Sphinx)
#   make demo            run docs/examples/demo.yml twice on API v2 and twice on API v1 against the emulator
#   make bench           emulator / collection benchmarks
#   make clean           remove build output, caches and the venv stamp
#
# Variables: PYTHON (interpreter for the venv), PYTEST_ARGS (extra pytest arguments,
# e.g. PYTEST_ARGS="-x -k name"), INTEGRATION_XDIST (default "-n 2"; empty for one process),
# SANITY_PYTHON (default 3.11), SUITE_JOBS (default 2).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BUILD := .build
VENV_BIN := $(CURDIR)/$(VENV)/bin
VPY := $(VENV_BIN)/python
VENV_STAMP := $(VENV)/.zoomops-dev-installed
VENV_PYTHON_ID := $(BUILD)/venv-python

LOG_DIR := $(CURDIR)/$(BUILD)/logs
COLLECTIONS_DIR := $(CURDIR)/$(BUILD)/collections
COLLECTION_LINK := $(BUILD)/collections/ansible_collections/zoomops/zoom

PYTEST_ARGS ?=
# tests/integration is mostly ansible-playbook start-up time: two xdist workers halve it.
INTEGRATION_XDIST ?= -n 2
SANITY_PYTHON ?= 3.11
SUITE_JOBS ?= 2

# Every recipe sees the venv's tools first and the collection through the in-repo,
# git-ignored collections path (.build/collections/ansible_collections/zoomops/zoom -> repo root).
# PYTHON is looked up on the PATH without the venv (sub-makes inherit the modified PATH).
BASE_PATH := $(subst $(VENV_BIN):,,$(PATH))
BASE_PYTHON := PATH='$(BASE_PATH)' $(PYTHON)
ifeq ($(filter $(VENV_BIN),$(subst :, ,$(PATH))),)
export PATH := $(VENV_BIN):$(PATH)
endif
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_DIR)
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export LOG_DIR SANITY_PYTHON SUITE_JOBS PYTEST_ARGS

# Longest first (two at a time): reliability and sanity, then integration, then the short suites.
# Longest first, so that the two slots end together.
SUITES := reliability sanity matrix integration galaxy ecosystem emulator-tests docs-lint lint units changelog-lint
# Test directories that a suite above runs; `make test` fails on any other tests/* directory with tests (check-suites).
SUITE_TEST_DIRS := tests/unit tests/emulator tests/integration tests/reliability tests/ecosystem

.PHONY: FORCE help venv collection-link get-pip-shim prepare lint ruff ansible-lint sanity \
	units emulator-tests integration reliability check-suites test demo bench clean \
	docs docs-lint changelog-lint galaxy matrix ecosystem

help:
	@sed -n 's/^#   \(make .*\)/  \1/p' $(firstword $(MAKEFILE_LIST))

# --- environment ----------------------------------------------------------------------

venv: $(VENV_STAMP)
	@:

# Records which interpreter PYTHON names; rewritten only when that changes, so that
# `make venv PYTHON=...` rebuilds the venv with another interpreter.
$(VENV_PYTHON_ID): FORCE
	@mkdir -p $(dir $@)
	@id=$$($(BASE_PYTHON) -c 'import sys; print(sys.implementation.name, *sys.version_info[:3])'); \
	if [ "$$(cat $@ 2>/dev/null)" != "$$id" ]; then echo "$$id" > $@; fi

# Re-installs only when a requirements file (or the interpreter) changed since the last install.
$(VENV_STAMP): requirements-dev.txt requirements.txt $(VENV_PYTHON_ID)
	@mkdir -p $(LOG_DIR)
	@want=$$(cat $(VENV_PYTHON_ID)); \
	if [ -x $(VPY) ] && [ "$$($(VPY) -c 'import sys; print(sys.implementation.name, *sys.version_info[:3])')" != "$$want" ]; then \
		echo "venv: $(VENV) was made with another interpreter; recreating it with $(PYTHON)"; \
		rm -rf $(VENV); \
	fi; \
	if [ ! -x $(VPY) ]; then \
		echo "venv: creating $(VENV) with $(PYTHON)"; \
		$(BASE_PYTHON) -m venv $(VENV); \
	fi
	@echo "venv: installing requirements-dev.txt into $(VENV) (log: $(LOG_DIR)/venv.log)"
	@start=$$(date +%s); \
	if ! $(VPY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt >$(LOG_DIR)/venv.log 2>&1; then \
		grep -v "^WARNING: Location '.*' is ignored" $(LOG_DIR)/venv.log | tail -n 60; \
		echo "venv: pip install failed (full log: $(LOG_DIR)/venv.log)"; exit 1; \
	fi; \
	echo "venv: ready in $$(( $$(date +%s) - start ))s ($$($(VPY) --version), $$($(VPY) -m pip show ansible-core | sed -n 's/^Version: /ansible-core /p'))"
	@touch $@

collection-link:
	@$(SHELL) tools/link_collection.sh $(COLLECTION_LINK)

get-pip-shim: venv
	@$(VPY) tools/write_get_pip_shim.py

prepare: venv collection-link get-pip-shim

FORCE:

# --- lint -------------------------------------------------------------------------------

RUFF_PATHS = $(wildcard plugins tests tools)

# Both linters always run; the target fails if either failed.
lint: venv collection-link
	@status=0; \
	$(MAKE) ruff || status=1; \
	$(MAKE) ansible-lint || status=1; \
	exit $$status

ruff: venv
	@echo "ruff: checking $(RUFF_PATHS)"
	@ruff check --no-cache --output-format concise $(RUFF_PATHS)

ansible-lint: venv collection-link
	@echo "ansible-lint: production profile"
	@ansible-lint --offline --nocolor

# --- sanity -----------------------------------------------------------------------------

sanity: prepare
	@SANITY_OUTPUT=$(CURDIR)/$(BUILD)/sanity-output $(SHELL) tools/run_sanity.sh $(CURDIR)

# --- pytest suites ----------------------------------------------------------------------

units: prepare
	@$(SHELL) tools/run_pytest.sh tests/unit $(PYTEST_ARGS)

emulator-tests: prepare
	@$(SHELL) tools/run_pytest.sh tests/emulator $(PYTEST_ARGS)

integration: prepare
	@$(SHELL) tools/run_pytest.sh tests/integration $(INTEGRATION_XDIST) $(PYTEST_ARGS)

reliability: prepare
	@$(SHELL) tools/run_pytest.sh tests/reliability $(PYTEST_ARGS)

# --- ecosystem: docs, changelog, galaxy tarball, version matrix, AWX / EE -------------------

docs: prepare
	@$(SHELL) tools/ecosystem/docs.sh

docs-lint: prepare
	@$(SHELL) tools/ecosystem/docs_lint.sh

changelog-lint: prepare
	@$(SHELL) tools/ecosystem/changelog_lint.sh

galaxy: prepare
	@$(SHELL) tools/ecosystem/galaxy.sh

matrix: prepare
	@$(SHELL) tools/ecosystem/matrix.sh

ecosystem: prepare
	@$(SHELL) tools/run_pytest.sh tests/ecosystem $(PYTEST_ARGS)

# Fails when a tests/* directory holds test files that no suite runs.
check-suites:
	@missing=''; \
	for dir in tests/*/; do \
		dir=$${dir%/}; \
		case " $(SUITE_TEST_DIRS) " in *" $$dir "*) continue ;; esac; \
		if [ -n "$$(find "$$dir" -type f \( -name 'test_*.py' -o -name '*_test.py' \) -not -path '*/__pycache__/*' -print -quit)" ]; then \
			missing="$$missing $$dir"; \
		fi; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "check-suites: test files in$$missing, which no make target runs: add a suite to the Makefile"; exit 1; \
	fi

# --- everything ---------------------------------------------------------------------------

test: prepare check-suites
	@$(SHELL) tools/run_suites.sh $(SUITES)

# --- demo / bench -----------------------------------------------------------------------

demo: prepare
	@$(VPY) tools/demo.py

bench: prepare
	@$(SHELL) tools/run_bench.sh

# --- housekeeping -------------------------------------------------------------------------

clean:
	rm -rf $(BUILD) .ansible tests/output .pytest_cache .ruff_cache .hypothesis $(VENV_STAMP)
	find . -path ./.venv -prune -o -path ./.git -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
