#!/usr/bin/env bash
# Behaviour-preservation check for refactors: builds two revisions of shiftlint in release mode
# and compares their stdout (byte for byte) and exit status on the same inputs, text and JSON.
#
#   scripts/same-output.sh BASE [NEW]
#
# BASE: a git revision (e.g. 9eabf63), built in a temporary git worktree that is removed at
# the end. NEW: a git revision built the same way; default: the working tree of this
# repository (uncommitted changes included), built in place.
#
# Sets (all run from the same working directory for both binaries; text with --no-color):
#   samples (LP64), samples (ILP32)   each samples/*.c, *.h of NEW alone, from NEW's root, with
#                                     the file's `// shiftlint-args:` (plus -m32 for ILP32)
#   linux include/                    `shiftlint include` in the Linux 6.1 tree
#   linux fs/iomap (kbuild)           `shiftlint fs/iomap -- FLAGS`, FLAGS = the kbuild flags of
#                                     fs/iomap/direct-io.c as scripts/benchmark.py derives them
#   linux direct-io.c --confirm       `shiftlint --confirm fs/iomap/direct-io.c -- FLAGS`
# The Linux tree is $SHIFTLINT_LINUX_TREE or /var/tmp/shiftlint-corpus/linux-source-6.1; the
# Linux sets are skipped (with a message) when it is missing.
#
# The one allowed difference (JSON only): a finding's `fixNote` (a string, or an object with a
# `reason` string) is folded back into `message` as " (no fix: REASON)", on either side, and
# both documents are re-serialized (sorted keys, indented) before comparing; such a run shows
# as "yes*". Without any fixNote, JSON must be byte-identical too (equal data in different
# bytes is a difference). Text output is compared raw. stderr is not compared.
# A difference shows the first 30 lines of `diff -u` of the first differing run of each set.
#
# Takes about 2 minutes on 2 cores (two release builds ~35 s each from scratch, include/ ~50 s).
# If fs/iomap/.direct-io.o.cmd is missing, `make -C TREE fs/iomap/direct-io.o` creates it.
#
# Exit status: 0 all identical, 1 some output differs, 2 a build or setup step failed.
set -euo pipefail

usage() { sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 && $1 != -* ]] || usage

