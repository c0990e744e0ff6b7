#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po.sh SRCDIR
#
# Fails when a translation is incomplete: every po/*.po must pass
# `msgfmt --check` with no fuzzy and no untranslated message, and must hold
# every msgid of a pot extracted afresh from po/POTFILES.in (the same
# xgettext call as meson's glib preset), so a string added to the code
# without a translation fails the build's tests.

set -eu

src=${1:?usage: check-po.sh SRCDIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

xgettext --package-name=sanhe -p "$tmp" -o sanhe.pot -D "$src" -f "$src/po/POTFILES.in" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_set_error:4:c-format --flag=g_printf:1:c-format

for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
  po="$src/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "FAIL $lang: $po is missing"
    status=1
    continue
  fi

  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    echo "FAIL $lang: msgfmt --check"
    echo "$stats"
    status=1
    continue
  fi
  echo "$lang: $stats"
  case "$stats" in
    *fuzzy*|*untranslated*)
      echo "FAIL $lang: fuzzy or untranslated messages"
      status=1
      ;;
  esac

  # Every msgid of the fresh pot must be in the .po, translated.
  if ! LC_ALL=C msgcmp --use-untranslated "$po" "$tmp/sanhe.pot" 2>"$tmp/msgcmp.log"; then
    echo "FAIL $lang: messages of the sources missing from $lang.po:"
    cat "$tmp/msgcmp.log"
    status=1
  fi

  header=$(msgexec -i "$po" sh -c '[ "$MSGEXEC_MSGID" = "" ] && cat' 2>/dev/null || true)
  case "$header" in
    *"charset=UTF-8"*) ;;
    *) echo "FAIL $lang: the header does not say charset=UTF-8"; status=1 ;;
  esac
  case "$lang" in
    zh_CN) want='nplurals=1; plural=0;' ;;
    es) want='nplurals=2; plural=(n != 1);' ;;
    *) want='' ;;
  esac
  case "$header" in
    *"$want"*) ;;
    *) echo "FAIL $lang: the plural rule is not '$want'"; status=1 ;;
  esac
done

[ $status -eq 0 ] && echo "translations complete"
exit $status
