#!/usr/bin/env python3
"""Memory: does RSS stay flat as shiftlint parses more translation units in one process?

Runs `shiftlint -j 1` over directories of N copies of a C file (including system headers, so
each parse is real work) for N = 100 and N = 1000, and prints peak RSS for each and the ratio.
Exits 1 if the 1000-parse run's peak RSS exceeds the 100-parse run's by more than 10%
(libclang objects not freed would grow it linearly). A measurement script, not a test.

usage: scripts/memory.py [--counts 100 1000] [--binary .build/release/shiftlint]
"""
import argparse, os, shutil, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = """#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#define FLAG_%(i)d (1U << 31)
#define MASK_%(i)d(n) (1U << (n))
#if (1 << 30) > 0
static unsigned f_%(i)d(uint8_t b, int x) { return ((uint32_t)b << 24) + MASK_%(i)d(31) + (x << 3) + FLAG_%(i)d; }
#endif
"""
# The file has no findings on purpose: findings are kept for the report (a few KB each), and
# this measures what parsing and analysis leave behind.


def peak_rss(binary, directory):
    start = time.monotonic()
    p = subprocess.Popen([binary, "-j", "1", "--format", "json", directory],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code > 1:
        raise SystemExit(f"shiftlint failed (exit {code})")
    return usage.ru_maxrss / 1024, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counts", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/shiftlint"))
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    rows = []
    for n in a.counts:
        d = tempfile.mkdtemp(prefix=f"shiftlint-mem-{n}-")
        try:
            for i in range(n):
                with open(os.path.join(d, f"f{i}.c"), "w") as f:
                    f.write(SOURCE % {"i": i})
            rss, wall = peak_rss(a.binary, d)
            rows.append((n, rss, wall))
        finally:
            shutil.rmtree(d)
    base = rows[0][1]
    print("| parses (one process, -j 1) | peak RSS (MiB) | vs first | wall (s) |")
    print("|---:|---:|---:|---:|")
    for n, rss, wall in rows:
        print(f"| {n} | {rss:.1f} | {rss / base:.3f}x | {wall:.1f} |")
    if rows[-1][1] > base * 1.10:
        print("FAIL: RSS grew by more than 10%")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
