#!/usr/bin/env bash
# Lint the collection's documentation the way the Ansible docsite build would:
# the plugin and role docs (DOCUMENTATION, EXAMPLES, RETURN, argument_specs), and
# docs/docsite/ (links.yml, extra-docs.yml and the RST guides); then the EXAMPLES of every
# module and filter through ansible-lint's production profile (tools/ecosystem/lint_examples.py).
# Usage: tools/ecosystem/docs_lint.sh   (from the repository root, project venv first on PATH)
set -euo pipefail

export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}
start=$(date +%s)
python tools/ecosystem/docs_rst.py --check
# antsibull-docs copies the collection into mkdtemp(prefix="antsibull-docs-"); when the random name
# ends in "_" (1 run in 37), rST reads the path in the generated pages as a link target and reports
# 'Unknown target name: "antsibull-docs-..."'. Only that error, from that cause, gets one more try.
lint_log=$(mktemp "${TMPDIR:-/tmp}/zoom-docs-lint.XXXXXX")
if ! antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all . >"$lint_log" 2>&1; then
    cat "$lint_log"
    if grep -q 'Unknown target name: "antsibull-docs-' "$lint_log" \
            && ! grep -E ':[0-9]+:[0-9]+: ' "$lint_log" | grep -vq 'Unknown target name: "antsibull-docs-'; then
        echo "docs-lint: antsibull-docs' temporary folder name confused rST; running the lint once more"
        antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all .
    else
        rm -f "$lint_log"
        exit 1
    fi
else
    cat "$lint_log"
fi
rm -f "$lint_log"
python tools/ecosystem/lint_examples.py
echo "docs-lint: OK: antsibull-docs lint-collection-docs --plugin-docs and EXAMPLES lint passed in $(( $(date +%s) - start ))s"
