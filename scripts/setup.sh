#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine (with the Swift toolchain) lacks to build and
# test shiftlint: Debian's libclang 19 (headers + library), clang-19 and its UBSAN runtime
# (the tests compare verdicts with clang's warnings and with UBSAN), the i386 C library to
# link -m32 UBSAN programs, cmake (a test builds a CMake project for its compile
# database), and clang-tools-19 (a test applies --export-fixes with clang-apply-replacements-19).
# Idempotent; needs root for apt-get, as on these machines.
set -euo pipefail
packages=(libclang-19-dev clang-19 libclang-rt-19-dev libc6-dev-i386 lib32gcc-12-dev cmake clang-tools-19)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi
command -v swift >/dev/null || { echo "setup: the Swift toolchain is not on PATH" >&2; exit 1; }
