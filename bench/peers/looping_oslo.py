#!/usr/bin/python3
"""Peer of `bench/run looping`: oslo.service's FixedIntervalLoopingCall at a fixed interval for S seconds on the
real clock, under eventlet as every eventlet-based oslo service runs it.

Run with Debian's /usr/bin/python3 and python3-oslo.service (3.x). Prints `metric=value` lines on stdout:
drift_runs (runs expected from the first start to the stop minus runs made), period_err_p99_ms and
period_err_max_ms (|start-to-start period - interval|), cpu_pct, runs, version. The measurement is the same as the
C# scenario's.
"""
import eventlet

eventlet.monkey_patch()  # as every eventlet-based oslo service does

import argparse  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

import pbr.version  # noqa: E402
from oslo_service import loopingcall  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--interval-ms', type=float, default=10)
    args = parser.parse_args()
    interval = args.interval_ms / 1000.0

    starts = []

    def tick():
        starts.append(time.monotonic())

    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    wall0 = time.monotonic()
    call = loopingcall.FixedIntervalLoopingCall(tick)
    call.start(interval=interval)
    time.sleep(args.seconds)
    call.stop()
    stopped_at = time.monotonic()
    call.wait()
    usage1 = resource.getrusage(resource.RUSAGE_SELF)

    expected = int(math.floor((stopped_at - starts[0]) / interval)) + 1
    errors = sorted(abs((b - a) - interval) for a, b in zip(starts, starts[1:]))
    p99 = errors[int(round(0.99 * (len(errors) - 1)))] if errors else 0.0
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    print('version=%s' % pbr.version.VersionInfo('oslo.service').version_string())
    print('drift_runs=%d' % (expected - len(starts)))
    print('period_err_p99_ms=%.4f' % (1000 * p99))
    print('period_err_max_ms=%.4f' % (1000 * (errors[-1] if errors else 0.0)))
    print('cpu_pct=%.4f' % (100.0 * cpu / (stopped_at - wall0)))
    print('runs=%d' % len(starts))


if __name__ == '__main__':
    main()
