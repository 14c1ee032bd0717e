#!/usr/bin/env python3
"""Benchmark: shiftlint vs `clang-19 -fsyntax-only` with the same kbuild flags on the same
kernel files, in the same run. Prints a Markdown table of wall time, peak RSS and ratios.

usage: scripts/benchmark.py [--tree DIR] [--repeat N] [--baseline BIN] [DIR ...]   (default: fs/iomap fs/ext4)
       scripts/benchmark.py --scan [--tree DIR] [--jobs N] [--no-per-file]

--scan measures the whole-tree scan instead (issue #8): `grep -rl '<<'` over the tree, the
scan without a cache, a no-change re-run from the cache, a re-run after editing one header
(in a symbolic-link copy of the tree under /tmp: the corpus is never modified), and the
per-file mode (--per-file: each file parsed alone by libclang), all with --jobs N, in one run.

--baseline BIN adds the one-run rows for another shiftlint binary (an older build), measured
in the same run, so that a change's effect on speed is read side by side.

Wall time is the median of N runs; peak RSS is the largest resident set of any one process
(each clang-19 process, or the shiftlint process and its workers). Ratios are against clang-19
with the same parallelism: one file at a time for the per-file and -j 1 rows, N at a time for
the -j N rows. Not a test: figures vary by machine.
"""
import argparse, concurrent.futures, os, shlex, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd):
    """Runs cmd, returns (wall seconds, peak RSS in KiB, exit status)."""
    start = time.monotonic()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
    return time.monotonic() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def kbuild_flags(tree, directory):
    """The kbuild flags of fs/iomap/direct-io.c, with the per-directory -I adjusted."""
    cmd_file = os.path.join(tree, "fs/iomap/.direct-io.o.cmd")
    if not os.path.exists(cmd_file):
        subprocess.run(["make", "-C", tree, "fs/iomap/direct-io.o"], check=True, stdout=subprocess.DEVNULL)
    line = open(cmd_file).readline().split(":=", 1)[1].split(";")[0]
    words = shlex.split(line)[1:]
    flags, skip = [], False
    for w in words:
        if skip:
            skip = False
            continue
        if w in ("-c",) or w.startswith("-Wp,-M") or w.endswith(".c"):
            continue
        if w == "-o":
            skip = True
            continue
        flags.append(w)
    flags = [("./" + directory if f == "./fs/iomap" else f) for f in flags]
    return [f for f in flags if not f.startswith("-DKBUILD_")]


def clang_rejected(tree, flags):
    """Flags clang-19's driver rejects (gcc-only), found the way shiftlint finds them."""
    p = subprocess.run(["clang-19", "-fsyntax-only", "-x", "c", "-"] + flags, cwd=tree, input=b"",
                       capture_output=True)
    bad = set()
    for line in p.stderr.decode().splitlines():
        for prefix in ("unknown argument: '", "unsupported option '"):
            if prefix in line:
                bad.add(line.split(prefix, 1)[1].split("'", 1)[0])
    return bad


