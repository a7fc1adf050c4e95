#!/usr/bin/env bash
# The main job on the bundled sample corpus: installs what the build needs,
# builds, and prints the cited brief of the sample stories.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh build
echo
build/storyline brief examples/corpus
