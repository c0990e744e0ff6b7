# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by tools/run and tools/check (sourced, not run).

# What the project needs from Debian 12 to build and run…
SANHE_RUN_PACKAGES="build-essential meson ninja-build pkg-config
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libpq-dev libsodium-dev
  postgresql-15 gettext fonts-wqy-microhei"
# …and to test (the client tests run in Xvfb with a session bus).
SANHE_CHECK_PACKAGES="$SANHE_RUN_PACKAGES xvfb xauth dbus-daemon dbus-x11 imagemagick xdotool
  desktop-file-utils appstream"

say () {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
}

die () {
  say "$*"
  exit 1
}

# Installs the packages named in "$@" that are not installed yet; nothing
# (not even apt-get update) when all are there.
ensure_packages () {
  missing=""
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
      *"install ok installed"*) ;;
      *) missing="$missing $pkg" ;;
    esac
  done
  [ -z "$missing" ] && return 0

  say "installing from Debian:$missing"
  if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo_cmd="sudo"
  else
    die "these packages are missing and there is no sudo to install them:$missing"
  fi
  # shellcheck disable=SC2086
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q ||
    die "apt-get update failed"
  # shellcheck disable=SC2086
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends $missing || die "apt-get install failed"
}

# Configures (or reconfigures) and builds build dir "$1" with extra meson
# options "$2…".
build_into () {
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" || meson setup --wipe "$dir" "$@" ||
      die "meson setup failed"
  else
    meson setup "$dir" "$@" || die "meson setup failed"
  fi
  meson compile -C "$dir" || die "the build failed"
}

# meson's own tally, from its machine-readable log (one JSON object a test):
# passed = OK + EXPECTEDFAIL; failed = everything else (a skipped test is a
# failure here: tests must not skip). Prints "PASSED FAILED".
meson_tally () {
  python3 - "$1" <<'EOF'
import json, sys
passed = failed = 0
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result", "")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
except FileNotFoundError:
    pass
print(passed, failed)
EOF
}