def scan_benchmark(a, exe):
    """The whole-tree scan's rows: wall, files/s, findings, peak RSS."""
    import json, shutil, tempfile
    tree = a.tree
    files = sum(1 for _, _, fs in os.walk(tree) for f in fs if f.endswith((".c", ".h")))
    has_cache = "--cache-dir" in subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
    rows = []

    def timed(name, cmd, cwd, findings=None):
        out = tempfile.NamedTemporaryFile(delete=False)
        start = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
        out.close()
        n = ""
        if findings:
            try:
                doc = json.load(open(out.name))
                n = str(len(doc["findings"]))
            except (ValueError, KeyError):
                n = "?"
        os.unlink(out.name)
        rows.append((name, wall, files / wall, n, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)))
        print(f"  {name}: {wall:.1f} s", file=sys.stderr)

    jobs = ["-j", str(a.jobs)]
    timed("grep -rl '<<' (the same .c/.h files)", ["grep", "-rl", "--include=*.c", "--include=*.h", "<<", "."], tree)
    cache = tempfile.mkdtemp(prefix="shiftlint-bench-cache-")
    caching = ["--cache-dir", cache] if has_cache else []
    timed("shiftlint --scan (no cache)", [exe, "--scan", "--format", "json", "."] + (["--no-cache"] if has_cache else []) + jobs, tree, True)
    if has_cache:
        # A symbolic-link copy of the tree: editing a header there leaves the corpus alone.
        farm = tempfile.mkdtemp(prefix="shiftlint-bench-tree-")
        subprocess.run(["cp", "-rs", os.path.abspath(tree) + "/.", farm], check=True)
        timed("shiftlint --scan (cache filled: first run)", [exe, "--scan", "--format", "json", "."] + caching + jobs, farm, True)
        timed("shiftlint --scan (cached, nothing changed)", [exe, "--scan", "--format", "json", "."] + caching + jobs, farm, True)
        header = os.path.join(farm, "include/linux/bits.h")
        text = open(header).read()
        os.unlink(header)
        open(header, "w").write(text + "\n#define SHIFTLINT_BENCHMARK_EDIT (1U << 3)\n")
        timed("shiftlint --scan (cached, include/linux/bits.h edited)", [exe, "--scan", "--format", "json", "."] + caching + jobs, farm, True)
        shutil.rmtree(farm, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    if a.per_file:
        timed("shiftlint --per-file (libclang, each file alone)", [exe, "--per-file", "--format", "json", "."] + jobs, tree, True)
    print(f"| tool | wall (s) | files/s | findings | peak RSS (MiB) | exit |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, wall, rate, n, rss, status in rows:
        print(f"| {name} | {wall:.1f} | {rate:.0f} | {n} | {rss:.0f} | {status} |")
    print(f"\n{files} .c/.h files, --jobs {a.jobs}, {os.cpu_count()} cores")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scan", action="store_true", help="the whole-tree scan's benchmark (see above)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-per-file", dest="per_file", action="store_false")
    ap.add_argument("--tree", default=os.environ.get("SHIFTLINT_LINUX_TREE", "/var/tmp/shiftlint-corpus/linux-source-6.1"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", help="another shiftlint binary to measure in the same run")
    ap.add_argument("--database", help="compile mode: a compile_commands.json directory; each file with its own "
                    "command for clang-19, and shiftlint -p (files the database lists only)")
    ap.add_argument("dirs", nargs="*", default=["fs/iomap", "fs/ext4"])
    a = ap.parse_args()
    exe = os.path.join(ROOT, ".build/release/shiftlint")
    if not os.path.exists(exe):
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    if a.scan:
        return scan_benchmark(a, exe)
    extra = ["-Wno-unknown-warning-option", "-Wno-ignored-optimization-argument"]
    rows = []
    commands = {}
    if a.database:
        import json
        for e in json.load(open(os.path.join(a.database, "compile_commands.json"))):
            words = e.get("arguments") or shlex.split(e["command"])
            f = os.path.normpath(os.path.join(e["directory"], e["file"]))
            flags, skip = [], False
            for w in words[1:]:
                if skip:
                    skip = False
                elif w in ("-c", "-o", "-MF", "-MT", "-MQ"):
                    skip = w != "-c"
                elif w.startswith("-Wp,-M") or w in ("-MD", "-MMD", "-MP") or os.path.normpath(os.path.join(e["directory"], w)) == f:
                    pass
                else:
                    flags.append(w)
            commands[os.path.relpath(f, a.tree)] = flags
    for d in a.dirs:
        files = sorted(f for f in os.listdir(os.path.join(a.tree, d)) if f.endswith(".c")
                       and (not a.database or os.path.join(d, f) in commands))
        flags = kbuild_flags(a.tree, d)
        bad = clang_rejected(a.tree, flags if not a.database else sorted({f for p in commands.values() for f in p}))
        clang_flags = [f for f in flags if f not in bad] + extra
        paths = [os.path.join(d, f) for f in files]

        def clang_cmd(p):
            own = [f for f in commands[p] if f not in bad] + extra if a.database else clang_flags
            return ["clang-19", "-fsyntax-only"] + own + [p]

        def shiftlint_args(target):
            return ["-p", a.database, target] if a.database else [target, "--"] + flags

        def clang_all():
            wall, rss = 0.0, 0
            for p in paths:
                w, r, _ = run(clang_cmd(p), a.tree)
                wall += w
                rss = max(rss, r)
            return wall, rss

        def clang_parallel(n):
            """n clang-19 processes at a time over the files: the same parallelism as -j n."""
            def go():
                start = time.monotonic()
                with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
                    results = list(pool.map(lambda p: run(clang_cmd(p), a.tree), paths))
                return time.monotonic() - start, max(r[1] for r in results)
            return go

        def shiftlint_per_file():
            wall, rss = 0.0, 0
            for p in paths:
                w, r, s = run([exe] + shiftlint_args(p), a.tree)
                if s > 1:
                    sys.exit(f"shiftlint failed on {p} (exit {s})")
                wall += w
                rss = max(rss, r)
            return wall, rss

        def shiftlint_one_process(jobs, binary=exe):
            def go():
                w, r, s = run([binary, "-j", str(jobs)] + shiftlint_args(d), a.tree)
                if s > 1:
                    sys.exit(f"shiftlint failed on {d} (exit {s})")
                return w, r
            return go

        results = {}
        runs = [("clang-19 -fsyntax-only (per file)", clang_all),
                (f"clang-19 -fsyntax-only ({os.cpu_count()} at a time)", clang_parallel(os.cpu_count())),
                ("shiftlint (per file)", shiftlint_per_file),
                ("shiftlint (one run over the directory, -j 1)", shiftlint_one_process(1)),
                (f"shiftlint (one run over the directory, -j {os.cpu_count()})", shiftlint_one_process(os.cpu_count()))]
        if a.baseline:
            runs += [("baseline (one run over the directory, -j 1)", shiftlint_one_process(1, a.baseline)),
                     (f"baseline (one run over the directory, -j {os.cpu_count()})",
                      shiftlint_one_process(os.cpu_count(), a.baseline))]
        for name, fn in runs:
            samples = [fn() for _ in range(a.repeat)]
            results[name] = (statistics.median(s[0] for s in samples), max(s[1] for s in samples))
        # Each row against clang with the same parallelism: one at a time, or N at a time.
        serial = results["clang-19 -fsyntax-only (per file)"]
        parallel = results[f"clang-19 -fsyntax-only ({os.cpu_count()} at a time)"]
        for name, (wall, rss) in results.items():
            base_wall, base_rss = parallel if (f"-j {os.cpu_count()}" in name or "at a time" in name) else serial
            rows.append((d, len(files), name, wall, rss / 1024, wall / base_wall, rss / base_rss))

    how = f"each file's command from {a.database}/compile_commands.json (shiftlint -p)" if a.database else \
        "kbuild flags of fs/iomap/direct-io.c"
    print(f"Linux 6.1 at {a.tree}; {how}; median of {a.repeat} runs; "
          f"{os.cpu_count()} cores.\n")
    print("| directory | .c files | tool | wall (s) | peak RSS (MiB) | wall vs clang | RSS vs clang |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for d, n, name, wall, rss, rw, rr in rows:
        print(f"| {d} | {n} | {name} | {wall:.2f} | {rss:.0f} | {rw:.2f}x | {rr:.2f}x |")


if __name__ == "__main__":
    main()
