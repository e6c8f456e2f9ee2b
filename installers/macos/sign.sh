#!/usr/bin/env bash
# Signs k8s-hosts.app inside out with the hardened runtime: Qt's frameworks and plug-ins,
# the helper, then the app. The identity is a parameter; "-" (the default) signs ad-hoc for
# a local build. Then checks that the helper satisfies the requirement the app's Info.plist
# names (SMPrivilegedExecutables), as SMJobBless and the app's XPC connection will. Usage:
#   installers/macos/sign.sh --app PATH [--identity "Developer ID Application: Name (TEAMID)"]
set -euo pipefail

usage() {
    # The comment at the top of this file.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit "${1:-0}"
}

here=$(cd "$(dirname "$0")" && pwd)
app=""
identity="-"
while [ $# -gt 0 ]; do
    case "$1" in
        --app) app=${2:?--app needs the .app path}; shift 2 ;;
        --identity) identity=${2:?--identity needs a signing identity}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "sign.sh: unknown argument $1" >&2; usage 2 ;;
    esac
done
if [ -z "$app" ] || [ ! -d "$app/Contents" ]; then
    echo "sign.sh: --app must name a built k8s-hosts.app (see build-app.sh)" >&2
    exit 2
fi

label=io.github.k8shosts.Helper
helper="$app/Contents/Library/LaunchServices/$label"
options=(--force --options runtime --sign "$identity")
if [ "$identity" = "-" ]; then
    echo "sign.sh: signing ad-hoc; this build is for this Mac only"
    options+=(--timestamp=none)
else
    options+=(--timestamp) # notarization needs a secure timestamp
fi

# Inside out: nested code first, so each outer signature seals signed contents.
while IFS= read -r -d '' code; do
    codesign "${options[@]}" "$code"
done < <(find "$app/Contents/Frameworks" "$app/Contents/PlugIns" \
              \( -name '*.dylib' -o -name '*.framework' \) -print0 2>/dev/null)
codesign "${options[@]}" --identifier "$label" \
         --entitlements "$here/helper.entitlements" "$helper"
codesign "${options[@]}" --entitlements "$here/app.entitlements" "$app"

codesign --verify --strict --verbose=2 "$app"
requirement=$(/usr/libexec/PlistBuddy -c "Print :SMPrivilegedExecutables:$label" \
              "$app/Contents/Info.plist")
if ! codesign --verify --verbose=2 -R="$requirement" "$helper"; then
    echo "sign.sh: the helper does not satisfy the app's requirement: $requirement" >&2
    echo "sign.sh: build with --team-id matching the identity's team (build-app.sh)" >&2
    exit 1
fi
echo "signed $app with ${identity}"
