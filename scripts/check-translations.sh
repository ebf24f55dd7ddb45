#!/usr/bin/env bash
# Fails when a catalogue has untranslated or fuzzy messages, and lists them.
set -euo pipefail
catalogue="$1"
problems=$( { msgattrib --untranslated --no-wrap "$catalogue"; msgattrib --only-fuzzy --no-wrap "$catalogue"; } \
  | grep -E '^msgid "' | grep -v '^msgid ""$' || true)
if [ -n "$problems" ]; then
  echo "Untranslated or fuzzy messages in $catalogue:" >&2
  echo "$problems" >&2
  exit 1
fi
echo "Translations complete: $catalogue"
