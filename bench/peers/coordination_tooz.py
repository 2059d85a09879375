"""Peer of bench/run coordination: a leader-only task with Python tooz (Debian python3-tooz), same store, same TTL.

member mode (--member NAME): one member; every --spacing seconds it heartbeats and, holding the leader lock (tooz
locks: its pgsql driver has no election, its etcd3gw driver neither), runs the task: prints "ran <monotonic s>".
overhead mode (--overhead N): one member runs N coordinated runs and prints overhead_ms=<median ms> of the
coordination work on each run's path (heartbeat + lock acquire/refresh).
"""
import argparse
import statistics
import sys
import time

from tooz import coordination

try:
    # Debian bookworm's tooz 3.1 passes api_path= to etcd3gw.client(), which its python3-etcd3gw takes only on
    # the client class: set it there, so that the etcd3+http driver runs at all (etcd 3.4 serves /v3/, not
    # the older client's default /v3alpha/).
    import etcd3gw

    _client = etcd3gw.client

    def _client_with_api_path(*args, api_path=None, **kwargs):
        client = _client(*args, **kwargs)
        client.api_path = '/v3/'
        return client

    etcd3gw.client = _client_with_api_path
except ImportError:
    pass


def url_with_timeout(url, ttl):
    sep = '&' if '?' in url else '?'
    return '%s%stimeout=%d' % (url, sep, ttl)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--ttl', type=int, default=3)
    parser.add_argument('--spacing', type=float, default=1.0)
    parser.add_argument('--member', default='bench')
    parser.add_argument('--overhead', type=int, default=0)
    args = parser.parse_args()

    coord = coordination.get_coordinator(url_with_timeout(args.url, args.ttl), args.member.encode())
    coord.start(start_heart=False)
    lock = coord.get_lock(b'bench-leader')
    held = False
    costs = []
    runs = 0
    print('started member=%s' % args.member, flush=True)
    while True:
        t0 = time.perf_counter()
        try:
            coord.heartbeat()
            if not held:
                held = lock.acquire(blocking=False)
        except coordination.ToozError as e:
            print('error %s' % e, file=sys.stderr, flush=True)
            held = False
        cost = time.perf_counter() - t0
        if held:
            runs += 1
            costs.append(cost)
            print('ran %.6f' % time.monotonic(), flush=True)
            if args.overhead and runs >= args.overhead:
                print('overhead_ms=%.3f' % (1000 * statistics.median(costs)))
                lock.release()
                coord.stop()
                return 0
        time.sleep(max(0.0, args.spacing - (time.perf_counter() - t0)))


if __name__ == '__main__':
    sys.exit(main())
