#!/usr/bin/env bash
# The main job on the bundled sample corpus: installs what the build needs,
# builds, and prints the cited brief of each sample story.
# (Until story clustering lands, each folder of examples/corpus/ is one story.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh build
for story in examples/corpus/*/; do
  echo
  build/storyline brief "$story"
done
