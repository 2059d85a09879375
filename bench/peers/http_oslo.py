#!/usr/bin/python3
"""The bench's Python peer: oslo.service 3.x wsgi.Server with ProcessLauncher(2), a hello-world WSGI app.

    /usr/bin/python3 bench/peers/http_oslo.py --port 8080 [--workers 2] [--log]

--log turns on INFO logging, so eventlet writes oslo's default access line per request (wsgi_log_format).
Prints "ready <port>" once the socket is bound; SIGHUP (as a daemon) reloads, SIGTERM stops.
"""
import argparse
import logging
import sys

import eventlet
eventlet.monkey_patch()

from oslo_config import cfg  # noqa: E402
from oslo_service import service, wsgi  # noqa: E402


def app(environ, start_response):
    body = b"hello\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--log", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.log else logging.WARNING, stream=sys.stdout)
    conf = cfg.ConfigOpts()
    conf([], project="bench")
    server = wsgi.Server(conf, "hello", app, host="127.0.0.1", port=args.port)
    print("ready %d" % server.port, flush=True)
    launcher = service.ProcessLauncher(conf, restart_method="reload")
    launcher.launch_service(server, workers=args.workers)
    launcher.wait()


if __name__ == "__main__":
    main()
