#!/usr/bin/python3
"""The peer of samples/FooService for `bench/run service`: an idle oslo.service 3.x service.

Same shape as the .NET sample: options workers/debug/heartbeat_interval, a periodic heartbeat task on the
service's thread group, reset re-applies `debug`, launched with oslo_service.service.launch(). Prints
"started" (flushed) from start() so the bench can see a SIGHUP reload finish (oslo 3.x sends READY=1 only once).
"""
import logging
import sys

from oslo_config import cfg
from oslo_service import periodic_task
from oslo_service import service

CONF = cfg.CONF
CONF.register_cli_opts([
    cfg.IntOpt('workers', default=1, min=1, help='How many worker processes run the service.'),
    cfg.BoolOpt('debug', short='d', default=False, mutable=True, help='Log at DEBUG instead of INFO.'),
    cfg.IntOpt('heartbeat_interval', default=10, min=1, mutable=True, help='Seconds between heartbeats.'),
])
LOG = logging.getLogger('foo')


class Heartbeat(periodic_task.PeriodicTasks):
    def __init__(self, conf):
        super().__init__(conf)
        self.beats = 0

    @periodic_task.periodic_task(spacing=10, run_immediately=True)
    def heartbeat(self, context):
        self.beats += 1
        LOG.info('Heartbeat %d', self.beats)


class FooService(service.Service):
    def __init__(self, conf):
        super().__init__()
        self.conf = conf
        self.tasks = Heartbeat(conf)

    def start(self):
        super().start()
        interval = self.conf.heartbeat_interval
        self.tg.add_dynamic_timer(self.tasks.run_periodic_tasks, periodic_interval_max=interval, context=None)
        print('started', flush=True)

    def reset(self):
        apply_logging(self.conf)
        LOG.info('FooService reset')

    def stop(self, graceful=False):
        LOG.info('FooService stopping')
        super().stop(graceful)


def apply_logging(conf):
    logging.getLogger().setLevel(logging.DEBUG if conf.debug else logging.INFO)


def main():
    logging.basicConfig(format='%(asctime)s %(levelname)s %(name)s %(message)s', stream=sys.stdout)
    CONF(sys.argv[1:], project='foo')
    apply_logging(CONF)
    launcher = service.launch(CONF, FooService(CONF), workers=CONF.workers, restart_method='reload')
    launcher.wait()


if __name__ == '__main__':
    main()
