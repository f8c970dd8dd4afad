#!/usr/bin/env bash
# Remove Clinical Assistant for the current user.
#   uninstall.sh           removes the app, launcher link, menu entry and icon; KEEPS your data
#   uninstall.sh --purge   also deletes your data (history, settings, imported models) and the
#                          history encryption key in the OS keyring; asks first, and without a
#                          terminal to ask on refuses unless --yes is given
set -euo pipefail

PURGE=0
YES=0
BIN_DIR="${HOME}/.local/bin"
while [ $# -gt 0 ]; do
    case "$1" in
        --purge) PURGE=1; shift ;;
        --yes|-y) YES=1; shift ;;
        --bin-dir) BIN_DIR="${2:?--bin-dir needs a folder}"; shift 2 ;;
        -h|--help) echo "usage: $0 [--purge] [--yes] [--bin-dir DIR]"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

DATA_HOME="${XDG_DATA_HOME:-${HOME}/.local/share}"
APP_DIR="${DATA_HOME}/ClinicalAssistant-app"
USER_DATA="${CLINASSIST_HOME:-${DATA_HOME}/ClinicalAssistant}"
LINK="${BIN_DIR}/clinical-assistant"

# Decide about the data before anything is removed: never delete it without a yes.
if [ "${PURGE}" = 1 ]; then
    case "${USER_DATA}" in
        ""|"/"|"${HOME}"|"${HOME}/"|"${DATA_HOME}"|"${DATA_HOME}/")
            echo "error: refusing to delete ${USER_DATA}" >&2; exit 1 ;;
    esac
    if [ "${YES}" != 1 ]; then
        if [ ! -t 0 ]; then
            echo "error: --purge deletes ALL your data in ${USER_DATA} and needs a yes;" \
                "there is no terminal to ask on. Run it again with --purge --yes." >&2
            exit 1
        fi
        printf 'Delete ALL your Clinical Assistant data in %s and its encryption key? [y/N] ' \
            "${USER_DATA}"
        read -r answer
        case "${answer}" in
            y|Y|yes|YES) ;;
            *) echo "Data kept."; PURGE=0 ;;
        esac
    fi
fi
if [ "${PURGE}" = 1 ] && [ -x "${APP_DIR}/ClinicalAssistant" ]; then
    # The app removes its key with the same OS keyring backend it stored it with.
    if "${APP_DIR}/ClinicalAssistant" --forget-encryption-key; then
        :
    else
        echo "warning: the encryption key could not be removed from the OS keyring" \
            "(service ClinicalAssistant); remove it with your keyring manager." >&2
    fi
fi

if [ -L "${LINK}" ]; then
    case "$(readlink "${LINK}")" in
        "${APP_DIR}"/*) rm -f "${LINK}" ;;
        *) echo "leaving ${LINK}: it does not point into ${APP_DIR}" >&2 ;;
    esac
fi
rm -f "${DATA_HOME}/applications/clinical-assistant.desktop"
rm -f "${DATA_HOME}/icons/hicolor/256x256/apps/clinical-assistant.png"
rm -f "${DATA_HOME}/icons/hicolor/scalable/apps/clinical-assistant.svg"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "${DATA_HOME}/applications" 2>/dev/null || true
fi
if [ -d "${APP_DIR}" ]; then
    rm -rf "${APP_DIR}"
    echo "Removed Clinical Assistant from ${APP_DIR}"
else
    echo "Clinical Assistant is not installed in ${APP_DIR}"
fi

if [ "${PURGE}" = 1 ]; then
    if [ -d "${USER_DATA}" ]; then
        rm -rf "${USER_DATA}"
        echo "Deleted your data in ${USER_DATA}"
    fi
else
    if [ -d "${USER_DATA}" ]; then
        echo "Your data was kept in ${USER_DATA} (run with --purge to delete it)."
    fi
fi
