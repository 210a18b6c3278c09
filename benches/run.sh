#!/usr/bin/env bash
# Reproduces every figure of benches/RESULTS.md and prints them as a Markdown table.
#
#   benches/run.sh                       # 1k, 10k and 100k articles (a few minutes on 2 cores)
#   APUNTE_BENCH_SIZES=1000,10000 benches/run.sh
#   KEEP=1 benches/run.sh                # keep the generated bases and indexes (path printed)
#
# Steps: build the release binary; generate the synthetic bases (`apunte bench gen`, seed
# 42) into a temporary folder; run the criterion benches (index, search, suggest, render),
# which also time every call for p50/p99 and compare with `rg -i`; time the real binary
# (`apunte search` with a warm index vs `rg -i`, hyperfine when installed); measure peak
# memory (max RSS, /usr/bin/time -v) of `apunte index` and `apunte search` at each size.
# Nothing touches the user's own config, cache or data folders.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${APUNTE_BENCH_SIZES:-1000,10000,100000}
IFS=, read -r -a NS <<<"$SIZES"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/apunte-bench.XXXXXX")
if [[ -n "${KEEP:-}" ]]; then
  echo "keeping $WORK" >&2
else
  trap 'rm -rf "$WORK"' EXIT
fi
OUT=$WORK/figures.tsv
: >"$OUT"
log() { echo "== $*" >&2; }
fig() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$OUT"; }
# Runs a command and prints the peak of its anonymous resident memory (RssAnon, MB).
peak_anon() {
  "$@" >/dev/null 2>&1 &
  local pid=$! peak=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $v ]] && ((v > peak)) && peak=$v
    sleep 0.01
  done
  wait "$pid" || true
  calc "$peak / 1024"
}
calc() { awk "BEGIN {print $1}"; }
label() { if (($1 >= 1000 && $1 % 1000 == 0)); then echo "$(($1 / 1000))k"; else echo "$1"; fi; }

