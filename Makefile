# Entry points of the zoomops.zoom collection; CONTRIBUTING.md tells how to run one suite, one test, one check.
#
#   make venv     .venv from requirements-dev.txt, then the venvs of the nox sessions (.nox), ansible-test's sanity venvs and units requirements
#   make test     every suite, two at a time, wall time per suite (tools/suites.py; logs in .build/logs)
#   make SUITE    one of them: reliability integration sanity matrix-2.17 matrix-2.21 checks ecosystem
#                 emulator-tests units (checks = nox lint, docs-check, extra-checks, build-import-check,
#                 ansible-lint, changelog)
#   make demo     docs/examples/demo.yml twice on API v2 and twice on API v1 against the emulator
#   make docs     the docs site into .build/docs (antsibull-docs + Sphinx -W)
#   make bench    the benchmarks; their JSON into docs/figures/, then the README's figures (tools/figures.py)
#   make figures  the last reliability run's figures (.build/logs) into docs/figures/, then the README's figures
#   make clean    remove build output, caches, .nox and the venv stamp
#
# Variables: PYTHON (interpreter for the venv), PYTEST_ARGS (extra pytest arguments), SUITE_JOBS (default 2).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.zoomops-dev-installed
SUITES := reliability integration sanity matrix-2.17 matrix-2.21 checks ecosystem emulator-tests units
NOX_SESSIONS := sanity units 'matrix(2.17)' 'matrix(2.21)' lint docs-check extra-checks build-import-check ansible-lint changelog

export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.build/collections
export LOG_DIR := $(CURDIR)/.build/logs
# The matrix needs Python 3.11 and 3.12: let pyenv's shims find every installed 3.11.x and 3.12.x.
PYENV_PYTHONS := $(shell pyenv versions --bare 2>/dev/null | grep -E '^3\.1[12]\.[0-9]+$$' | paste -sd: -)
ifneq ($(PYENV_PYTHONS),)
export PYENV_VERSION := $(PYENV_PYTHONS)
endif

.PHONY: help venv link test matrix demo docs bench figures clean $(SUITES)

help:
	@sed -n '/^#   make/,/^#$$/{/^#$$/!s/^# //p}' Makefile

venv: $(STAMP)

$(STAMP): requirements-dev.txt requirements.txt noxfile.py antsibull-nox.toml
	@mkdir -p $(LOG_DIR)
	@[ -x $(VENV)/bin/python ] || $(PYTHON) -m venv $(VENV)
	@echo "venv: installing requirements-dev.txt, then the nox sessions' venvs (log: $(LOG_DIR)/venv.log)"
	@start=$$(date +%s); \
	if ! { pip install -q -r requirements-dev.txt && nox --install-only --no-color -e $(NOX_SESSIONS) \
		&& nox -R --no-install --no-color -e sanity -- --prime-venvs \
		&& nox -R --no-install --no-color -e units -- --requirements-mode only; } >$(LOG_DIR)/venv.log 2>&1; then \
		grep -v "^WARNING: Location '" $(LOG_DIR)/venv.log | tail -n 60; echo "venv: FAILED (log: $(LOG_DIR)/venv.log)"; exit 1; \
	fi; echo "venv: ready in $$(( $$(date +%s) - start ))s"
	@touch $@

# The checkout as an installed collection: .build/collections/ansible_collections/zoomops/zoom -> repository root.
link:
	@mkdir -p .build/collections/ansible_collections/zoomops && ln -sfn ../../../.. .build/collections/ansible_collections/zoomops/zoom

# tools/suites.py runs the suites: every one (test), both matrix suites at once (matrix) or the one named.
test: SUITE_ARGS = $(SUITES)
matrix: SUITE_ARGS = matrix-2.17 matrix-2.21
test matrix $(SUITES): venv link
	@python tools/suites.py $(or $(SUITE_ARGS),$@)

demo: venv link
	@python tools/demo.py

docs: venv link
	@bash tools/docs.sh

bench: venv link
	@mkdir -p $(LOG_DIR) && python tests/emulator/bench_emulator.py
	@python tests/bench/bench_v2_noop.py --json $(LOG_DIR)/bench_v2_noop.json
	@python tests/bench/bench_roster.py --json $(LOG_DIR)/bench_roster.json
	@cp $(LOG_DIR)/bench_v2_noop.json $(LOG_DIR)/bench_roster.json docs/figures/ && python tools/figures.py

figures: venv
	@python tools/figures.py --reliability $(LOG_DIR)/reliability-figures.json

clean:
	rm -rf .build .nox .ansible tests/output .pytest_cache .ruff_cache .hypothesis $(STAMP)
	find . -path ./.venv -prune -o -path ./.git -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
