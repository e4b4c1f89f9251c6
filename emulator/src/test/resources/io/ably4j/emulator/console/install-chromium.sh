#!/usr/bin/env bash
# Installs Debian's chromium package where it is missing, for the emulator console test (ConsoleBrowserTest).
# Prints the browser's path on the last line of stdout when one is available; exits non-zero when it is not and
# cannot be installed (no apt-get, neither root nor password-less sudo, no network). Safe to run repeatedly.
set -uo pipefail

find_browser() {
    for b in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$b" >/dev/null 2>&1; then
            command -v "$b"
            return 0
        fi
    done
    return 1
}

if path=$(find_browser); then
    echo "$path"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: apt-get not found; install Chromium by hand" >&2
    exit 3
fi
# Root installs directly; otherwise only a password-less sudo (as on hosted CI runners) is used.
if [ "$(id -u)" = "0" ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "install-chromium: not root and no password-less sudo; run 'sudo apt-get install -y chromium'" >&2
    exit 4
fi
export DEBIAN_FRONTEND=noninteractive
# Some images ship without package lists; an install that fails for want of them is retried after an update.
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; then
    "${as_root[@]}" apt-get update >&2 || { echo "install-chromium: apt-get update failed (no network?)" >&2; exit 5; }
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 || {
        echo "install-chromium: apt-get install chromium failed" >&2
        exit 6
    }
fi
if path=$(find_browser); then
    echo "$path"
    exit 0
fi
echo "install-chromium: chromium installed but not found on PATH" >&2
exit 7
