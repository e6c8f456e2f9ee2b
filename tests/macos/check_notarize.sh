#!/usr/bin/env bash
# notarize.sh against stand-ins for Apple's tools: an "Invalid" verdict exits 1 and prints
# Apple's log (notarytool itself exits 0 then); "Accepted" goes on to staple. Runs anywhere.
set -eo pipefail
script=${1:?usage: check_notarize.sh PATH/TO/notarize.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
cat > "$work/bin/xcrun" <<'STUB'
#!/usr/bin/env bash
case "$1 $2" in
    "notarytool submit") printf '{"id":"sub-42","status":"%s","message":"done"}\n' "$VERDICT" ;;
    "notarytool log") echo "issue: the binary is not signed with a valid Developer ID" ;;
    "stapler staple") echo "stapled" >> "$STAPLED" ;;
    "stapler validate") ;;
    *) echo "unexpected xcrun $*" >&2; exit 9 ;;
esac
STUB
printf '#!/bin/sh\nexit 0\n' > "$work/bin/codesign"
printf '#!/bin/sh\nexit 0\n' > "$work/bin/spctl"
chmod +x "$work/bin/"*
touch "$work/k8s-hosts.dmg"
export PATH="$work/bin:$PATH" STAPLED="$work/stapled"

set +e
out=$(VERDICT=Invalid "$script" --dmg "$work/k8s-hosts.dmg" 2>&1)
rc=$?
set -e
if [ "$rc" -ne 1 ] || ! grep -q "verdict on .* is 'Invalid'" <<<"$out" ||
    ! grep -q "not signed with a valid Developer ID" <<<"$out" || [ -e "$STAPLED" ]; then
    echo "an Invalid verdict must exit 1 with Apple's log and staple nothing; got rc=$rc:"
    echo "$out"
    exit 1
fi
VERDICT=Accepted "$script" --dmg "$work/k8s-hosts.dmg" > /dev/null
if [ ! -s "$STAPLED" ]; then
    echo "an Accepted verdict must staple the ticket"
    exit 1
fi
echo "notarize.sh: Invalid fails with Apple's log, Accepted staples"
