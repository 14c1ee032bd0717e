#!/usr/bin/env python3
"""Proof by object code: does a fix change the generated code?

Builds every translation unit a patch touches before and after applying it and compares
the disassembly (`objdump -d`) of the objects, function by function. Identical code is the
evidence kernel maintainers quote as "no functional change"; a difference names the
functions that changed.

Kernel tree (the patch's paths are relative to the tree, as `patch -p1` reads them):

    shiftlint --kernel --diff fs/iomap/ > fix.patch
    scripts/verify-fix.py --tree /path/to/linux fix.patch

  A touched `.c` file is rebuilt as its object (`make path/file.o`) when the configuration
  builds it (its `.file.o.cmd` exists); a touched header, as every built object whose
  dependency list (`deps_...` in `.o.cmd`) names it. Units the configuration does not build
  are listed as such.

Any C file, with a compile command (`{src}` and `{obj}` are replaced):

    scripts/verify-fix.py --compile 'clang-19 -O2 -c {src} -o {obj}' --root DIR fix.patch

The tree is always restored: the touched files get their original bytes back (and, in a
kernel tree, the objects are rebuilt from them) even when a build fails or the script is
interrupted.

Exit status: 0 no change in generated code, 1 some code changed, 2 error.
"""
import argparse
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile


def fail(message):
    print(f"verify-fix: error: {message}", file=sys.stderr)
    sys.exit(2)


def touched_files(patch_text):
    """Paths of the new side of a unified diff, without their first component (patch -p1)."""
    files = []
    for line in patch_text.splitlines():
        if line.startswith("+++ "):
            path = line[4:].split("\t")[0].strip()
            if path == "/dev/null":
                continue
            parts = path.split("/", 1)
            if len(parts) == 2 and parts[1] not in files:
                files.append(parts[1])
    return files


