#!/usr/bin/python3
"""The machine's floor for `bench/run looping`: the plainest precise loop Linux offers, one `timerfd` armed for an
absolute deadline on a 10 ms grid and a blocking read() per period, no runtime around it, for S seconds.

Run by the looping scenario at the same time as our loop, so both see the same machine: a period error this loop
also has is the host's wake-up latency (virtual CPUs, other tenants), not the looping call's. Prints the same
`metric=value` lines as looping_oslo.py: drift_runs, period_err_p99_ms, period_err_max_ms, cpu_pct, runs. Uses
ctypes (timerfd needs Python 3.13 in the os module).
"""
import argparse
import ctypes
import ctypes.util
import math
import os
import resource
import time

CLOCK_MONOTONIC = 1
TFD_CLOEXEC = 0o2000000
TFD_TIMER_ABSTIME = 1


class Timespec(ctypes.Structure):
    _fields_ = [('tv_sec', ctypes.c_long), ('tv_nsec', ctypes.c_long)]


class Itimerspec(ctypes.Structure):
    _fields_ = [('it_interval', Timespec), ('it_value', Timespec)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--interval-ms', type=float, default=10)
    args = parser.parse_args()
    libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)
    fd = libc.timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC)
    if fd < 0:
        raise OSError(ctypes.get_errno(), 'timerfd_create')
    interval_ns = int(args.interval_ms * 1e6)
    periods = int(args.seconds * 1000 / args.interval_ms)
    starts = []
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    wall0 = time.monotonic()
    origin = time.monotonic_ns()
    spec = Itimerspec()
    for k in range(1, periods + 1):
        deadline = origin + k * interval_ns
        spec.it_value.tv_sec, spec.it_value.tv_nsec = divmod(deadline, 1_000_000_000)
        if libc.timerfd_settime(fd, TFD_TIMER_ABSTIME, ctypes.byref(spec), None) != 0:
            raise OSError(ctypes.get_errno(), 'timerfd_settime')
        os.read(fd, 8)
        starts.append(time.monotonic())
    stopped_at = time.monotonic()
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    interval = args.interval_ms / 1000.0
    # Runs expected between the first and the last start (the loop stops right after its last run, not at a time of
    # its own, so the scenario's "first start to the stop" would count half a period either way).
    expected = int(round((starts[-1] - starts[0]) / interval)) + 1
    errors = sorted(abs((b - a) - interval) for a, b in zip(starts, starts[1:]))
    p99 = errors[int(round(0.99 * (len(errors) - 1)))] if errors else 0.0
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    print('drift_runs=%d' % (expected - len(starts)))
    print('period_err_p99_ms=%.4f' % (1000 * p99))
    print('period_err_max_ms=%.4f' % (1000 * (errors[-1] if errors else 0.0)))
    print('cpu_pct=%.4f' % (100.0 * cpu / (stopped_at - wall0)))
    print('runs=%d' % len(starts))


if __name__ == '__main__':
    main()
