#!/usr/bin/env bash
# Runs a command while two CPU-bound busy loops keep the cores occupied, to prove that a test
# suite does not depend on a fast or idle machine. The loops are stopped by their PIDs when the
# command ends, fails or is interrupted.
#
#   bash scripts/busy-check.sh pnpm --filter @passage-otp/core test
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 64
fi

busy_pids=()
stop_loops() {
  for pid in "${busy_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${busy_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  busy_pids=()
}
trap stop_loops EXIT
trap 'stop_loops; exit 130' INT
trap 'stop_loops; exit 143' TERM

for _ in 1 2; do
  node -e 'for (;;) {}' &
  busy_pids+=("$!")
done
echo "busy-check: busy loops running as PIDs ${busy_pids[*]}; running: $*" >&2

status=0
"$@" || status=$?
stop_loops
echo "busy-check: loops stopped; command exited with $status" >&2
exit "$status"
