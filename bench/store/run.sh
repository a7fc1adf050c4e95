#!/usr/bin/env bash
# Store and server benchmark (docs/BENCHMARKS.md "Store and server").
#   bench/store/run.sh [ARTICLES=1000000] [BUILD_DIR=build] [WORK_DIR=/tmp/storyline-bench-store]
# REUSE_DB=1 measures the API on the database of an earlier run; API=0 stops
# after the ingest.
# 1. generates the synthetic corpus (store_corpus, fixed seed) into WORK_DIR;
# 2. ingests it end to end from JSONL on one core (taskset -c 0):
#    articles/s, database bytes per article;
# 3. serves the database and measures latency (p50/p99) of the story list,
#    story pages (cold: briefs built on first request unless the server's
#    warmer got to them first; warm: every sampled brief cached) and
#    search, each with wrk: 2 threads, 50 connections, 30 s, on 127.0.0.1,
#    after a warm-up of the same requests (WARMUP, default 5 s: the first
#    pass over a database's pages is slower) that is not measured; the search
#    is measured once more without it (search-first-30s: from a server
#    started cold, as a restart meets it).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
build=${2:-build}
work=${3:-/tmp/storyline-bench-store}
duration=${DURATION:-30s}
warmup=${WARMUP:-5s}
mkdir -p "$work"
ninja -C "$build" storyline store_corpus >/dev/null

corpus=$work/corpus-$n
if [ ! -d "$corpus" ]; then
  echo "== generating $n articles"
  rm -rf "$corpus.tmp" && mkdir -p "$corpus.tmp"
  "$build/store_corpus" "$n" 20261128 "$corpus.tmp" && mv "$corpus.tmp" "$corpus"
fi
corpus_bytes=$(du -sbL "$corpus" | cut -f1)  # -L: the corpus may be a link to one made before

db=$work/store-$n.db
if [ -n "${REUSE_DB:-}" ] && [ -s "$db" ]; then
  echo "== reusing $db (REUSE_DB set): no ingest"
else
rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
echo "== ingest ($n articles, $((corpus_bytes / n)) bytes/article of JSONL) on core 0"
start=$(date +%s.%N)
/usr/bin/time -f "cpu %U %S" -o "$work/ingest.time" \
  taskset -c 0 "$build/storyline" ingest --db "$db" "$corpus" 2>"$work/ingest.log" || { tail "$work/ingest.log"; exit 1; }
end=$(date +%s.%N)
tail -1 "$work/ingest.log"
read -r _ user sys <"$work/ingest.time"
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()
PY
db_bytes=$(stat -c %s "$db")
python3 -c "
n=$n; s=$end-$start; cpu=$user+$sys
print(f'ingest: {n} articles in {s:.1f} s wall = {n/s:,.0f} articles/s; {cpu:.1f} s CPU = {n/cpu:,.0f} articles/s of CPU time')
print(f'database {$db_bytes/1e9:.2f} GB = {$db_bytes/n:,.0f} bytes/article (JSONL input: {$corpus_bytes/n:,.0f})')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

[ "${API:-1}" = 0 ] && exit 0

echo "== request paths"
python3 - "$db" "$work" <<'PY'
import random, sqlite3, sys, urllib.parse
db, work = sys.argv[1], sys.argv[2]
rng = random.Random(20261128)
c = sqlite3.connect(db)
stories = [r[0] for r in c.execute("SELECT id FROM stories ORDER BY last_time DESC, last_seq DESC")]
with open(f"{work}/list.txt", "w") as f:
    for k in range(50):
        f.write(f"/api/stories?limit=20&offset={k * 20}\n")
with open(f"{work}/story.txt", "w") as f:
    for sid in rng.sample(stories, min(1000, len(stories))):
        f.write(f"/api/stories/{sid}\n")
titles = [r[0] for r in c.execute("SELECT title FROM articles WHERE seq IN (%s)" %
          ",".join(str(rng.randint(1, len(stories) * 5)) for _ in range(2000)))]
words = [w for t in titles for w in t.split()]
with open(f"{work}/search.txt", "w") as f:
    for _ in range(2000):
        q = " ".join(rng.sample(words, rng.choice([1, 2])))
        f.write("/api/search?limit=20&q=" + urllib.parse.quote(q) + "\n")
print(f"{len(stories)} stories")
PY

server=
start_server() {
  "$build/storyline" serve --db "$db" --port 0 --rate-limit 0 >"$work/serve.out" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q "http://" "$work/serve.out" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*/' "$work/serve.out" | head -1)
  url=${url%/}
  echo "== server at $url"
}
trap 'kill $server 2>/dev/null || true' EXIT
start_server

measure() {  # name paths-file [cold]
  [ "${3:-}" = cold ] || PATHS="$work/$2" wrk -t2 -c50 -d"$warmup" -s bench/store/paths.lua "$url" >/dev/null
  PATHS="$work/$2" wrk -t2 -c50 -d"$duration" --latency -s bench/store/paths.lua "$url" >"$work/wrk-$1.txt"
  python3 - "$1" "$work/wrk-$1.txt" <<'PY'
import re, sys
t = open(sys.argv[2]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    if not m: return float("nan")
    v = float(m.group(1)); return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{sys.argv[1]:<18} p50 {ms('50%'):8.2f} ms  p99 {ms('99%'):8.2f} ms  {float(rps.group(1)) if rps else 0:8.0f} req/s"
      f"  non-2xx {errors.group(1) if errors else 0}")
PY
}
briefs() {  # how many stories' briefs are cached at their current version
  python3 - "$db" "$work/story.txt" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
n = c.execute("SELECT count(*) FROM briefs b JOIN stories s ON s.id = b.story_id AND s.last_seq = b.version").fetchone()[0]
ids = [l.strip().rsplit("/", 1)[1] for l in open(sys.argv[2])]
sampled = sum(c.execute("SELECT count(*) FROM briefs b JOIN stories s ON s.id = b.story_id AND s.last_seq = b.version "
                        "WHERE s.id = ?", (i,)).fetchone()[0] for i in ids)
total = c.execute("SELECT count(*) FROM stories").fetchone()[0]
print(f"briefs cached: {n:,} of {total:,} stories; {sampled} of the {len(ids)} sampled story pages")
PY
}
# The server's warmer builds stale briefs, newest first, whenever no request
# came for 100 ms: between the runs, not during them.
measure stories-list list.txt
briefs
measure story-page-cold story.txt cold
# Every sampled story page once more, so all are cached, then measure warm.
sed "s|^|$url|" "$work/story.txt" | xargs -P 4 -I{} curl -s -o /dev/null {}
briefs
measure story-page-warm story.txt
measure search search.txt
briefs
# What a restart meets: the first 30 s of searches on a new server (its page
# caches empty; its search cache filled during the first seconds).
kill $server; wait $server 2>/dev/null || true
start_server
measure search-first-30s search.txt cold
