#!/usr/bin/env bash
# Install Clinical Assistant for the current user, in one step, without root:
#   ./install.sh            (run from the unpacked ClinicalAssistant/ bundle folder)
# Puts the app in ${XDG_DATA_HOME:-~/.local/share}/ClinicalAssistant-app, a launcher link in
# ~/.local/bin/clinical-assistant, a menu entry and an icon. Re-running it upgrades in place.
# Your data (history, settings, imported models) lives in
# ${XDG_DATA_HOME:-~/.local/share}/ClinicalAssistant and is never touched by install/upgrade.
set -euo pipefail

usage() {
    echo "usage: $0 [--bin-dir DIR] [--no-menu]" >&2
    echo "  --bin-dir DIR  where to put the clinical-assistant link (default ~/.local/bin)" >&2
    echo "  --no-menu      do not add a desktop menu entry and icon" >&2
}

BIN_DIR="${HOME}/.local/bin"
MENU=1
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) BIN_DIR="${2:?--bin-dir needs a folder}"; shift 2 ;;
        --no-menu) MENU=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage; exit 2 ;;
    esac
done

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
DATA_HOME="${XDG_DATA_HOME:-${HOME}/.local/share}"
APP_DIR="${DATA_HOME}/ClinicalAssistant-app"
USER_DATA="${CLINASSIST_HOME:-${DATA_HOME}/ClinicalAssistant}"
EXE_NAME="ClinicalAssistant"

if [ ! -x "${SRC}/${EXE_NAME}" ] || [ ! -d "${SRC}/_internal" ]; then
    echo "error: ${SRC} is not an unpacked Clinical Assistant bundle (no ${EXE_NAME})." >&2
    exit 1
fi
mkdir -p "${DATA_HOME}"
if [ -d "${APP_DIR}" ] && [ "$(cd "${APP_DIR}" && pwd -P)" = "${SRC}" ]; then
    echo "Clinical Assistant is already installed from this folder (${APP_DIR})."
    exit 0
fi

# Stage the new version next to the old one, then swap, so a failed copy changes nothing.
STAGE="${APP_DIR}.new.$$"
OLD="${APP_DIR}.old.$$"
cleanup() { rm -rf "${STAGE}"; }
trap cleanup EXIT
rm -rf "${STAGE}"
mkdir -p "${STAGE}"
cp -a "${SRC}/." "${STAGE}/"
if [ -d "${APP_DIR}" ]; then
    mv "${APP_DIR}" "${OLD}"
    mv "${STAGE}" "${APP_DIR}"
    rm -rf "${OLD}"
    ACTION="upgraded"
else
    mv "${STAGE}" "${APP_DIR}"
    ACTION="installed"
fi
trap - EXIT

mkdir -p "${BIN_DIR}"
ln -sfn "${APP_DIR}/${EXE_NAME}" "${BIN_DIR}/clinical-assistant"

if [ "${MENU}" = 1 ]; then
    APPS="${DATA_HOME}/applications"
    ICONS="${DATA_HOME}/icons/hicolor"
    mkdir -p "${APPS}" "${ICONS}/256x256/apps" "${ICONS}/scalable/apps"
    cp "${APP_DIR}/share/clinical-assistant.png" "${ICONS}/256x256/apps/clinical-assistant.png"
    cp "${APP_DIR}/share/clinical-assistant.svg" "${ICONS}/scalable/apps/clinical-assistant.svg"
    case "${APP_DIR}" in
        *[\"\`\$\\%]*)
            echo "warning: ${APP_DIR} has characters a menu entry cannot hold; no menu entry." >&2
            ;;
        *)
            QUOTED="\"${APP_DIR}/${EXE_NAME}\""
            while IFS= read -r line || [ -n "${line}" ]; do
                line="${line//@EXEC@/${QUOTED}}"
                printf '%s\n' "${line//@ICON@/clinical-assistant}"
            done < "${APP_DIR}/share/clinical-assistant.desktop.in" \
                > "${APPS}/clinical-assistant.desktop"
            ;;
    esac
    [ -f "${APPS}/clinical-assistant.desktop" ] && chmod 0644 "${APPS}/clinical-assistant.desktop"
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "${APPS}" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "${ICONS}" 2>/dev/null || true
    fi
fi

echo "Clinical Assistant ${ACTION} in ${APP_DIR}"
echo "Start it from your applications menu or with: ${BIN_DIR}/clinical-assistant"
case ":${PATH}:" in
    *":${BIN_DIR}:"*) ;;
    *) echo "(${BIN_DIR} is not on your PATH; add it to run 'clinical-assistant' by name)" ;;
esac
echo "Your data stays in ${USER_DATA} (kept on upgrade and uninstall)."
