#!/usr/bin/env bash
# Benchmarks (not tests): run by hand, report the figures, compare them with the goals and with
# an empty console app started the same way. Needs hyperfine (apt-get install hyperfine) and
# /usr/bin/time; writes only under a temporary folder.
#   ./build/bench.sh           everything
#   ./build/bench.sh render    alp render at N = 10, 100, 1000 namespaces
#   ./build/bench.sh mock      the program under Pulumi's mocks: prod, and N = 1000
#   ./build/bench.sh native    the Native AOT alp against empty JIT and Native AOT console apps
#   ./build/bench.sh instructions  the same, counted in user-space instructions (valgrind's callgrind):
#                              repeatable where timings drift, blind to the kernel's share (files, page faults)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${BENCH_RUNS:-10}

echo "== build (Release)"
dotnet build tools/CalicoAlp.Cli -c Release -nologo -v q -clp:ErrorsOnly
alp=(dotnet tools/CalicoAlp.Cli/bin/Release/net10.0/alp.dll)
alp_text="${alp[*]}"

# The reference: an empty console app, built and started exactly like alp.
mkdir -p "$work/empty"
cat >"$work/empty/empty.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>
PROJ
echo 'return 0;' >"$work/empty/Program.cs"
dotnet build "$work/empty" -c Release -nologo -v q -clp:ErrorsOnly -o "$work/empty/out" -p:TreatWarningsAsErrors=false
empty="dotnet $work/empty/out/empty.dll"

# The Native AOT reference: the same empty app, published as alp is.
publish_empty_aot() {
  dotnet publish "$work/empty" -c Release -r linux-x64 -p:PublishAot=true -nologo -v q -clp:ErrorsOnly -o "$work/empty/aot" -p:TreatWarningsAsErrors=false
}

for n in 10 100 1000; do
  build/bench/generate-stack.sh "$n" 10 >"$work/Pulumi.bench-$n.yaml"
done

peak() { # command... -> "seconds s, peak RSS MiB"
  /usr/bin/time -f "%e s, peak RSS %M KiB" "$@" 2>&1 >/dev/null | tail -1
}

if [ "$what" = all ] || [ "$what" = render ]; then
  echo "== alp render of generated stacks (N namespaces x 10 Deployments, N HTTP policies)"
  for n in 10 100 1000; do
    out="$work/out-$n"
    figures=$(peak "${alp[@]}" render --stack "bench-$n" --stack-file "$work/Pulumi.bench-$n.yaml" --out "$out")
    # shellcheck disable=SC2016 # JavaScript, not shell
    node -e '
      const p = require(process.argv[1]);
      const edges = p.items.reduce((s, i) => s + i.dependencies.length, 0);
      const size = require("fs").statSync(process.argv[1]).size;
      console.log(`N=${process.argv[2]}: ${p.items.length} items, ${edges} dependency edges, plan.json ${(size / 1048576).toFixed(2)} MiB`);
    ' "$out/plan.json" "$n"
    echo "  whole process: $figures"
  done
  # The disk is part of the figure: the same number of plain file creations, the same folders, as a reference.
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const fs = require("fs"), path = require("path");
    const src = process.argv[1], dst = process.argv[2], t = Date.now();
    const walk = d => fs.readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    const files = walk(src);
    for (const f of files) { const out = path.join(dst, path.relative(src, f)); fs.mkdirSync(path.dirname(out), { recursive: true }); fs.writeFileSync(out, "x".repeat(1100)); }
    console.log(`  reference: node creating the same ${files.length} files in the same folders: ${((Date.now() - t) / 1000).toFixed(2)} s`);
  ' "$work/out-1000" "$work/reference-1000"
  dotnet build bench/CalicoAlp.Bench -c Release -nologo -v q -clp:ErrorsOnly
  echo "  in-process phases (no disk): $(dotnet bench/CalicoAlp.Bench/bin/Release/net10.0/alp-bench.dll render-phases . "$work/Pulumi.bench-1000.yaml")"
  echo "== alp render --stack prod and alp check --stack prod against an empty console app ($runs runs each)"
  hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/render.md" \
    -n "empty console app" "$empty" \
    -n "alp check --stack prod" "$alp_text check --stack prod" \
    -n "alp render --stack prod" "$alp_text render --stack prod --out $work/prod-render"
  cat "$work/render.md"
