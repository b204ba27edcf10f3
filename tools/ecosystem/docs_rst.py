"""docs/*.md are the guides' sources; the docs site needs them as RST (docs/docsite/rst/).

    python tools/ecosystem/docs_rst.py          # regenerate the RST copies
    python tools/ecosystem/docs_rst.py --check  # fail when a committed copy differs (make docs-lint)

The conversion is pandoc's (pypandoc-binary ships it, so no system package is needed), wrapped in
the label antsibull-docs links to. Never edit the RST copies by hand: edit the Markdown and rerun.
"""

import argparse
import difflib
import os
import sys

import pypandoc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# (Markdown source, RST copy, antsibull-docs label)
GUIDES = (
    ('docs/emulator.md', 'docs/docsite/rst/emulator.rst', 'ansible_collections.zoomops.zoom.docsite.emulator'),
    ('docs/endpoints.md', 'docs/docsite/rst/endpoints.rst', 'ansible_collections.zoomops.zoom.docsite.endpoints'),
    ('docs/architecture.md', 'docs/docsite/rst/architecture.rst',
     'ansible_collections.zoomops.zoom.docsite.architecture'),
    ('docs/v2.md', 'docs/docsite/rst/v2.rst', 'ansible_collections.zoomops.zoom.docsite.v2'),
)
HEADER = '''..
  Generated from {source} by tools/ecosystem/docs_rst.py: edit the Markdown, then run
  `python tools/ecosystem/docs_rst.py` (make docs-lint checks that the two agree).

.. _{label}:

'''


def render(source, label):
    body = pypandoc.convert_file(os.path.join(REPO, source), 'rst', format='gfm-gfm_auto_identifiers',
                                 extra_args=['--wrap=none'])
    return HEADER.format(source=source, label=label) + body.rstrip('\n') + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='only compare, write nothing')
    args = parser.parse_args()
    stale = []
    for source, target, label in GUIDES:
        wanted = render(source, label)
        path = os.path.join(REPO, target)
        current = open(path, encoding='utf-8').read() if os.path.exists(path) else ''
        if current == wanted:
            continue
        if args.check:
            stale.append(target)
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), wanted.splitlines(True),
                                                       target, target + ' (from %s)' % source, n=1))
        else:
            with open(path, 'w', encoding='utf-8') as handle:
                handle.write(wanted)
            print('docs_rst: wrote %s from %s' % (target, source))
    if stale:
        print('docs_rst: FAILED: %s differ from their Markdown sources; run python tools/ecosystem/docs_rst.py'
              % ', '.join(stale))
        return 1
    if args.check:
        print('docs_rst: OK: the RST copies match docs/*.md')
    return 0


if __name__ == '__main__':
    sys.exit(main())
