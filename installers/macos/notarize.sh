#!/usr/bin/env bash
# Sends a signed disk image to Apple's notary service, waits for the verdict and staples the
# ticket to it, so Gatekeeper accepts it offline. Needs a Developer ID signature (not
# ad-hoc) and credentials stored once in the keychain:
#   xcrun notarytool store-credentials k8s-hosts --apple-id YOU@EXAMPLE.COM --team-id TEAMID
# Usage:
#   installers/macos/notarize.sh --dmg k8s-hosts.dmg [--keychain-profile k8s-hosts]
set -euo pipefail

usage() {
    # The comment at the top of this file.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit "${1:-0}"
}

dmg=""
profile="k8s-hosts"
while [ $# -gt 0 ]; do
    case "$1" in
        --dmg) dmg=${2:?--dmg needs the disk image}; shift 2 ;;
        --keychain-profile) profile=${2:?--keychain-profile needs a name}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "notarize.sh: unknown argument $1" >&2; usage 2 ;;
    esac
done
if [ -z "$dmg" ] || [ ! -f "$dmg" ]; then
    echo "notarize.sh: --dmg must name the signed disk image (see make-dmg.sh)" >&2
    exit 2
fi
if ! codesign --verify "$dmg" 2>/dev/null; then
    echo "notarize.sh: $dmg is not signed; sign the app and the image with a Developer ID" >&2
    exit 1
fi

# notarytool exits 0 on an "Invalid" verdict too: read the verdict, and show Apple's log
# when it is not "Accepted".
verdict=$(mktemp)
trap 'rm -f "$verdict"' EXIT
xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait --output-format json \
    > "$verdict"
field() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' \
        "$verdict" "$1"
}
status=$(field status)
id=$(field id)
if [ "$status" != "Accepted" ]; then
    echo "notarize.sh: Apple's verdict on $dmg is '${status:-none}' (submission ${id:-?}); its log:" >&2
    if [ -n "$id" ]; then
        xcrun notarytool log "$id" --keychain-profile "$profile" >&2 || true
    fi
    exit 1
fi
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
echo "notarized and stapled $dmg"
