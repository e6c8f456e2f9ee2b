#!/usr/bin/env bash
# Packages a signed k8s-hosts.app into a compressed disk image with a link to
# /Applications, and signs the image with the same identity (not for ad-hoc builds). Usage:
#   installers/macos/make-dmg.sh --app PATH --output k8s-hosts.dmg [--identity IDENTITY]
set -euo pipefail

usage() {
    # The comment at the top of this file.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit "${1:-0}"
}

app=""
output=""
identity="-"
while [ $# -gt 0 ]; do
    case "$1" in
        --app) app=${2:?--app needs the .app path}; shift 2 ;;
        --output) output=${2:?--output needs a .dmg path}; shift 2 ;;
        --identity) identity=${2:?--identity needs a signing identity}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "make-dmg.sh: unknown argument $1" >&2; usage 2 ;;
    esac
done
if [ -z "$app" ] || [ ! -d "$app/Contents" ] || [ -z "$output" ]; then
    echo "make-dmg.sh: --app (a signed k8s-hosts.app) and --output are required" >&2
    exit 2
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$output"
hdiutil create -volname k8s-hosts -srcfolder "$staging" -ov -format UDZO "$output"
if [ "$identity" != "-" ]; then
    codesign --force --timestamp --sign "$identity" "$output"
fi
echo "packaged $output"
