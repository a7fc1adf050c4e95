#!/usr/bin/env bash
# Installs every Debian 12 package that building and testing Storyline needs, and
# nothing else. Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libicu-dev          # Unicode: UTF-8 checks, normalisation, break iteration, charsets
  libstemmer-dev      # Snowball stemmers
  libcld2-dev         # language identification
  libxxhash-dev       # fast content hashes
  libmodest-dev       # HTML5 parser (myhtml) for web pages
  libsimdjson-dev     # JSONL input
  nlohmann-json3-dev  # JSON output
  libcli11-dev        # command line
  libfmt-dev          # formatting
  libgtest-dev libgmock-dev  # tests
  libbenchmark-dev    # bench/
  zlib1g-dev          # gzip inputs (.gz, .warc.gz, HTTP Content-Encoding), streamed
  libdeflate-dev      # whole gzip members (pages, WARC records) in one call, ~2x zlib
  libxml2-dev         # RSS / Atom feeds
  liblz4-dev          # .warc.lz4 inputs
  libsqlite3-dev      # store: SQLite with WAL and FTS5
  libcpp-httplib-dev  # serve: the HTTP server
  libcurl4-openssl-dev  # watch: feeds and pages over HTTP(S), conditional requests
  libtbb-dev          # extraction over several cores (oneTBB pipeline)
  libmimalloc-dev     # the executables' allocator (src/cli/allocator.cc)
  wrk                 # bench/store: HTTP load
)
# Web UI tests (tests/ui): the system Chromium driven by npm playwright-core.
# Optional: when they cannot be installed the UI tests report SKIPPED.
optional=(chromium)
command -v npm >/dev/null || optional+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup-debian: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup-debian: all packages present" >&2
fi

missing=()
for p in "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-debian: installing ${missing[*]} (optional: web UI tests)" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    echo "setup-debian: could not install ${missing[*]}; the web UI tests will be SKIPPED" >&2
fi
