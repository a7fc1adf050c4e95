#!/usr/bin/env bash
# Runs the web UI tests in the system Chromium (Debian `chromium`), driven by
# playwright-core from npm (no browser download).
#   tests/ui/run.sh PATH/TO/storyline
# Prints SKIPPED and exits 0 only when Chromium or Node.js is not installed.
set -euo pipefail
binary=$(realpath "${1:-$(dirname "$0")/../../build/storyline}")
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  echo "SKIPPED: UI tests: /usr/bin/chromium is not installed (Debian package chromium)"
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: UI tests: node and npm are not installed"
  exit 0
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent
fi
artifacts="${UI_ARTIFACTS:-$(dirname "$binary")/ui-artifacts}"
status=0
node xss.test.mjs "$binary" "$artifacts" || status=1
node story.test.mjs "$binary" "$artifacts" || status=1
exit $status
