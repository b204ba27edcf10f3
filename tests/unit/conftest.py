"""Unit tests import the collection as ansible_collections.zoomops.zoom (from .build/collections)."""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROOT = os.path.join(REPO, '.build', 'collections')
LINK = os.path.join(ROOT, 'ansible_collections', 'zoomops', 'zoom')
if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    try:
        os.symlink(REPO, LINK)
    except FileExistsError:
        pass
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
