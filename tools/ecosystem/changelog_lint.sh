#!/usr/bin/env bash
# Check the changelog: the fragments and config (antsibull-changelog lint), the release
# history (lint-changelog-yaml), and that CHANGELOG.md is what changelogs/changelog.yaml
# generates (regenerated in a temporary copy and compared).
#
# After a release (`antsibull-changelog release --version X.Y.Z` with zoomops.zoom on
# ANSIBLE_COLLECTIONS_PATH), commit changelogs/changelog.yaml, changelogs/.plugin-cache.yaml
# and CHANGELOG.md together.
# Usage: tools/ecosystem/changelog_lint.sh   (from the repository root, project venv first on PATH)
set -euo pipefail

start=$(date +%s)
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml --no-semantic-versioning changelogs/changelog.yaml

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zoom-changelog.XXXXXX")
# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
cp -r galaxy.yml changelogs CHANGELOG.md "$tmp/"
# `generate` only re-renders changelog.yaml (plugins come from .plugin-cache.yaml): no ansible-doc run.
(cd "$tmp" && antsibull-changelog generate)
if ! diff -u CHANGELOG.md "$tmp/CHANGELOG.md"; then
    echo "changelog-lint: FAILED: CHANGELOG.md is not what changelogs/changelog.yaml generates; run antsibull-changelog generate"
    exit 1
fi
echo "changelog-lint: OK in $(( $(date +%s) - start ))s"
