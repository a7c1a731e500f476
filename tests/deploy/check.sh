# Shared by the deploy tests (sourced): check "what" command... runs the command, prints ok/FAIL
# with its output on failure, and counts; finish prints the closing line and sets the exit code.
passes=0
fails=0
check() {
  local what="$1"; shift
  if "$@" >"$work/out" 2>&1; then echo "ok: $what"; passes=$((passes + 1))
  else echo "FAIL: $what"; sed 's/^/    /' "$work/out"; fails=$((fails + 1)); fi
}
finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
