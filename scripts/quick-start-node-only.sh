#!/usr/bin/env bash
# The README's quick start on a machine with Node.js but no compiler and no browser: a fresh clone
# of this repository's HEAD, run with a PATH from which make, the C/C++ compilers and Chromium are
# hidden. Both quick-start lines must pass (node-pty then fails to build and is skipped as the
# optional dependency it is; its tests and the Chromium test are skipped with a one-line notice).
#
#   bash scripts/quick-start-node-only.sh        (takes as long as `npm test`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/cic-quick-start.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Every program on the PATH, except the ones a machine with "only Node.js" lacks.
mkdir "$work/bin"
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  for prog in "$dir"/*; do
    name=$(basename "$prog")
    case "$name" in
      make | gmake | cc | c++ | gcc | g++ | clang | clang++ | *-gcc | *-g++ | *-gcc-[0-9]* | *-g++-[0-9]* | gcc-[0-9]* | g++-[0-9]* | chromium | chromium-browser | google-chrome*) continue ;;
    esac
    [ -x "$prog" ] && [ ! -e "$work/bin/$name" ] && ln -s "$prog" "$work/bin/$name"
  done
done

git clone --quiet "$repo" "$work/cic"
cd "$work/cic"
for tool in make g++ cc chromium; do
  if PATH="$work/bin" command -v "$tool" >/dev/null; then echo "could not hide $tool" >&2; exit 1; fi
done
echo "PATH without make, compilers or Chromium; node $(PATH="$work/bin" node --version)"
# The README's two lines, verbatim; CI unset so the tests needing what is hidden are skipped.
PATH="$work/bin" env -u CI bash -c 'npm ci && node bin/cic.js demo'
PATH="$work/bin" env -u CI bash -c 'npm test'
echo "quick start passed with Node.js alone"
