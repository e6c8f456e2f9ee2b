#!/usr/bin/env bash
# Builds k8s-hosts.app on macOS: configures a release build for a signing team, builds it,
# and copies Qt into the bundle with macdeployqt (the helper included). Sign it next with
# sign.sh. Usage:
#   installers/macos/build-app.sh [--build-dir DIR] [--team-id TEAMID] [--deployment-target 12.0]
# Without --team-id the build is ad-hoc: for your own Mac only (docs/macos.md).
set -euo pipefail

usage() {
    # The comment at the top of this file.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit "${1:-0}"
}

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir="$root/build/macos-release"
team_id=""
deployment_target=""
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build_dir=${2:?--build-dir needs a folder}; shift 2 ;;
        --team-id) team_id=${2:?--team-id needs a team ID}; shift 2 ;;
        --deployment-target) deployment_target=${2:?--deployment-target needs a version}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "build-app.sh: unknown argument $1" >&2; usage 2 ;;
    esac
done

if [ "$(uname -s)" != "Darwin" ]; then
    echo "build-app.sh: builds the macOS bundle and runs on macOS only" >&2
    exit 1
fi
macdeployqt=$(command -v macdeployqt || true)
if [ -z "$macdeployqt" ] && command -v brew >/dev/null; then
    macdeployqt="$(brew --prefix qt)/bin/macdeployqt"
fi
if [ ! -x "$macdeployqt" ]; then
    echo "build-app.sh: macdeployqt not found; install Qt (brew install qt) or add its bin folder to PATH" >&2
    exit 1
fi

configure=(-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DK8S_HOSTS_MACOS_TEAM_ID="$team_id")
if [ -n "$deployment_target" ]; then
    # The oldest macOS to run on; the Qt you build against must support it too.
    configure+=(-DCMAKE_OSX_DEPLOYMENT_TARGET="$deployment_target")
fi
cmake -S "$root" -B "$build_dir" -G Ninja "${configure[@]}"
cmake --build "$build_dir"

app="$build_dir/app/k8s-hosts.app"
helper="$app/Contents/Library/LaunchServices/io.github.k8shosts.Helper"
if [ ! -x "$helper" ]; then
    echo "build-app.sh: $helper is missing; the build did not assemble the bundle" >&2
    exit 1
fi
# The helper lives outside Contents/MacOS, so macdeployqt must be told about it.
"$macdeployqt" "$app" -always-overwrite -executable="$helper"
echo "built $app"
