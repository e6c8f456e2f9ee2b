#!/usr/bin/env bash
# Every packaging script under the given folder parses (bash -n), is executable, and passes
# shellcheck when it is installed (scripts/install-deps installs it). Written for bash 3.2,
# the one macOS ships: no mapfile, no empty arrays under set -u.
set -eo pipefail
dir=${1:?usage: check_scripts.sh DIR}
scripts=()
while IFS= read -r -d '' script; do
    scripts+=("$script")
done < <(find "$dir" -name '*.sh' -type f -print0 | sort -z)
if [ ${#scripts[@]} -lt 4 ]; then
    echo "expected the build, sign, notarize and dmg scripts in $dir, found ${#scripts[@]}"
    exit 1
fi
failed=0
for script in "${scripts[@]}"; do
    if ! bash -n "$script"; then
        echo "$script: syntax error"
        failed=$((failed + 1))
    elif [ ! -x "$script" ]; then
        echo "$script: not executable (git update-index --chmod=+x)"
        failed=$((failed + 1))
    elif command -v shellcheck >/dev/null && ! shellcheck -x "$script"; then
        failed=$((failed + 1))
    fi
done
echo "$((${#scripts[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