command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
BASE_REV=$(git -C "$REPO" rev-parse --verify --quiet "$1^{commit}") || { echo "same-output: not a revision: $1" >&2; exit 2; }
NEW_REV=
if [[ $# -eq 2 ]]; then
  NEW_REV=$(git -C "$REPO" rev-parse --verify --quiet "$2^{commit}") || { echo "same-output: not a revision: $2" >&2; exit 2; }
fi
TREE=${SHIFTLINT_LINUX_TREE:-/var/tmp/shiftlint-corpus/linux-source-6.1}

START=$SECONDS
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/same-output.XXXXXX")
WORKTREES=()
cleanup() {
  local w
  for w in "${WORKTREES[@]}"; do git -C "$REPO" worktree remove --force "$w" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

say() { printf 'same-output: %s\n' "$*" >&2; }

# build NAME DIR: swift build in DIR, log in $WORK/build-NAME.log.
build() {
  local name=$1 dir=$2 t=$SECONDS
  say "building $name in $dir (release)..."
  if ! (cd "$dir" && swift build -c release --product shiftlint) >"$WORK/build-$name.log" 2>&1; then
    tail -n 40 "$WORK/build-$name.log" >&2
    say "build of $name failed"
    exit 2
  fi
  say "built $name in $((SECONDS - t)) s"
}

# checkout NAME REV: a detached temporary worktree at $WORK/NAME (not in a subshell: the
# cleanup must know it).
checkout() {
  WORKTREES+=("$WORK/$1")
  git -C "$REPO" worktree add --detach --quiet "$WORK/$1" "$2" >&2
}

checkout base "$BASE_REV"
BASE_DIR=$WORK/base
if [[ -n $NEW_REV ]]; then
  checkout new "$NEW_REV"
  NEW_DIR=$WORK/new
  NEW_DESC="${NEW_REV:0:12}"
else
  NEW_DIR=$REPO
  NEW_DESC="working tree of $REPO"
  [[ -z $(git -C "$REPO" status --porcelain --untracked-files=no) ]] || NEW_DESC+=" (with uncommitted changes)"
fi
build "base" "$BASE_DIR"
build "new" "$NEW_DIR"
BASE_BIN=$BASE_DIR/.build/release/shiftlint
NEW_BIN=$NEW_DIR/.build/release/shiftlint
BUILD_SECONDS=$((SECONDS - START))

# --- JSON normalization and kbuild flags (python) ---------------------------------------

cat >"$WORK/normalize.py" <<'PY'
"""normalize.py IN OUT: folds each finding's fixNote back into its message, writes the
document re-serialized (sorted keys, indent 2) to OUT, prints how many fixNotes were folded.
Output that is not a JSON document is written as is, after a marker line."""
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    doc = json.loads(raw)
except ValueError:
    open(sys.argv[2], "wb").write(b"<<not a JSON document>>\n" + raw)
    print(0)
    sys.exit(0)
folded = 0
for f in doc.get("findings", []) if isinstance(doc, dict) else []:
    if isinstance(f, dict) and "fixNote" in f:
        note = f.pop("fixNote")
        reason = note.get("reason") if isinstance(note, dict) else note
        if not isinstance(reason, str):
            reason = json.dumps(note, sort_keys=True)   # unexpected shape: keep it visible
        f["message"] = f.get("message", "") + " (no fix: " + reason + ")"
        folded += 1
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
print(folded)
PY

cat >"$WORK/kbuild_flags.py" <<'PY'
"""kbuild_flags.py REPO TREE: the kbuild flags of fs/iomap/direct-io.c, NUL-separated, from
scripts/benchmark.py (one derivation of kbuild's command line for both scripts)."""
import importlib.util, sys
repo, tree = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("benchmark", repo + "/scripts/benchmark.py")
benchmark = importlib.util.module_from_spec(spec)
spec.loader.exec_module(benchmark)
sys.stdout.write("".join(f + "\0" for f in benchmark.kbuild_flags(tree, "fs/iomap")))
PY

# --- running ----------------------------------------------------------------------------

# Sets in order of first use; per set and format: runs, bytes, differing runs, exit codes.
SETS=()
declare -A SEEN RUNS BASE_BYTES NEW_BYTES DIFFERING FOLDED EXITS FIRST_DIFF SET_SECONDS
N=0

# run SET FORMAT CWD ARGS...: runs both binaries with ARGS (the format options are added
# here) in CWD, stdin from /dev/null, and compares.
run() {
  local set=$1 format=$2 cwd=$3; shift 3
  local -a opts=(--format "$format")
  [[ $format == text ]] && opts+=(--no-color)
  local key="$set|$format" side bin rc
  if [[ -z ${RUNS[$key]+x} ]]; then
    RUNS[$key]=0; BASE_BYTES[$key]=0; NEW_BYTES[$key]=0; DIFFERING[$key]=0; FOLDED[$key]=0
    EXITS[$key]=; FIRST_DIFF[$key]=
    [[ -n ${SEEN[$set]+x} ]] || { SEEN[$set]=1; SETS+=("$set"); }
  fi
  N=$((N + 1))
  local d=$WORK/out/$N
  mkdir -p "$d"
  # The command for the report; a long compiler command line (kbuild) is shown as a count.
  local -a shown=("$@")
  local i
  for ((i = 0; i < $#; i++)); do
    if [[ ${shown[i]} == -- ]] && (($# - i - 1 > 6)); then shown=("${shown[@]:0:i+1}" "<$(($# - i - 1)) compiler args>"); break; fi
  done
  printf '%s ' shiftlint "${opts[@]}" "${shown[@]}" >"$d/cmd"
  for side in base new; do
    [[ $side == base ]] && bin=$BASE_BIN || bin=$NEW_BIN
    rc=0
    (cd "$cwd" && exec "$bin" "${opts[@]}" "$@") </dev/null >"$d/$side.out" 2>"$d/$side.err" || rc=$?
    echo "$rc" >"$d/$side.rc"
  done
  local brc nrc bsize nsize same=yes
  brc=$(<"$d/base.rc"); nrc=$(<"$d/new.rc")
  bsize=$(stat -c %s "$d/base.out"); nsize=$(stat -c %s "$d/new.out")
  RUNS[$key]=$((RUNS[$key] + 1))
  BASE_BYTES[$key]=$((BASE_BYTES[$key] + bsize)); NEW_BYTES[$key]=$((NEW_BYTES[$key] + nsize))
  [[ " ${EXITS[$key]} " == *" $brc/$nrc "* ]] || EXITS[$key]="${EXITS[$key]:+${EXITS[$key]} }$brc/$nrc"
  local a=$d/base.out b=$d/new.out
  if ! cmp -s "$a" "$b"; then
    same=no
    if [[ $format == json ]]; then
      local fb fn
      fb=$(python3 "$WORK/normalize.py" "$a" "$d/base.norm")
      fn=$(python3 "$WORK/normalize.py" "$b" "$d/new.norm")
      a=$d/base.norm b=$d/new.norm
      # Equal data after folding fixNote: the allowed difference. Equal data without any
      # fixNote but different bytes is a formatting change, not allowed.
      if (( fb + fn > 0 )) && cmp -s "$a" "$b"; then
        same=yes
        FOLDED[$key]=$((FOLDED[$key] + fb + fn))
      fi
    fi
  fi
  [[ $brc == "$nrc" ]] || same=no
  if [[ $same == no ]]; then
    DIFFERING[$key]=$((DIFFERING[$key] + 1))
    if [[ -z ${FIRST_DIFF[$key]} ]]; then
      {
        echo "--- $set, $format: in $cwd: $(<"$d/cmd")"
        [[ $brc == "$nrc" ]] || echo "exit status: base $brc, new $nrc"
        diff -u --label "base ${BASE_REV:0:12}" --label "new" "$a" "$b" | head -n 30 || true
        if cmp -s "$a" "$b" && [[ $format == json ]] && ! cmp -s "$d/base.out" "$d/new.out"; then
          echo "(same JSON data, different bytes; raw diff:)"
          diff -u --label "base ${BASE_REV:0:12}" --label "new" "$d/base.out" "$d/new.out" | head -n 30 || true
        fi
      } >"$d/diff"
      FIRST_DIFF[$key]=$d/diff
    fi
  fi
}

# time_set SET SECONDS: remember how long a set took (both formats, both binaries).
time_set() { SET_SECONDS[$1]=$2; }

# samples: each file alone, from NEW's root.
samples=()
for f in "$NEW_DIR"/samples/*.c "$NEW_DIR"/samples/*.h; do
  [[ -e $f ]] && samples+=("samples/${f##*/}")
done
say "running on ${#samples[@]} samples (LP64 and ILP32)..."
for abi in LP64 ILP32; do
  t=$SECONDS
  for f in "${samples[@]}"; do
    args=()
    first=$(head -n 1 "$NEW_DIR/$f")
    if [[ $first =~ ^//[[:space:]]*shiftlint-args:(.*)$ ]]; then
      read -r -a args <<<"${BASH_REMATCH[1]}"
    fi
    [[ $abi == ILP32 ]] && args+=(-m32)
    for format in text json; do
      if ((${#args[@]})); then
        run "samples ($abi)" "$format" "$NEW_DIR" "$f" -- "${args[@]}"
      else
        run "samples ($abi)" "$format" "$NEW_DIR" "$f"
      fi
    done
  done
  time_set "samples ($abi)" $((SECONDS - t))
done

SKIPPED=
if [[ -d $TREE/include && -d $TREE/fs/iomap ]]; then
  say "running on $TREE include/..."
  t=$SECONDS
  for format in text json; do run "linux include/" "$format" "$TREE" include; done
  time_set "linux include/" $((SECONDS - t))

  mapfile -d '' FLAGS < <(python3 "$WORK/kbuild_flags.py" "$REPO" "$TREE")
  ((${#FLAGS[@]})) || { say "could not derive the kbuild flags of fs/iomap/direct-io.c"; exit 2; }
  say "running on $TREE fs/iomap with ${#FLAGS[@]} kbuild flags..."
  t=$SECONDS
  for format in text json; do run "linux fs/iomap (kbuild)" "$format" "$TREE" fs/iomap -- "${FLAGS[@]}"; done
  time_set "linux fs/iomap (kbuild)" $((SECONDS - t))
  t=$SECONDS
  for format in text json; do
    run "linux direct-io.c --confirm" "$format" "$TREE" --confirm fs/iomap/direct-io.c -- "${FLAGS[@]}"
  done
  time_set "linux direct-io.c --confirm" $((SECONDS - t))
else
  SKIPPED="Linux 6.1 tree not found at $TREE (set SHIFTLINT_LINUX_TREE): linux sets skipped"
  say "$SKIPPED"
fi

# --- report -----------------------------------------------------------------------------

echo "base: ${BASE_REV:0:12} ($(git -C "$REPO" log -1 --format=%s "$BASE_REV" | cut -c1-70))"
echo "new:  $NEW_DESC"
echo
fmt='%-28s %-6s %5s %11s %11s %-10s %-10s %6s\n'
printf "$fmt" set format runs "base bytes" "new bytes" "exit b/n" identical "time"
printf "$fmt" ---------------------------- ------ ----- ----------- ----------- ---------- ---------- ------
status=0 folded=0
for set in "${SETS[@]}"; do
  for format in text json; do
    key="$set|$format"
    [[ -n ${RUNS[$key]+x} ]] || continue
    if ((DIFFERING[$key])); then
      same="NO (${DIFFERING[$key]})"; status=1
    elif ((FOLDED[$key])); then
      same="yes*"; folded=$((folded + FOLDED[$key]))
    else
      same=yes
    fi
    time=
    [[ $format == text ]] && time="${SET_SECONDS[$set]}s"
    printf "$fmt" "$set" "$format" "${RUNS[$key]}" "${BASE_BYTES[$key]}" "${NEW_BYTES[$key]}" \
      "${EXITS[$key]}" "$same" "$time"
  done
done
((folded == 0)) || { echo; echo "yes*: identical after folding $folded fixNote fields back into their messages"; }
[[ -z $SKIPPED ]] || { echo; echo "$SKIPPED"; }
for set in "${SETS[@]}"; do
  for format in text json; do
    key="$set|$format"
    [[ -n ${FIRST_DIFF[$key]:-} ]] || continue
    echo
    echo "first of ${DIFFERING[$key]} differing run(s) in \"$set\" ($format):"
    cat "${FIRST_DIFF[$key]}"
  done
done
echo
echo "$( ((status == 0)) && echo "all identical" || echo "OUTPUT DIFFERS" ); builds ${BUILD_SECONDS}s, total $((SECONDS - START))s"
exit $status
