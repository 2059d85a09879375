#!/usr/bin/python3
"""The peer of tests/Oslo.Service.WorkerHost for `bench/run workers`: an idle oslo.service 3.x service run by its
ProcessLauncher in N forked workers.

Prints the same lines as the .NET program so the bench reads both the same way: "workerhost pid=P" from the parent,
"worker-ready svc=0 id=-1 pid=P" when a worker's service has started, "worker-reset ... pid=P" when a worker resets
(mutate) and "parent-reset" when the parent does. Options: [DEFAULT] workers, graceful_shutdown_timeout; the restart
method comes from WORKERHOST_RESTART_METHOD (reload or mutate), as for the .NET program. WORKERHOST_HANG_STOP=1 with
WORKERHOST_HANG_STOP_FILE=PATH: the first worker to start (the one that creates PATH) never finishes its stop, as
the .NET program's worker 0 with WORKERHOST_HANG_STOP_ID=0.
"""
import os
import sys
import time

from oslo_config import cfg
from oslo_service import service

CONF = cfg.CONF
CONF.register_opts([cfg.IntOpt('workers', default=2, min=1, help='How many worker processes run the service.')])
CONF.register_opts([cfg.StrOpt('greeting', default='hello', mutable=True)], group='workerhost')
PARENT = os.getpid()


class WorkerService(service.Service):
    def __init__(self):
        super().__init__()
        self.hang_in_stop = False

    def start(self):
        super().start()
        path = os.environ.get('WORKERHOST_HANG_STOP_FILE')
        if os.environ.get('WORKERHOST_HANG_STOP') == '1' and path:
            try:
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                self.hang_in_stop = True
            except FileExistsError:
                pass
        print('worker-ready svc=0 id=-1 pid=%d greeting=%s' % (os.getpid(), CONF.workerhost.greeting), flush=True)

    def reset(self):
        what = 'parent-reset' if os.getpid() == PARENT else 'worker-reset'
        print('%s svc=0 id=-1 pid=%d greeting=%s' % (what, os.getpid(), CONF.workerhost.greeting), flush=True)

    def stop(self, graceful=False):
        print('worker-stopping svc=0 id=-1 pid=%d' % os.getpid(), flush=True)
        while self.hang_in_stop:
            time.sleep(3600)
        super().stop(graceful)


def main():
    print('workerhost pid=%d pgid=%d' % (PARENT, os.getpgrp()), flush=True)
    CONF(sys.argv[1:], project='workerhost')
    restart_method = os.environ.get('WORKERHOST_RESTART_METHOD', 'reload')
    launcher = service.ProcessLauncher(CONF, restart_method=restart_method)
    launcher.launch_service(WorkerService(), workers=CONF.workers)
    launcher.wait()


if __name__ == '__main__':
    main()
