#!/usr/bin/env bash
# The docs site, by antsibull-docs and Sphinx -W (any warning fails) into .build/docs (build/html/index.html): plugin and
# role pages, the environment variables index, the guides of docs/docsite/. Offline: no intersphinx; the three labels
# of the Ansible docsite that the pages use resolve to a local page linking to docs.ansible.com. Run by `make docs`.
set -euo pipefail

dest=.build/docs
start=$(date +%s)
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}
python -c 'import sphinx_ansible_theme' 2>/dev/null || { echo "docs: sphinx-ansible-theme is not installed (requirements-dev.txt)"; exit 1; }

rm -rf "$dest"
install -d -m 755 "$dest"   # antsibull-docs wants its directories writable by the owner only
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$dest" \
    --project zoomops.zoom --title zoomops.zoom --html-short-title zoomops.zoom \
    --copyright 'zoomops.zoom contributors' zoomops.zoom >/dev/null
printf '\n# zoomops.zoom (tools/docs.sh): offline; references into the Ansible docsite resolve to rst/_external.rst.\n%s\n' \
    'intersphinx_mapping = {}' >>"$dest/conf.py"
mkdir -p "$dest/rst" && chmod og-w "$dest/rst"
antsibull-docs --config-file "$dest/antsibull-docs.cfg" collection --cleanup everything --fail-on-error \
    --use-current --squash-hierarchy --dest-dir "$dest/rst" zoomops.zoom

external() {   # a label of the Ansible docsite, its section title, the link's text and its page under docs.ansible.com
    printf "\n.. _%s:\n\n%s\n%s\n\nSee \`%s <https://docs.ansible.com/ansible/latest/%s>\`_.\n" "$1" "$2" "${2//?/-}" "$3" "$4"
}
{
    printf ':orphan:\n\nExternal references\n===================\n'
    external ansible_configuration_settings 'Ansible configuration settings' 'Ansible Configuration Settings' \
        reference_appendices/config.html
    external common_return_values 'Common return values' 'Return Values' reference_appendices/common_return_values.html
    external action_plugins 'Action plugins' 'Action plugins' plugins/action.html
} >"$dest/rst/_external.rst"

sphinx-build -M html "$dest/rst" "$dest/build" -c "$dest" -W --keep-going -q
for page in index zoom_user_module zoom_user_info_module zoom_user_assistant_module zoom_roster_role roster_role \
    docsite/getting_started docsite/endpoints docsite/emulator docsite/awx; do
    [[ -f $dest/build/html/$page.html ]] || { echo "docs: FAILED: $page.html missing"; exit 1; }
done
echo "docs: OK: $(find "$dest/build/html" -name '*.html' | wc -l) pages in $(( $(date +%s) - start ))s; open $dest/build/html/index.html"
