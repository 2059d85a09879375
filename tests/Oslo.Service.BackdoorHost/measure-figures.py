#!/usr/bin/env python3
"""Figures for the debug console (issue 7): memory an enabled-but-idle console adds to a process, and the time of
the first and the tenth evaluation. Usage (after `dotnet build -c Release tests/Oslo.Service.BackdoorHost`):
    python3 tests/Oslo.Service.BackdoorHost/measure-figures.py [runs]
Memory: RSS and PSS from /proc/<pid>/smaps_rollup, 3 s after the host printed its ready line, median of the runs,
for (a) no console (UseBackdoor not called, no option), (b) UseBackdoor called but no option set, (c) UseBackdoor
and backdoor_port = 0 (enabled, no session). Evaluations: round trip of `<i> + 1` over one session, from sending the
line to receiving the next prompt. The session warms the compiler up as soon as it opens, so "first right after
connect" waits for that warm-up, and "first after 5 s" is typed once it is done."""
import os, socket, statistics, subprocess, sys, tempfile, time

HOST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "Release", "net10.0", "Oslo.Service.BackdoorHost.dll")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def start(conf_text, env_extra):
    d = tempfile.mkdtemp(prefix="bdfig-")
    conf = os.path.join(d, "h.conf")
    with open(conf, "w") as f:
        f.write(conf_text)
    env = dict(os.environ, **env_extra)
    p = subprocess.Popen(["dotnet", HOST, "--config-file", conf], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, env=env, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = p.stdout.readline()
        if line.startswith("ready "):
            return p, line.split("backdoor=")[1].split()[0]
    p.kill()
    raise RuntimeError("host not ready")


def memory(pid):
    rss = pss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def stop(p):
    p.stdin.close()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def until_prompt(s):
    buf = b""
    while not buf.endswith(b">>> "):
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("closed")
        buf += chunk
    return buf


cases = {
    "a_no_console": ("", {"BACKDOOR_HOST_NO_CONSOLE": "1"}),
    "b_usebackdoor_no_option": ("", {}),
    "c_enabled_idle": ("[DEFAULT]\nbackdoor_port = 0\n", {}),
}
results = {}
for name, (conf, env) in cases.items():
    rss, pss = [], []
    for _ in range(RUNS):
        p, _where = start(conf, env)
        time.sleep(3)
        r, s = memory(p.pid)
        rss.append(r)
        pss.append(s)
        stop(p)
    results[name] = (statistics.median(rss), statistics.median(pss))
    print(f"backdoor.memory.{name}.rss_kib {results[name][0]:.0f}")
    print(f"backdoor.memory.{name}.pss_kib {results[name][1]:.0f}")
a, c = results["a_no_console"], results["c_enabled_idle"]
print(f"backdoor.memory.added_by_enabled_idle.rss_kib {c[0] - a[0]:.0f}")
print(f"backdoor.memory.added_by_enabled_idle.pss_kib {c[1] - a[1]:.0f}")

def evaluations(wait_before):
    firsts, tenths, mem = [], [], []
    for _ in range(RUNS):
        p, port = start("[DEFAULT]\nbackdoor_port = 0\n", {})
        s = socket.create_connection(("127.0.0.1", int(port)))
        s.settimeout(60)
        until_prompt(s)
        time.sleep(wait_before)
        times = []
        for i in range(10):
            t = time.perf_counter()
            s.sendall(f"{i} + 1\n".encode())
            until_prompt(s)
            times.append((time.perf_counter() - t) * 1000)
        firsts.append(times[0])
        tenths.append(times[9])
        s.close()
        mem.append(memory(p.pid))
        stop(p)
    return statistics.median(firsts), statistics.median(tenths), mem


first, tenth, mem = evaluations(0)
print(f"backdoor.eval.first_right_after_connect_ms {first:.0f}")
print(f"backdoor.eval.tenth_ms {tenth:.1f}")
first_idle, tenth_idle, _ = evaluations(5)
print(f"backdoor.eval.first_after_5s_ms {first_idle:.0f}")
print(f"backdoor.eval.tenth_after_5s_ms {tenth_idle:.1f}")
print(f"backdoor.memory.after_10_evaluations.rss_kib {statistics.median(m[0] for m in mem):.0f}")
print(f"backdoor.memory.after_10_evaluations.pss_kib {statistics.median(m[1] for m in mem):.0f}")
