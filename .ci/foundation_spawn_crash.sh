#!/usr/bin/env bash
# Succeeds when the test log in $1 shows the process crashing inside Foundation's Process.run() on
# Linux (swiftlang/swift-corelibs-foundation#5472): a "Program crashed" report whose crashed thread's
# first frames are libc's memory copy called from Process.run() or from
# findMaximumOpenFromProcSelfFD(). Anything else is not this bug.
set -euo pipefail
log=$1
grep -q '^\*\*\* Program crashed: ' "$log" || exit 1
awk '/^Thread .* crashed:$/ {inside = 1; frames = 0; next}
     inside && /^ *[0-9]+ / {
         frames++
         if ($0 ~ /(Process\.run\(\)|findMaximumOpenFromProcSelfFD).* in libFoundation\.so/) found = 1
         if (frames >= 3) inside = 0
     }
     END {exit found ? 0 : 1}' "$log"
