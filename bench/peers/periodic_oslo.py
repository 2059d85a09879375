#!/usr/bin/python3
"""Peer of `bench/run periodic`: N periodic tasks at 1 s spacing in one oslo.service PeriodicTasks manager, run by a
dynamic timer of a ThreadGroup as oslo services do, for S seconds on the real clock.

Run with Debian's /usr/bin/python3 and python3-oslo.service (3.x). Prints `metric=value` lines on stdout:
cpu_pct, lateness_p50_ms, lateness_p99_ms, lateness_max_ms, lost_runs, runs, version.
Lateness = actual start - intended start, where the intended starts of a task are its registration time plus
k x spacing; a run more than one spacing late means a run was lost (oslo snaps last_run to the latest boundary).
The measurement is the same as the C# scenario's.
"""
import eventlet

eventlet.monkey_patch()  # as every eventlet-based oslo service does

import argparse  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

import pbr.version  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_service import periodic_task  # noqa: E402
from oslo_service import threadgroup  # noqa: E402

SPACING = 1.0


class Manager(periodic_task.PeriodicTasks):
    pass


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--tasks', type=int, default=1000)
    parser.add_argument('--seconds', type=float, default=20)
    args = parser.parse_args()

    conf = cfg.ConfigOpts()
    conf([])
    manager = Manager(conf)
    added = [0.0] * args.tasks
    next_index = [1] * args.tasks
    lateness = []
    lost = [0]

    def make_task(i):
        def task(self, context):
            now = time.monotonic()
            intended = added[i] + next_index[i] * SPACING
            while now - intended >= SPACING:
                lost[0] += 1
                next_index[i] += 1
                intended += SPACING
            next_index[i] += 1
            lateness.append(now - intended)
        task.__name__ = 't%d' % i
        return task

    for i in range(args.tasks):
        f = make_task(i)
        added[i] = time.monotonic()
        # The decorator records the first "last run" now, as at class definition in a real service.
        manager.add_periodic_task(periodic_task.periodic_task(spacing=SPACING, name=f.__name__)(f))

    def periodic_tasks():
        return manager.run_periodic_tasks(None, raise_on_error=False)

    tg = threadgroup.ThreadGroup()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    wall0 = time.monotonic()
    tg.add_dynamic_timer(periodic_tasks, initial_delay=None, periodic_interval_max=60)
    time.sleep(args.seconds)
    tg.stop()
    wall1 = time.monotonic()
    usage1 = resource.getrusage(resource.RUSAGE_SELF)

    # Intended starts that fell due at least one spacing before the end and never ran are lost too.
    for i in range(args.tasks):
        intended = added[i] + next_index[i] * SPACING
        while intended <= wall1 - SPACING:
            lost[0] += 1
            intended += SPACING

    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    values = sorted(lateness)
    print('version=%s' % pbr.version.VersionInfo('oslo.service').version_string())
    print('cpu_pct=%.4f' % (100.0 * cpu / (wall1 - wall0)))
    print('lateness_p50_ms=%.4f' % (1000 * percentile(values, 0.50)))
    print('lateness_p99_ms=%.4f' % (1000 * percentile(values, 0.99)))
    print('lateness_max_ms=%.4f' % (1000 * (values[-1] if values else 0.0)))
    print('lost_runs=%d' % lost[0])
    print('runs=%d' % len(values))


if __name__ == '__main__':
    main()
