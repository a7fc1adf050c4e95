#!/usr/bin/env bash
# The main job on the bundled sample corpus: installs what the build needs,
# builds, groups the sample articles into stories and prints each story's
# cited brief.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh build
echo
build/storyline brief examples/corpus examples/corpus.jsonl
