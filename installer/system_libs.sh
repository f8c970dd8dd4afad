#!/bin/sh
# Check (and, as root on Debian/Ubuntu, install) the system libraries Qt's X11/Wayland
# platform plugin needs; PySide6 wheels bring Qt itself but not these.
#   sh installer/system_libs.sh          check; install missing ones when root with apt-get
#   sh installer/system_libs.sh --check  check only (exit 1 and print the command if missing)
# LDCONFIG overrides the command that lists the linker cache (default: ldconfig -p).
set -u

# soname:debian-package, one per line
LIBS="libxcb-cursor.so.0:libxcb-cursor0
libxcb-icccm.so.4:libxcb-icccm4
libxcb-keysyms.so.1:libxcb-keysyms1
libxcb-image.so.0:libxcb-image0
libxcb-render-util.so.0:libxcb-render-util0
libxcb-shape.so.0:libxcb-shape0
libxcb-randr.so.0:libxcb-randr0
libxcb-xkb.so.1:libxcb-xkb1
libxkbcommon-x11.so.0:libxkbcommon-x11-0
libxkbcommon.so.0:libxkbcommon0
libEGL.so.1:libegl1
libGL.so.1:libgl1
libfontconfig.so.1:libfontconfig1
libdbus-1.so.3:libdbus-1-3"

mode="${1:-install}"
if [ "$(uname -s)" != "Linux" ]; then
    exit 0  # macOS/Windows: Qt's wheels are self-contained
fi
case "${QT_QPA_PLATFORM:-}" in
    offscreen|minimal) exit 0 ;;  # headless: no display libraries needed
esac

cache="$(${LDCONFIG:-ldconfig -p} 2>/dev/null || /sbin/ldconfig -p 2>/dev/null)"
missing_pkgs=""
missing_libs=""
for pair in $LIBS; do
    lib="${pair%%:*}"
    pkg="${pair#*:}"
    if ! printf '%s\n' "$cache" | grep -q "[[:space:]]$lib[[:space:]]"; then
        missing_pkgs="$missing_pkgs $pkg"
        missing_libs="$missing_libs $lib"
    fi
done
missing_pkgs="${missing_pkgs# }"
missing_libs="${missing_libs# }"
if [ -z "$missing_pkgs" ]; then
    exit 0
fi

echo "The app's window system (Qt) needs libraries this computer does not have:" >&2
echo "  missing: $missing_libs" >&2
if [ "$mode" != "--check" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing them with apt-get: $missing_pkgs" >&2
    # shellcheck disable=SC2086 - one word per package
    if apt-get install -y --no-install-recommends $missing_pkgs >&2 \
        || { apt-get update >&2 && apt-get install -y --no-install-recommends $missing_pkgs >&2; }; then
        exit 0
    fi
    echo "apt-get could not install them (see above)." >&2
    exit 1
fi
if command -v apt-get >/dev/null 2>&1; then
    echo "Install them, then run the app again:" >&2
    echo "  sudo apt-get install -y $missing_pkgs" >&2
else
    echo "Install the packages that provide these libraries with your system's package" >&2
    echo "manager (on Debian/Ubuntu: $missing_pkgs), then run the app again." >&2
fi
exit 1
