#!/usr/bin/env bash
# The course's recipes (course_reference.py) on a GPU machine: carry .cache/course-gz (the .npy
# files of test/bench/course-data.ts, images gzipped) and run this from the repository root.
set -euo pipefail
data="${1:-.cache/course-gz}"
work=$(mktemp -d)
for f in "$data"/*; do
  case "$f" in *.gz) gunzip -c "$f" > "$work/$(basename "${f%.gz}")" ;; *) cp "$f" "$work/" ;; esac
done
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
python3 test/bench/course_reference.py "$work"
python3 test/bench/course_reference.py "$work" --only rnn --partition random
