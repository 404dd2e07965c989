#!/usr/bin/env bash
# Every test: install, build with warnings as errors, run the unit and integration tests
# (against the local fake exchange on 127.0.0.1, never the internet), then a short fuzz run of
# every response parser. FUZZ_SECONDS=0 skips the fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh -DCRYPTOSCOPE_BUILD_TESTS=ON -DCRYPTOSCOPE_WERROR=ON
ctest --test-dir build --output-on-failure -j2 --timeout 600
# Tests must not age: the whole suite again with every clock (the tests' and the binaries') moved
# 400 days ahead. The monotonic clock stays real, as libfaketime cannot move the kernel's timed
# waits with it. The browser test is left out: chromium does not start under libfaketime (its
# data's dates come from the fake exchange's pinned clock, never from the machine's).
# libfaketime is preloaded directly: the `faketime` wrapper keeps a named semaphore per PID in
# /dev/shm, and one left by a killed run makes a later wrapper with the same PID refuse to start.
libfaketime=$(dpkg -L libfaketime | grep '/libfaketime\.so\.1$')
LD_PRELOAD="$libfaketime" FAKETIME='+400d' FAKETIME_DONT_FAKE_MONOTONIC=1 \
  ctest --test-dir build --output-on-failure -j2 --timeout 600 -LE browser
if [[ "${FUZZ_SECONDS:-10}" != 0 && -x scripts/fuzz.sh ]]; then
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
fi
