#!/usr/bin/env python3
"""Parses every .plist and .entitlements file under the given folders with plistlib and
checks the keys the bundle depends on. Usage: check_plists.py DIR..."""
import pathlib
import plistlib
import sys

FORBIDDEN_ENTITLEMENTS = {
    "com.apple.security.get-task-allow",
    "com.apple.security.cs.disable-library-validation",
    "com.apple.security.cs.allow-dyld-environment-variables",
    "com.apple.security.cs.allow-unsigned-executable-memory",
    "com.apple.security.cs.disable-executable-page-protection",
}


def main(folders):
    files = [p for d in folders for p in sorted(pathlib.Path(d).iterdir())
             if p.suffix in (".plist", ".entitlements")]
    if len(files) < 6:
        print(f"expected the 4 generated plists and 2 entitlements, found {len(files)}")
        return 1
    for path in files:
        with path.open("rb") as f:
            data = plistlib.load(f)  # raises on any syntax error
        if not isinstance(data, dict):
            print(f"{path}: the top level is not a dictionary")
            return 1
        if path.suffix == ".entitlements" and FORBIDDEN_ENTITLEMENTS & data.keys():
            print(f"{path}: weakens the hardened runtime: {FORBIDDEN_ENTITLEMENTS & data.keys()}")
            return 1
        if path.name == "Info.plist" and data.get("LSUIElement") is not True:
            print(f"{path}: LSUIElement must be true (a menu-bar app)")
            return 1
        print(f"{path.name}: ok ({len(data)} keys)")
    print(f"{len(files)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
