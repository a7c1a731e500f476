#!/usr/bin/env bash
# The repository stands alone: no tracked file may point into a sibling folder of the checkout,
# and every relative link in the README and docs/ must resolve inside the repository.
# Usage: standalone_check.sh REPO_ROOT
set -uo pipefail
root="${1:?usage: standalone_check.sh REPO_ROOT}"
cd "$root" || exit 2
status=0

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files)
else  # a copy without .git: every file but the build trees
  files=$(find . -type f -not -path './build/*' -not -path './out/*' | sed 's|^\./||')
fi

# The sibling folder the team's handover material lives in; spelt in pieces so that this file does
# not name it itself.
sibling='\.\./'"shared"
hits=$(printf '%s\n' "$files" | grep -v '^$' | xargs -d '\n' grep -nE "$sibling" -- 2>/dev/null)
if [ -n "$hits" ]; then
  echo "tracked files name the sibling folder (the repository must stand alone):"
  echo "$hits"
  status=1
fi

# Relative Markdown links: [text](path) where path is not a URL or an anchor.
for doc in README.md docs/*.md docs/decisions/*.md tests/data/*/PROVENANCE.md; do
  [ -f "$doc" ] || continue
  dir=$(dirname "$doc")
  while IFS= read -r target; do
    target="${target%%#*}"
    [ -n "$target" ] || continue
    if [ ! -e "$dir/$target" ]; then
      echo "$doc: link to '$target' does not resolve inside the repository"
      status=1
    fi
  done < <(grep -oE '\]\([^)]+\)' "$doc" | sed -E 's/^\]\(([^) ]+).*$/\1/' | grep -vE '^(https?:|mailto:|#)')
done

[ "$status" -eq 0 ] && echo "standalone: no sibling paths in $(printf '%s\n' "$files" | wc -l) files, every doc link resolves"
exit "$status"
