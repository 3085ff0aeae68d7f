#!/usr/bin/env bash
# Benchmarks (not tests): run by hand, report the figures, compare them with the goals and with
# an empty console app started the same way. Needs hyperfine (apt-get install hyperfine) and
# /usr/bin/time; writes only under a temporary folder.
#   ./build/bench.sh           everything
#   ./build/bench.sh render    alp render at N = 10, 100, 1000 namespaces
#   ./build/bench.sh mock      the program under Pulumi's mocks: prod, and N = 1000
#   ./build/bench.sh native    the Native AOT alp against empty JIT and Native AOT console apps
#                              (BENCH_BEFORE=<checkout>: an earlier commit's native alp beside it)
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
  echo "== the native alp (goal: at most 1.0x an empty JIT app; the empty Native AOT app for reference; $rounds rounds of $round_runs runs each)"
  ./build/alp --version >/dev/null
  publish_empty_aot
  # The file-work reference: the render's folders and files, made and swapped in by a Native AOT
  # program that does nothing else (build/bench/FileWork.cs), so each write below has beside it
  # what the file system alone charged for it at that moment.
  mkdir -p "$work/file-work"
  cp "$work/empty/empty.csproj" "$work/file-work/file-work.csproj"
  sed -i 's#</PropertyGroup>#<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup><ItemGroup><RuntimeHostConfigurationOption Include="System.IO.DisableFileLocking" Value="true" /></ItemGroup>#' "$work/file-work/file-work.csproj"
  cp build/bench/FileWork.cs "$work/file-work/Program.cs"
  dotnet publish "$work/file-work" -c Release -r linux-x64 -p:PublishAot=true -nologo -v q -clp:ErrorsOnly -o "$work/file-work/aot" -p:TreatWarningsAsErrors=false
  file_work="$work/file-work/aot/file-work"
  # render: a re-render of an unchanged stack writes nothing; a new folder gets all its files and
  # folders written; over an earlier render the whole render is built beside it and swapped in.
  build/.alp/alp render --stack prod --out "$work/prod-render" >/dev/null
  (cd "$work/prod-render" && find . -type f -printf '%P\t%s\n' | sort) >"$work/prod.listing"
  build/.alp/alp render --stack dev --out "$work/dev-render" >/dev/null
  # The usual edit: prod with one value changed since its earlier render.
  sed 's/authzTimeoutMs: 200/authzTimeoutMs: 300/' Pulumi.prod.yaml >"$work/Pulumi.edited.yaml"
  build/.alp/alp render --stack prod --stack-file "$work/Pulumi.edited.yaml" --out "$work/edited-render" >/dev/null
  # The writes, once into memory (tmpfs: what alp itself costs, the file system's share small and
  # steady) and once onto the disk the bench runs on. A disk's share is not steady: on ext4 without
  # a journal, say, creating an inode skips past every one deleted in the last minute or more, so
  # a file costs more the more files were deleted just before (by a bench, most of all). The disk
  # runs therefore come in short blocks, the reference in each, and every write is judged beside it.
  shm=""
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    shm=$(mktemp -d /dev/shm/alp-bench.XXXXXX)
    trap 'rm -rf "$work" "$shm"' EXIT
    cp -r "$work/dev-render" "$work/edited-render" "$shm/"
  fi
  writes() { # label folder runs -> hyperfine --export-json of the writes into folder
    local label=$1 at=$2 runs=$3 json=$4
    hyperfine -N --warmup 2 --runs "$runs" --style none \
      --prepare true -n "empty Native AOT console app" "$work/empty/aot/empty" \
      --prepare "rm -rf $at/new" -n "file-work reference, into a new folder ($label)" "$file_work $work/prod.listing $at/new" \
      --prepare "rm -rf $at/new" -n "native alp render --stack prod, into a new folder ($label)" "build/.alp/alp render --stack prod --out $at/new" \
      --prepare "bash -c 'rm -rf $at/swap && cp -r $work/dev-render $at/swap'" \
      -n "file-work reference, over dev's render ($label)" "$file_work $work/prod.listing $at/swap" \
      --prepare "bash -c 'rm -rf $at/swap && cp -r $work/dev-render $at/swap'" \
      -n "native alp render --stack prod, over dev's render ($label)" "build/.alp/alp render --stack prod --out $at/swap" \
      --prepare "bash -c 'rm -rf $at/swap && cp -r $work/edited-render $at/swap'" \
      -n "native alp render --stack prod, over its render with one value changed ($label)" "build/.alp/alp render --stack prod --out $at/swap" \
      --export-json "$json" >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 1; }
  }
  # BENCH_BEFORE: a checkout of an earlier commit with its native alp built (./build/alp --version
  # there), timed in the same rounds on its own stack files: an issue's before and after, side by side.
  before=()
  if [ -n "${BENCH_BEFORE:-}" ]; then
    b=$(cd "$BENCH_BEFORE" && pwd)
    [ -x "$b/build/.alp/alp" ] || { echo "BENCH_BEFORE: $b/build/.alp/alp is missing; run ./build/alp --version in $b first" >&2; exit 1; }
    rev=$(git -C "$b" rev-parse --short HEAD)
    "$b/build/.alp/alp" render --stack-file "$b/Pulumi.prod.yaml" --out "$work/before-render" >/dev/null
    before=(-n "native alp at $rev, check --stack prod" "$b/build/.alp/alp check --stack-file $b/Pulumi.prod.yaml"
      -n "native alp at $rev, render --stack prod, output unchanged" "$b/build/.alp/alp render --stack-file $b/Pulumi.prod.yaml --out $work/before-render")
  fi
  # Quietly: hyperfine's outlier warnings would repeat every round; a failing command still stops the bench with its error.
  blocks=4
  for round in $(seq "$rounds"); do
    hyperfine -N --warmup 3 --runs "$round_runs" --style none \
      -n "empty JIT console app" "$empty" \
      -n "empty Native AOT console app" "$work/empty/aot/empty" \
      -n "native alp check --stack prod" "build/.alp/alp check --stack prod" \
      -n "native alp render --stack prod, output unchanged" "build/.alp/alp render --stack prod --out $work/prod-render" \
      "${before[@]}" \
      --export-json "$work/native-$round.json" >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 1; }
    if [ -n "$shm" ]; then
      writes tmpfs "$shm" "$round_runs" "$work/native-tmpfs-$round.json"
    fi
    for block in $(seq "$blocks"); do
      writes disk "$work" $(((round_runs + blocks - 1) / blocks)) "$work/native-disk-$round-$block.json"
    done
  done
  # The goals are on medians: one slow start (a page-cache miss, a busy core) must not decide them.
  # Each command is divided by the empty apps of its own hyperfine runs (the JIT one from the same
  # round), and the goal is judged on the median of those ratios over the rounds. A write is also
  # shown net of the file system: its time less what the reference's took beyond the empty app's.
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const [rounds, blocks, dir] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]];
    const fs = require("fs");
    const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
    // One hyperfine file, or the disk blocks of a round pooled run by run.
    const load = files => { const by = new Map(); for (const f of files) for (const r of require(f).results) by.set(r.command, [...(by.get(r.command) ?? []), ...r.times]); return by; };
    const ms = (by, n) => median(by.get(n)) * 1000;
    const rows = new Map();
    const empties = { jit: [], aot: [] };
    const add = (command, value, jit, aot, net) => {
      const row = rows.get(command) ?? { ms: [], jit: [], aot: [], net: [] };
      row.ms.push(value); row.jit.push(value / jit); row.aot.push(value / aot);
      if (net !== undefined) row.net.push(net / aot);
      rows.set(command, row);
    };
    for (let i = 1; i <= rounds; i++) {
      const sets = [load([`${dir}/native-${i}.json`])];
      if (fs.existsSync(`${dir}/native-tmpfs-${i}.json`)) sets.push(load([`${dir}/native-tmpfs-${i}.json`]));
      sets.push(load(Array.from({ length: blocks }, (_, b) => `${dir}/native-disk-${i}-${b + 1}.json`)));
      const jit = ms(sets[0], "empty JIT console app");
      empties.jit.push(jit);
      for (const by of sets) {
        const aot = ms(by, "empty Native AOT console app");
        empties.aot.push(aot);
        for (const command of by.keys()) {
          if (!command.startsWith("native alp")) continue;
          const value = ms(by, command);
          const where = command.match(/\((tmpfs|disk)\)$/)?.[1];
          // Net of the file system where the reference did comparable file work: a new folder, or a
          // replace of dev'"'"'s render (alp keeps the folders and the 5 files the two renders share,
          // which the reference makes again, so this net flatters it). Over a render one value
          // changed, alp writes one file where the reference writes all, so no net is shown for it.
          const like = ["into a new folder", "over dev'"'"'s render"].find(k => command.includes(`, ${k} (`));
          if (!where || !like) { add(command, value, jit, aot); continue; }
          const reference = `file-work reference, ${like} (${where})`;
          const ref = ms(by, reference);
          add(command, value, jit, aot, value - (ref - aot));
          add(reference, ref, jit, aot);
        }
      }
    }
    const span = xs => `${Math.min(...xs).toFixed(2)} to ${Math.max(...xs).toFixed(2)}`;
    console.log(`medians over ${rounds} rounds: empty JIT ${median(empties.jit).toFixed(1)} ms (rounds ${span(empties.jit)}), empty Native AOT ${median(empties.aot).toFixed(1)} ms (runs ${span(empties.aot)})`);
    const seen = new Set();
    for (const [command, row] of rows) {
      const a = median(row.jit), b = median(row.aot);
      if (command.startsWith("file-work")) {
        if (!seen.has(command)) console.log(`  ${command}: ${median(row.ms).toFixed(1)} ms = ${b.toFixed(2)}x empty AOT (the file system alone; rounds ${span(row.aot)})`);
        seen.add(command);
        continue;
      }
      const net = row.net.length ? `; net of the file system ${median(row.net).toFixed(2)}x` : "";
      console.log(`  ${command}: ${median(row.ms).toFixed(1)} ms = ${a.toFixed(2)}x empty JIT (goal 1.0x: ${a <= 1 ? "met" : "NOT met"}), ${b.toFixed(2)}x empty AOT (rounds ${span(row.aot)})${net}`);
    }
  ' "$rounds" "$blocks" "$work"
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