def disassembly(obj):
    """{function: [instructions]} from objdump -d, addresses dropped (a function that moved
    but did not change is not a change); plus the whole text, addresses kept."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", obj], capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"objdump {obj}: {out.stderr.strip()}")
    functions = {}
    current = None
    body = []
    for line in out.stdout.splitlines()[2:]:   # the file name and format line
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            current = m.group(1)
            functions[current] = []
            body.append(line)
            continue
        if current is None or not line.strip():
            continue
        # "  4c:\tmov ..." -> "mov ..." (relocation lines too, without their offsets)
        insn = re.sub(r"^\s*[0-9a-f]+:\s*", "", line)
        functions[current].append(insn)
        body.append(line)
    return functions, "\n".join(body)


def compare(before, after):
    """The functions whose instructions differ (or that appear or disappear)."""
    fb, _ = before
    fa, _ = after
    names = sorted(set(fb) | set(fa))
    return [n for n in names if fb.get(n) != fa.get(n)]


class Tree:
    """A kernel tree: objects built with kbuild."""

    def __init__(self, root, jobs, unconfigured=False):
        self.root = root
        self.jobs = jobs
        self.unconfigured = unconfigured
        self._dependents = None

    def prebuild(self, paths):
        """With --unconfigured: kbuild builds any single object, configured or not (`make
        fs/ext2/inode.o` works under defconfig, which leaves ext2 out). A touched .c file gets its
        object; a touched header with no built dependent gets the .c files of its directory, so
        that their .o.cmd files say which of them include it."""
        if not self.unconfigured:
            return
        wanted = []
        for path in paths:
            d, base = os.path.split(path)
            if path.endswith(".c") and not os.path.exists(os.path.join(self.root, d, "." + base[:-2] + ".o.cmd")):
                wanted.append(path[:-2] + ".o")
            elif path.endswith(".h") and not self.dependents().get(path):
                folder = os.path.join(self.root, d)
                wanted += [os.path.join(d, n[:-2] + ".o") for n in sorted(os.listdir(folder)) if n.endswith(".c")]
        if not wanted:
            return
        # Objects that do not build without their configuration are left out, one by one.
        for obj in wanted:
            subprocess.run(["make", "-C", self.root, f"-j{self.jobs}", obj], capture_output=True, text=True)
        self._dependents = None

    def objects_for(self, path):
        """Built objects whose unit is, or includes, `path` (relative to the tree)."""
        if path.endswith(".c"):
            d, base = os.path.split(path)
            obj = os.path.join(d, base[:-2] + ".o")
            cmd = os.path.join(self.root, d, "." + base[:-2] + ".o.cmd")
            return [obj] if os.path.exists(cmd) else []
        return sorted(self.dependents().get(path, []))

    def dependents(self):
        """header -> the built objects that include it, from every `.o.cmd` (read once)."""
        if self._dependents is not None:
            return self._dependents
        table = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if not (name.startswith(".") and name.endswith(".o.cmd")):
                    continue
                full = os.path.join(dirpath, name)
                try:
                    with open(full, encoding="utf-8", errors="replace") as f:
                        text = f.read()
                except OSError:
                    continue
                if not text.startswith("cmd_") or "source_" not in text or "deps_" not in text:
                    continue
                obj = os.path.relpath(os.path.join(dirpath, name[1:-4]), self.root)
                for word in re.split(r"[\s\\]+", text.split("deps_", 1)[1]):
                    word = word.removeprefix("$(wildcard ").rstrip(")")
                    if word.endswith(".h"):
                        table.setdefault(word, set()).add(obj)
        self._dependents = table
        return table

    def build_all(self, objects, tag):
        """One make for all the objects (kbuild's start-up costs seconds per call)."""
        r = subprocess.run(
            ["make", "-C", self.root, f"-j{self.jobs}"] + list(objects), capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"make failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
        return {obj: os.path.join(self.root, obj) for obj in objects}


class Compile:
    """Plain C files compiled with a command."""

    def __init__(self, root, command):
        self.root = root
        self.command = command
        self.dir = tempfile.mkdtemp(prefix="verify-fix-")

    def objects_for(self, path):
        return [path] if path.endswith(".c") else []

    def build_all(self, sources, tag):
        return {src: self.build(src, tag) for src in sources}

    def build(self, src, tag):
        obj = os.path.join(self.dir, src.replace("/", "_") + f".{tag}.o")
        cmd = self.command.replace("{src}", shlex.quote(os.path.join(self.root, src))).replace(
            "{obj}", shlex.quote(obj))
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=self.root)
        if r.returncode != 0:
            raise RuntimeError(f"{cmd} failed:\n{r.stderr[-2000:]}")
        return obj


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("patch", help="a unified diff (e.g. shiftlint --diff), paths as patch -p1 reads them")
    ap.add_argument("--tree", help="a configured kernel tree (objects built with make)")
    ap.add_argument("--compile", help="a compile command with {src} and {obj}, for files outside a kernel tree")
    ap.add_argument("--root", default=".", help="with --compile: the directory the patch's paths are relative to")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--unconfigured", action="store_true",
                    help="kernel tree: also build the touched units the configuration leaves out")
    args = ap.parse_args()
    if bool(args.tree) == bool(args.compile):
        fail("give --tree (a kernel tree) or --compile (a command)")
    try:
        with open(args.patch, encoding="utf-8", errors="surrogateescape") as f:
            patch_text = f.read()
    except OSError as e:
        fail(f"{args.patch}: {e.strerror}")
    files = touched_files(patch_text)
    if not files:
        fail(f"{args.patch}: no file in the patch")
    root = os.path.abspath(args.tree or args.root)
    builder = Tree(root, args.jobs, args.unconfigured) if args.tree else Compile(root, args.compile)
    if args.tree:
        builder.prebuild([p for p in files if os.path.exists(os.path.join(root, p))])

    units = {}
    for path in files:
        if not os.path.exists(os.path.join(root, path)):
            fail(f"{path}: not in {root}")
        found = builder.objects_for(path)
        if not found:
            print(f"{path}: no unit of this configuration builds it; not verified"
                  + ("" if args.compile or args.unconfigured else " (--unconfigured builds it anyway)"))
        for obj in found:
            units.setdefault(obj, []).append(path)
    if not units:
        print("nothing to verify")
        return 0

    # The touched files' bytes, to restore whatever happens.
    originals = {}
    for path in files:
        with open(os.path.join(root, path), "rb") as f:
            originals[path] = f.read()

    def restore():
        for path, data in originals.items():
            full = os.path.join(root, path)
            with open(full, "rb") as f:
                if f.read() == data:
                    continue
            with open(full, "wb") as f:
                f.write(data)

    def on_signal(signum, frame):
        restore()
        sys.exit(2)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    before, after = {}, {}
    patched = False
    try:
        for obj, path in builder.build_all(sorted(units), "before").items():
            before[obj] = disassembly(path)
        r = subprocess.run(["patch", "-p1", "--forward", "--batch", "-d", root, "-i", os.path.abspath(args.patch)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"the patch does not apply:\n{r.stdout}{r.stderr}")
        patched = True
        for obj, path in builder.build_all(sorted(units), "after").items():
            after[obj] = disassembly(path)
    except RuntimeError as e:
        restore()
        fail(str(e))
    finally:
        restore()
        if patched and args.tree:
            # The objects match the restored sources again.
            try:
                builder.build_all(sorted(units), "restored")
            except RuntimeError as e:
                print(f"verify-fix: warning: {e}", file=sys.stderr)

    changed_units = 0
    for obj in sorted(units):
        changed = compare(before[obj], after[obj])
        identical = before[obj][1] == after[obj][1]
        n = len(after[obj][0])
        via = ", ".join(units[obj])
        if identical:
            print(f"{obj}: no change in generated code ({n} functions; {via})")
        else:
            changed_units += 1
            names = ", ".join(changed) if changed else "(addresses only)"
            print(f"{obj}: generated code changed in {len(changed)} of {n} functions: {names} ({via})")
    total = len(units)
    if changed_units == 0:
        print(f"no change in generated code: {total} unit{'s' if total != 1 else ''} identical")
        return 0
    print(f"{changed_units} of {total} unit{'s' if total != 1 else ''} changed")
    return 1


if __name__ == "__main__":
    sys.exit(main())