fi

if [ "$what" = all ] || [ "$what" = native ]; then
  # Rounds, each timing every command beside the empty apps: this machine's speed drifts by tens
  # of percent within a minute, so one long run per command would compare different machines.
  rounds=${BENCH_ROUNDS:-5}
  round_runs=${BENCH_RUNS:-20}
  echo "== the native alp (goals: at most 1.0x an empty JIT app, at most 3x an empty Native AOT app; $rounds rounds of $round_runs runs each)"
  ./build/alp --version >/dev/null
  publish_empty_aot
  # render: a re-render of an unchanged stack writes nothing (RenderWriter.Compare); a new folder
  # gets all its files and folders written, and a changed one (here: prod over dev's render) is
  # replaced whole by a fresh folder, its unchanged files linked. On a disk that is the file
  # system's inode and folder work, which varies with its state (ext4 after many runs: several ms).
  # The same replace into memory (tmpfs) shows what alp itself costs.
  build/.alp/alp render --stack dev --out "$work/dev-render" >/dev/null
  # The usual edit: prod with one value changed since its earlier render (two files differ; the
  # others are linked from the earlier render, RenderWriter.Compare).
  sed 's/authzTimeoutMs: 200/authzTimeoutMs: 300/' Pulumi.prod.yaml >"$work/Pulumi.edited.yaml"
  build/.alp/alp render --stack prod --stack-file "$work/Pulumi.edited.yaml" --out "$work/edited-render" >/dev/null
  replace_in_memory=()
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    shm=$(mktemp -d /dev/shm/alp-bench.XXXXXX)
    trap 'rm -rf "$work" "$shm"' EXIT
    replace_in_memory=(--prepare "bash -c 'rm -rf $shm/swap && cp -r $work/dev-render $shm/swap'"
      -n "native alp render --stack prod, over dev's render (tmpfs)" "build/.alp/alp render --stack prod --out $shm/swap")
  fi
  # Quietly: hyperfine's outlier warnings would repeat every round; a failing command still stops the bench with its error.
  for round in $(seq "$rounds"); do
    hyperfine -N --warmup 3 --runs "$round_runs" --style none \
      -n "empty JIT console app" "$empty" \
      -n "empty Native AOT console app" "$work/empty/aot/empty" \
      -n "native alp check --stack prod" "build/.alp/alp check --stack prod" \
      -n "native alp render --stack prod, output unchanged" "build/.alp/alp render --stack prod --out $work/native-render" \
      --export-json "$work/native-$round.json" >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 1; }
    hyperfine -N --warmup 3 --runs "$round_runs" --style none \
      --prepare true -n "empty Native AOT console app" "$work/empty/aot/empty" \
      --prepare "rm -rf $work/new" -n "native alp render --stack prod, into a new folder" "build/.alp/alp render --stack prod --out $work/new" \
      --prepare "bash -c 'rm -rf $work/swap && cp -r $work/dev-render $work/swap'" \
      -n "native alp render --stack prod, over dev's render" "build/.alp/alp render --stack prod --out $work/swap" \
      --prepare "bash -c 'rm -rf $work/swap && cp -r $work/edited-render $work/swap'" \
      -n "native alp render --stack prod, over its render with one value changed" "build/.alp/alp render --stack prod --out $work/swap" \
      "${replace_in_memory[@]}" \
      --export-json "$work/native-writes-$round.json" >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 1; }
  done
  # The goals are on medians: one slow start (a page-cache miss, a busy core) must not decide them.
  # Each command is divided by the empty apps of its own hyperfine run (the JIT one from the same
  # round), and the goal is judged on the median of those ratios over the rounds.
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const [rounds, dir] = [Number(process.argv[1]), process.argv[2]];
    const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
    const ms = (r, n) => r.find(x => x.command === n).median * 1000;
    const rows = new Map();
    const empties = { jit: [], aot: [] };
    for (let i = 1; i <= rounds; i++) {
      const first = require(`${dir}/native-${i}.json`).results, writes = require(`${dir}/native-writes-${i}.json`).results;
      const jit = ms(first, "empty JIT console app");
      empties.jit.push(jit);
      for (const r of [first, writes]) {
        const aot = ms(r, "empty Native AOT console app");
        empties.aot.push(aot);
        for (const x of r.filter(x => x.command.startsWith("native alp"))) {
          const row = rows.get(x.command) ?? { ms: [], jit: [], aot: [] };
          row.ms.push(x.median * 1000); row.jit.push(x.median * 1000 / jit); row.aot.push(x.median * 1000 / aot);
          rows.set(x.command, row);
        }
      }
    }
    const span = xs => `${Math.min(...xs).toFixed(2)} to ${Math.max(...xs).toFixed(2)}`;
    console.log(`medians over ${rounds} rounds: empty JIT ${median(empties.jit).toFixed(1)} ms (rounds ${span(empties.jit)}), empty Native AOT ${median(empties.aot).toFixed(1)} ms (runs ${span(empties.aot)})`);
    for (const [command, row] of rows) {
      const a = median(row.jit), b = median(row.aot);
      console.log(`  ${command}: ${median(row.ms).toFixed(1)} ms = ${a.toFixed(2)}x empty JIT (goal 1.0x: ${a <= 1 ? "met" : "NOT met"}), ${b.toFixed(2)}x empty AOT (goal 3x: ${b <= 3 ? "met" : "NOT met"}; rounds ${span(row.aot)})`);
    }
  ' "$rounds" "$work"
