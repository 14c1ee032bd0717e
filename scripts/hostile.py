#!/usr/bin/env python3
"""Hostile-input table: generates the hostile but legal C of issue #11 and runs shiftlint on
each (beside two good files holding `#define OK (1 << 31)`), measuring what happened, the wall
time and the peak RSS of the whole process tree. With --baseline, an older shiftlint binary
is run on the same inputs in the same run. Each run is killed after --seconds or when the
tree's resident memory passes --max-mib (the "before" of a macro bomb would fill the machine).

usage: scripts/hostile.py [--shiftlint BIN] [--baseline BIN] [--seconds 120] [--max-mib 4096]
Not a test: HostileInputTests asserts the behaviour; this prints the figures.
"""
import argparse, os, shutil, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bomb(levels):
    return "#define a0 1\n" + "".join(f"#define a{i} (a{i-1}+a{i-1})\n" for i in range(1, levels + 1))


CASES = [
    ("1+1+...+1, 10^5 terms", {"chain.c": "int x = " + "+".join(["1"] * 100_000) + ";\n"}, {}),
    ("1+1+...+1, 10^6 terms", {"chain.c": "int x = " + "+".join(["1"] * 1_000_000) + ";\n"}, {}),
    ("macro bomb in code (a30 << 1)", {"bomb.c": bomb(30) + "int x = a30 << 1;\n"}, {}),
    ("macro bomb in a define (a39 << 31)", {"bomb.c": bomb(39) + "#define X (a39 << 31)\n"}, {}),
    ("10^5-deep blocks and initializers", {
        "blocks.c": "void f(void) " + "{" * 100_000 + "}" * 100_000 + "\n",
        "inits.c": "int v[1] = " + "{" * 100_000 + "1" + "}" * 100_000 + ";\n"}, {}),
    ("worker killed (SIGKILL test hook)", {"0-crash.c": "int x;\n"}, {"SHIFTLINT_WORKER_FAULT": "crash:0-crash.c"}),
    ("worker hangs (test hook, --file-timeout 5)", {"hang.c": "int x;\n"}, {"SHIFTLINT_WORKER_FAULT": "hang:hang.c"}),
]


def tree_rss_kib(pid):
    """Resident KiB of a process and its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            # Children are listed per thread: the workers are started from the driver's threads.
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return total


def run(binary, directory, env, extra, seconds, max_kib):
    start = time.monotonic()
    p = subprocess.Popen([binary, "--no-color"] + extra + ["."], cwd=directory, env={**os.environ, **env},
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    peak, killed = 0, None
    while p.poll() is None:
        peak = max(peak, tree_rss_kib(p.pid))
        if time.monotonic() - start > seconds:
            killed = f"killed after {seconds} s"
        elif peak > max_kib:
            killed = f"killed at {max_kib // 1024} MiB"
        if killed:
            os.killpg(p.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    out, err = p.communicate()
    wall = time.monotonic() - start
    peak = max(peak, 0)
    status = p.returncode
    good = sum(1 for name in ("a.c:1:17: warning", "b.c:1:17: warning") if name in out.decode(errors="replace"))
    if killed:
        what = killed
    elif status < 0:
        what = f"died of signal {-status}, {good}/2 good files reported"
    else:
        errors = [l for l in err.decode(errors="replace").splitlines() if ": error: " in l]
        what = f"exit {status}, {good}/2 good files reported" + (f"; {errors[0].split(': error: ', 1)[1]}" if errors else "")
    return what, wall, peak / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shiftlint", default=os.path.join(ROOT, ".build/release/shiftlint"))
    ap.add_argument("--baseline")
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--max-mib", type=int, default=4096)
    a = ap.parse_args()
    tools = ([("before", a.baseline)] if a.baseline else []) + [("now", a.shiftlint)]
    print("| input | shiftlint | what happened | wall (s) | peak RSS (MiB) |")
    print("|---|---|---|---:|---:|")
    for label, files, env in CASES:
        d = tempfile.mkdtemp(prefix="shiftlint-hostile-")
        try:
            with open(os.path.join(d, "a.c"), "w") as f:
                f.write("#define OK_A (1 << 31)\n")
            with open(os.path.join(d, "b.c"), "w") as f:
                f.write("#define OK_B (1 << 31)\n")
            for name, text in files.items():
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)
            for tool, binary in tools:
                if env and tool == "before":
                    continue   # the fault hooks are new: the baseline has none
                extra = ["--file-timeout", "5"] if "hang" in label and tool == "now" else []
                what, wall, peak = run(binary, d, env, extra, a.seconds, a.max_mib * 1024)
                print(f"| {label} | {tool} | {what} | {wall:.1f} | {peak:.0f} |", flush=True)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
