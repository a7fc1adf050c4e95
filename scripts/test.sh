#!/usr/bin/env bash
# Installs what the build needs, builds, and runs every test twice: once in an
# optimised build and once under AddressSanitizer + UndefinedBehaviorSanitizer;
# then two minutes of mutation fuzzing of the CLI (sanitizer build), the web
# UI tests, and a check that the training scripts reproduce the committed
# models.
# Tests that need ../shared (real articles and evaluation data) report SKIPPED
# with a reason when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
jobs=$(nproc)

echo "== build and test (RelWithDebInfo)"
bash scripts/build.sh build
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build and test (AddressSanitizer + UBSan)"
bash scripts/build.sh build-asan -DSTORYLINE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure -j"$jobs")

echo "== mutation fuzzing of the CLI on bad input (AddressSanitizer + UBSan, 120 s, fixed seed)"
ASAN_OPTIONS=detect_leaks=1 python3 tests/fuzz/fuzz_cli.py --storyline build-asan/storyline \
  --seconds 120 --seed 2026 --out build-asan/fuzz-findings

echo "== web UI tests (Chromium)"
bash tests/ui/run.sh build/storyline

echo "== the training scripts reproduce the committed models"
bash scripts/check_models.sh
