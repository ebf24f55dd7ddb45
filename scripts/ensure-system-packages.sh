#!/usr/bin/env bash
# Installs Debian packages that are missing (as root on this machine kind); names: the packages.
set -euo pipefail
declare -A provides=([chromium]=/usr/bin/chromium [gettext]=/usr/bin/msgfmt)
missing=()
for package in "$@"; do
  [ -x "${provides[$package]:-/nonexistent}" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
