#!/usr/bin/env bash
# Install the built bundle for the current user, so the app is in the menu and opens on
# double-click:   packaging/linux/install.sh [BUNDLE_DIR]   (default: dist/genart-desktop)
# PREFIX (default ~/.local) sets where it goes. Every file written is listed in
# $PREFIX/lib/genart-desktop.install-manifest; uninstall.sh removes exactly those.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle="$(cd "${1:-$here/../../dist/genart-desktop}" && pwd)" || {
    echo "No bundle at ${1:-dist/genart-desktop}: build it first with ./run package" >&2; exit 1; }
prefix="${PREFIX:-$HOME/.local}"
share="$bundle/share"
[ -x "$bundle/genart-desktop" ] && [ -d "$share/applications" ] || {
    echo "$bundle is not a GenArt Desktop bundle (build it with ./run package)" >&2; exit 1; }

app_dir="$prefix/lib/genart-desktop"
manifest="$prefix/lib/genart-desktop.install-manifest"
if [ -e "$manifest" ]; then
    echo "Replacing the earlier installation …"
    "$here/uninstall.sh" >/dev/null
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo"
: > "$manifest.tmp"
record() { printf '%s\n' "$1" >> "$manifest.tmp"; }

cp -a "$bundle" "$app_dir.tmp" && mv "$app_dir.tmp" "$app_dir"
record "$app_dir"
ln -sfn "$app_dir/genart-desktop" "$prefix/bin/genart-desktop"
record "$prefix/bin/genart-desktop"

desktop_name="$(basename "$share"/applications/*.desktop)"
sed "s|@EXEC@|$app_dir/genart-desktop|g" "$share/applications/$desktop_name" \
    > "$prefix/share/applications/$desktop_name"
record "$prefix/share/applications/$desktop_name"
for f in "$share"/metainfo/*.xml; do
    cp "$f" "$prefix/share/metainfo/" && record "$prefix/share/metainfo/$(basename "$f")"
done
(cd "$share/icons" && find . -type f) | while read -r icon; do
    mkdir -p "$(dirname "$prefix/share/icons/$icon")"
    cp "$share/icons/$icon" "$prefix/share/icons/$icon"
    record "$prefix/share/icons/${icon#./}"
done
mv "$manifest.tmp" "$manifest"

command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "Installed GenArt Desktop in $app_dir"
echo "It is in your applications menu; from a terminal: $prefix/bin/genart-desktop"
