#!/usr/bin/env bash
# Remove what install.sh installed — the files in its manifest and nothing else. Your
# library, models and settings (in the user data folder) are kept.
set -euo pipefail
prefix="${PREFIX:-$HOME/.local}"
manifest="$prefix/lib/genart-desktop.install-manifest"
[ -f "$manifest" ] || { echo "GenArt Desktop is not installed under $prefix."; exit 0; }
while read -r path; do
    case "$path" in
        "$prefix"/*) rm -rf -- "$path" ;;   # never anything outside the prefix
        *) echo "skipping $path (outside $prefix)" >&2 ;;
    esac
done < "$manifest"
rm -f -- "$manifest"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
echo "GenArt Desktop removed from $prefix (your images and models are kept)."
