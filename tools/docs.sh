#!/usr/bin/env bash
# Render the collection's documentation site with antsibull-docs and Sphinx into .build/docs
# (open .build/docs/build/html/index.html): module, filter and role pages, the
# environment variables index, and the guides of docs/docsite/ (extra-docs.yml, links.yml).
#
# The build works offline: intersphinx (links into docs.ansible.com and docs.python.org) is
# switched off, and the three labels of the Ansible docsite that antsibull-docs' pages refer to
# get a local page linking to docs.ansible.com.  Sphinx runs with -W: any warning fails.
#
# Usage: tools/docs.sh   (from the repository root; antsibull-docs and sphinx-build
# from the project venv, zoomops.zoom on ANSIBLE_COLLECTIONS_PATH as `make` sets it)
set -euo pipefail

dest=.build/docs
start=$(date +%s)
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}
python -c 'import sphinx_ansible_theme' 2>/dev/null || {
    echo "docs: sphinx-ansible-theme is not installed (requirements-dev.txt)"; exit 1; }

rm -rf "$dest"
mkdir -p "$dest"
chmod 755 "$dest"   # antsibull-docs wants its directories writable by the owner only
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$dest" \
    --project zoomops.zoom --title zoomops.zoom --html-short-title zoomops.zoom \
    --copyright 'zoomops.zoom contributors' zoomops.zoom >/dev/null
cat >>"$dest/conf.py" <<'PY'

# zoomops.zoom: build offline. The pages' references into the Ansible docsite resolve to
# rst/_external.rst (written by tools/docs.sh) instead of intersphinx.
intersphinx_mapping = {}
PY

mkdir -p "$dest/rst"
chmod og-w "$dest/rst"
antsibull-docs --config-file "$dest/antsibull-docs.cfg" collection --cleanup everything --fail-on-error \
    --use-current --squash-hierarchy --dest-dir "$dest/rst" zoomops.zoom

cat >"$dest/rst/_external.rst" <<'RST'
:orphan:

External references
===================

.. _ansible_configuration_settings:

Ansible configuration settings
------------------------------

See `Ansible Configuration Settings <https://docs.ansible.com/ansible/latest/reference_appendices/config.html>`_.

.. _common_return_values:

Common return values
--------------------

See `Return Values <https://docs.ansible.com/ansible/latest/reference_appendices/common_return_values.html>`_.

.. _action_plugins:

Action plugins
--------------

See `Action plugins <https://docs.ansible.com/ansible/latest/plugins/action.html>`_.
RST

sphinx-build -M html "$dest/rst" "$dest/build" -c "$dest" -W --keep-going -q
index=$dest/build/html/index.html
[[ -f $index ]] || { echo "docs: FAILED: $index was not written"; exit 1; }
pages=$(find "$dest/build/html" -name '*.html' | wc -l)
for page in zoom_user_module zoom_user_info_module zoom_user_assistant_module zoom_roster_role roster_role docsite/getting_started \
    docsite/endpoints docsite/emulator docsite/awx; do
    [[ -f $dest/build/html/$page.html ]] || { echo "docs: FAILED: $page.html missing"; exit 1; }
done
echo "docs: OK: $pages pages in $(( $(date +%s) - start ))s; open $index"
