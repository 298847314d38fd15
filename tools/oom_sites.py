#!/usr/bin/env python3
"""Allocation sites of the library that the out-of-memory tests fail.

Usage: tools/oom_sites.py [BUILD_DIR]   (default build/dev, a gcc Debug build)

Runs tests/test_oom, tests/test_oom_sweep and tests/test_monitor_log (whose
loops fail the delivery log's allocations) with TELSVC_OOM_SITES set, so
that each allocation they fail leaves its call stack (tests/helpers.h);
resolves the stacks with addr2line into the library's source line that
asked for the memory; and compares those lines with every call of the
library's allocation functions in src/*.c. Prints the figures, then each
site never failed. docs/reliability.md ("Out of memory") shows the output.
"""
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = ("test_oom", "test_oom_sweep", "test_monitor_log")
# the allocation functions (src/context.c, src/common.h): a site is a call of
# one of them from anywhere else
ALLOCATORS = ("ts_malloc", "ts_calloc", "ts_reallocarray", "ts_strdup", "ts_strndup", "ts_grow", "ts_grow_full")
CALL = re.compile(r"\b(%s)\s*\(" % "|".join(ALLOCATORS))
DEFINITION = re.compile(r"^[A-Za-z_].*?\b(\w+)\s*\([^;]*$")  # a function's first line, at column 0
COMMENT = re.compile(r"^\s*(/\*|\*(\s|/|$))")
SKIP = set(ALLOCATORS) | {"test_alloc_note_site", "test_alloc_should_fail", "test_malloc_fn", "test_realloc_fn"}


def static_sites():
    """Every (file, line) of src/*.c that calls an allocation function."""
    sites = set()
    src = os.path.join(ROOT, "src")
    for name in sorted(os.listdir(src)):
        if not name.endswith(".c"):
            continue
        function = None
        with open(os.path.join(src, name), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = DEFINITION.match(line)
                if m:
                    function = m.group(1)
                if function in SKIP or COMMENT.match(line):
                    continue
                if CALL.search(line):
                    sites.add(("src/" + name, number))
    return sites


def failed_stacks(build):
    """Run the tests; the stacks of the allocations they failed, by program."""
    stacks = collections.defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "sites")
        env = dict(os.environ, TELSVC_OOM_SITES=log)
        for test in TESTS:
            subprocess.run([os.path.join(build, "tests", test)], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(log, encoding="utf-8") as f:
            for line in f:
                program, *offsets = line.split()
                stacks[program].append(offsets)
    return stacks


def resolve(program, offsets):
    """addr2line over @offsets: {offset: (function, file, line)}."""
    out = subprocess.run(["addr2line", "-f", "-e", program], input="\n".join(offsets) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    where = {}
    for offset, function, place in zip(offsets, out[0::2], out[1::2]):
        path, _, line = place.partition(":")
        line = line.split()[0] if line else "0"
        where[offset] = (function, os.path.relpath(path, ROOT) if path.startswith("/") else path,
                         int(line) if line.isdigit() else 0)
    return where


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "dev"))
    sites = static_sites()
    hit = collections.Counter()
    unknown = collections.Counter()
    for program, stacks in failed_stacks(build).items():
        where = resolve(program, sorted({o for s in stacks for o in s}))
        for stack in stacks:
            for offset in stack:
                function, path, line = where[offset]
                if function in SKIP:
                    continue
                if not path.startswith("src/"):
                    break  # not the library's (cannot happen: only it allocates)
                # a call written over several lines is placed on one of them
                site = next(((path, n) for n in range(line, line - 4, -1) if (path, n) in sites), None)
                if site:
                    hit[site] += 1
                else:
                    unknown[(path, line)] += 1
                break
    by_file = collections.defaultdict(lambda: [0, 0])
    for path, _ in sites:
        by_file[path][1] += 1
    for path, _ in hit:
        by_file[path][0] += 1
    print("allocation sites in src/*.c: %d; failed by %s: %d (%.1f %%); "
          "failed allocations: %d" % (len(sites), ", ".join(TESTS), len(hit), 100.0 * len(hit) / len(sites),
                                      sum(hit.values())))
    print("\nper file (failed / sites):")
    for path in sorted(by_file):
        print("  %-26s %3d / %3d" % (path, *by_file[path]))
    print("\nnever failed:")
    for path, line in sorted(sites - set(hit)):
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.readlines()[line - 1].strip()
        print("  %s:%d  %s" % (path, line, text))
    if unknown:
        print("\nfailed at lines not found among the sites (a call this script does not know):")
        for (path, line), count in sorted(unknown.items()):
            print("  %s:%d (%d)" % (path, line, count))
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