fi

if [ "$what" = instructions ]; then
  echo "== the native alp in user-space instructions (callgrind; one run each, the count barely moves between runs)"
  command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
  ./build/alp --version >/dev/null
  publish_empty_aot
  # Copied alone: valgrind would read the .dbg beside the original, which takes longer than the run.
  mkdir -p "$work/cg"
  cp build/.alp/alp "$work/cg/alp"
  cp "$work/empty/aot/empty" "$work/cg/empty"
  count() { # label command... -> "label N", N the instructions counted
    local label=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n "s/.*Collected : \([0-9]*\).*/\1/p" | tail -1 | {
      read -r n
      echo "$label $n"
    }
  }
  {
    count "empty Native AOT console app" "$work/cg/empty"
    count "native alp check --stack prod" "$work/cg/alp" check --stack prod
    count "native alp render --stack prod, into a new folder" "$work/cg/alp" render --stack prod --out "$work/cg/new"
    count "native alp render --stack prod, output unchanged" "$work/cg/alp" render --stack prod --out "$work/cg/new"
    "$work/cg/alp" render --stack dev --out "$work/cg/swap" >/dev/null
    count "native alp render --stack prod, over dev's render" "$work/cg/alp" render --stack prod --out "$work/cg/swap"
  } | awk '{ n = $NF; $NF = ""; if (NR == 1) empty = n; printf "  %-52s %6.2f M instructions = %.2fx the empty app\n", $0, n / 1e6, n / empty }'
fi

if [ "$what" = all ] || [ "$what" = mock ]; then
  echo "== the program under Pulumi's mocks, one cold process each (goals: prod < 1.5 s; N=1000 < 15 s)"
  dotnet build bench/CalicoAlp.Bench -c Release -nologo -v q -clp:ErrorsOnly
  bench=(dotnet bench/CalicoAlp.Bench/bin/Release/net10.0/alp-bench.dll)
  hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$work/mock.md" \
    -n "empty console app" "$empty" \
    -n "mock run, prod" "${bench[*]} mock-run . Pulumi.prod.yaml"
  cat "$work/mock.md"
  "${bench[@]}" mock-run . "$work/Pulumi.bench-1000.yaml"
  echo "  whole process: $(peak "${bench[@]}" mock-run . "$work/Pulumi.bench-1000.yaml")"
fi
