#!/usr/bin/env bash
# The main job on the bundled sample corpus: installs what the build needs,
# builds, groups the sample articles into stories and prints each story's
# cited brief. With --serve it then stores the corpus in build/demo.db and
# serves the web UI and JSON API on 127.0.0.1 (PORT, default 8080), printing
# the URL, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh build
echo
build/storyline brief examples/corpus examples/corpus.jsonl
if [ "${1:-}" = "--serve" ]; then
  db=build/demo.db
  rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
  echo
  build/storyline ingest --db "$db" examples/corpus examples/corpus.jsonl
  exec build/storyline serve --db "$db" --port "${PORT:-8080}"
fi
