#!/usr/bin/env bash
# Make the repository importable as an installed collection without copying it:
#   LINK (default .build/collections/ansible_collections/zoomops/zoom) -> repository root.
# The link is relative, so the work tree can be moved.  Idempotent.
# Usage: tools/link_collection.sh [LINK]   (run from the repository root)
set -euo pipefail

link=${1:-.build/collections/ansible_collections/zoomops/zoom}
parent=$(dirname "$link")
mkdir -p "$parent"

# Relative path from the link's directory back to the repository root (cwd).
up=$(python3 -c 'import os, sys; print(os.path.relpath(os.getcwd(), os.path.abspath(sys.argv[1])))' "$parent")

if [[ -L $link && $(readlink "$link") == "$up" ]]; then
    exit 0
fi
if [[ -e $link && ! -L $link ]]; then
    echo "link_collection: $link exists and is not a symlink; remove it first" >&2
    exit 1
fi
ln -sfn "$up" "$link"
echo "link_collection: $link -> $up"