# Tools: ripgrep and GNU time are needed; hyperfine is optional (a shell loop otherwise).
need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
[[ -x /usr/bin/time ]] || need_apt+=(time)
if ((${#need_apt[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y "${need_apt[@]}" >&2
  else
    echo "please install: ${need_apt[*]}" >&2
    exit 1
  fi
fi

export APUNTE_CONFIG_DIR=$WORK/config APUNTE_DATA_DIR=$WORK/data APUNTE_CACHE_DIR=$WORK/cache
export APUNTE_BENCH_BASES=$WORK/bases APUNTE_BENCH_CACHE=$WORK/bench-cache
export APUNTE_BENCH_OUT=$OUT APUNTE_BENCH_SIZES=$SIZES
mkdir -p "$APUNTE_CONFIG_DIR" "$APUNTE_DATA_DIR" "$APUNTE_CACHE_DIR" "$APUNTE_BENCH_CACHE"

log "building (release)"
cargo build --release --bin apunte --example bare_tantivy >&2
cargo bench --no-run >&2
BIN=$PWD/target/release/apunte
# The engine alone (benches/bare_tantivy.rs): stock tantivy over the same files.
BARE=$PWD/target/release/examples/bare_tantivy

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for n in "${NS[@]}"; do
  l=$(label "$n")
  log "generating $n articles"
  start=$(date +%s.%N)
  "$BIN" bench gen --articles "$n" "$APUNTE_BENCH_BASES/kb-$n" >&2
  end=$(date +%s.%N)
  fig "gen.$l.seconds" "$(calc "$end - $start")" s
  fig "base_size.$l" "$(du -sm "$APUNTE_BENCH_BASES/kb-$n" | cut -f1)" MB
done

for n in "${NS[@]}"; do
  l=$(label "$n")
  log "bare tantivy at $l: build, typing"
  rm -rf "$WORK/bare-$n"
  BARE_LABEL=$l "$BARE" index "$APUNTE_BENCH_BASES/kb-$n" "$WORK/bare-$n" >>"$OUT"
  BARE_LABEL=$l "$BARE" type "$WORK/bare-$n" >>"$OUT"
done

for b in index search suggest render flood; do
  log "cargo bench --bench $b"
  cargo bench --bench "$b" -- --noplot >&2
done

# Process level: the real binary, warm index, vs rg -i on the same files.
QUERY="cargo duplicado"
for n in "${NS[@]}"; do
  l=$(label "$n")
  kb=$APUNTE_BENCH_BASES/kb-$n

  log "peak memory at $l"
  mem_cache=$WORK/mem-cache-$n
  APUNTE_CACHE_DIR=$mem_cache /usr/bin/time -v "$BIN" index -k "$kb" >/dev/null 2>"$WORK/time-index-$n"
  fig "rss_index.$l" "$(awk -F': ' '/Maximum resident/ {print $2/1024}' "$WORK/time-index-$n")" MB
  APUNTE_CACHE_DIR=$mem_cache /usr/bin/time -v "$BIN" search -k "$kb" --limit 20 "$QUERY" >/dev/null 2>"$WORK/time-search-$n"
  fig "rss_search.$l" "$(awk -F': ' '/Maximum resident/ {print $2/1024}' "$WORK/time-search-$n")" MB

  # Max RSS counts the index files mapped into memory (mmap); the anonymous part (heap)
  # is what the process really allocates: sample it every 10 ms.
  rm -rf "$mem_cache"
  fig "anon_index.$l" "$(APUNTE_CACHE_DIR=$mem_cache peak_anon "$BIN" index -k "$kb")" MB
  fig "anon_search.$l" "$(APUNTE_CACHE_DIR=$mem_cache peak_anon "$BIN" search -k "$kb" --limit 20 "$QUERY")" MB
  /usr/bin/time -v "$BARE" search "$WORK/bare-$n" "$QUERY" >/dev/null 2>"$WORK/time-bare-$n"
  fig "rss_bare_search.$l" "$(awk -F': ' '/Maximum resident/ {print $2/1024}' "$WORK/time-bare-$n")" MB

  log "apunte search vs rg -i at $l (process start included)"
  if command -v hyperfine >/dev/null; then
    APUNTE_CACHE_DIR=$mem_cache hyperfine -N --warmup 3 --min-runs 15 \
      --export-json "$WORK/hf-$n.json" \
      "$BIN search -k $kb --limit 20 '$QUERY'" \
      "rg -i -F '$QUERY' $kb" \
      "$BARE search $WORK/bare-$n '$QUERY'" >&2
    mapfile -t means < <(grep -o '"mean": *[0-9.e+-]*' "$WORK/hf-$n.json" | grep -o '[0-9.e+-]*$')
    fig "proc_search.$l" "$(calc "${means[0]} * 1000")" ms
    fig "proc_rg.$l" "$(calc "${means[1]} * 1000")" ms
    fig "proc_bare.$l" "$(calc "${means[2]} * 1000")" ms
  else
    runs=15
    for cmd in search rg bare; do
      start=$(date +%s.%N)
      for _ in $(seq $runs); do
        if [[ $cmd == search ]]; then
          APUNTE_CACHE_DIR=$mem_cache "$BIN" search -k "$kb" --limit 20 "$QUERY" >/dev/null
        elif [[ $cmd == bare ]]; then
          "$BARE" search "$WORK/bare-$n" "$QUERY" >/dev/null
        else
          rg -i -F "$QUERY" "$kb" >/dev/null || true
        fi
      done
      end=$(date +%s.%N)
      fig "proc_$cmd.$l" "$(calc "($end - $start) * 1000 / $runs")" ms
    done
  fi
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ----
get() { awk -F'\t' -v k="$1" '$1 == k {v = $2} END {if (v == "") print "–"; else print v}' "$OUT"; }
fmt() { # value, decimals
  local v=$1
  [[ $v == "–" ]] && { echo "–"; return; }
  printf "%.${2}f" "$v"
}
row() { # title, key template with {n}, decimals, target
  local line="| $1 |"
  for n in "${NS[@]}"; do
    local k=${2//\{n\}/$(label "$n")}
    line+=" $(fmt "$(get "$k")" "$3") |"
  done
  echo "$line $4 |"
}
ratio_row() { # title, numerator template, denominator template
  local line="| $1 |"
  for n in "${NS[@]}"; do
    local l
    l=$(label "$n")
    local a b
    a=$(get "${2//\{n\}/$l}")
    b=$(get "${3//\{n\}/$l}")
    if [[ $a == "–" || $b == "–" ]]; then line+=" – |"; else line+=" $(printf '%.1f' "$(calc "$a / $b")")× |"; fi
  done
  echo "$line |"
}

header="| Figure |"
sep="|---|"
for n in "${NS[@]}"; do header+=" $(label "$n") |"; sep+="---:|"; done
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM; load average before $LOAD_BEFORE, after $LOAD_AFTER"
echo "Commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "$header Target |"
echo "$sep---|"
row "Keystroke → results, p50 (ms)" "keystroke.{n}.p50" 3 ""
row "Keystroke → results, p99 (ms)" "keystroke.{n}.p99" 3 "≤ 2 at 10k, ≤ 10 at 100k"
row "Keystroke → results, max (ms)" "keystroke.{n}.max" 3 ""
row "Keystroke, p99 without run-queue waits (ms)" "keystroke.{n}.p99_running" 3 ""
row "Keystroke with 10 hits instead of 12, p50 (ms)" "keystroke_limit10.{n}.p50" 3 ""
row "Keystroke with 10 hits instead of 12, p99 (ms)" "keystroke_limit10.{n}.p99" 3 ""
row "Complete query, mean (ms)" "query.{n}.mean" 3 ""
row "\`rg -i\` same queries, mean (ms)" "rg.{n}.mean" 1 ""
row "\`rg -i\` / apunte (in process)" "rg.{n}.ratio" 0 ""
row "Suggestion after a turn, p50 (ms)" "suggest.{n}.p50" 3 ""
row "Suggestion after a turn, p99 (ms)" "suggest.{n}.p99" 3 "< 10 at 10k"
row "Suggestion, p99 without run-queue waits (ms)" "suggest.{n}.p99_running" 3 ""
row "Suggestion, cold cache, p99 (ms)" "suggest_cold.{n}.p99" 3 ""
row "Index build (articles/s)" "build.{n}.rate" 0 "≥ 10,000"
row "Index build (s)" "build.{n}.seconds" 2 ""
row "Parsing alone (articles/s)" "parse.{n}.rate" 0 ""
row "Refresh after one file changed (ms)" "refresh.{n}.mean" 1 ""
row "Warm open, nothing changed, p50 (ms)" "warm_open.{n}.p50" 2 ""
row "Warm start to first frame, in process, p50 (ms)" "warm_start.{n}.p50" 2 "< 150 at 10k"
row "\`apunte search\` process, warm (ms)" "proc_search.{n}" 1 ""
row "\`rg -i\` process (ms)" "proc_rg.{n}" 1 ""
ratio_row "\`rg -i\` / \`apunte search\` (process)" "proc_rg.{n}" "proc_search.{n}"
row "Bare tantivy \`search\` process, warm (ms)" "proc_bare.{n}" 1 ""
ratio_row "\`apunte search\` / bare tantivy (process)" "proc_search.{n}" "proc_bare.{n}"
row "Bare tantivy keystroke, p50 (ms)" "bare_keystroke.{n}.p50" 3 ""
row "Bare tantivy keystroke, p99 (ms)" "bare_keystroke.{n}.p99" 3 ""
ratio_row "apunte / bare tantivy keystroke, p99" "keystroke.{n}.p99" "bare_keystroke.{n}.p99"
row "Bare tantivy index build (articles/s)" "bare_build.{n}.rate" 0 ""
ratio_row "apunte / bare tantivy build time" "bare_build.{n}.rate" "build.{n}.rate"
row "apunte / bare tantivy build CPU (×)" "build.{n}.cpu_ratio" 2 ""
row "Bare tantivy index build, same analyses as apunte (articles/s)" "bare_same_build.{n}.rate" 0 ""
ratio_row "apunte / bare tantivy same analyses build time" "bare_same_build.{n}.rate" "build.{n}.rate"
row "apunte / bare tantivy same analyses build CPU (×)" "build.{n}.same_cpu_ratio" 2 ""
row "Peak memory, bare tantivy \`search\` (MB)" "rss_bare_search.{n}" 0 ""
row "Frame 200x60, redraw, p50 (ms)" "frame.{n}.p50" 3 ""
row "Frame 200x60, redraw, p99 (ms)" "frame.{n}.p99" 3 "< 2"
row "Frame 200x60, p99 without run-queue waits (ms)" "frame.{n}.p99_running" 3 ""
row "Frame 200x60, first (all cells), p50 (ms)" "first_frame.{n}.p50" 3 ""
row "Peak memory, \`apunte index\` (MB)" "rss_index.{n}" 0 "< 200 at 100k"
row "Peak memory, \`apunte search\` (MB)" "rss_search.{n}" 0 "< 200 at 100k"
row "… of which heap (peak RssAnon), \`apunte index\` (MB)" "anon_index.{n}" 0 ""
row "… of which heap (peak RssAnon), \`apunte search\` (MB)" "anon_search.{n}" 0 ""
row "Index on disk (MB)" "index_size.{n}" 1 ""
row "Knowledge files (MB)" "base_size.{n}" 0 ""
row "Generate the base (s)" "gen.{n}.seconds" 2 ""
echo
echo "raw figures:" >&2
cat "$OUT" >&2
