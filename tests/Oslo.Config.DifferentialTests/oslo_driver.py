"""Runs differential cases through the real oslo.config (Debian python3-oslo.config, /usr/bin/python3).

One JSON case per stdin line, one JSON result per stdout line, in order. A case:
  {"dir": "/tmp/x", "opts": [{"kind": "int", "name": "n", "group": null, "cli": false, ...}],
   "args": ["--config-file", "/tmp/x/a.conf"], "env": {"OS_DEFAULT__N": "1"}}
(the C# side has written the files). A result:
  {"parse": null | "Type: message" | "EXIT <code>: <stderr>", "values": {"DEFAULT.n": "V 1" | "E Type: message"}}
Values are Python repr()s; the C# side renders its values with PyRepr to compare.
"""
import contextlib
import io
import json
import os
import sys

from oslo_config import cfg
from oslo_config import types


def item_type(name):
    return {"int": types.Integer(), "str": types.String(), None: None}[name]


def make_opt(o):
    kind = o["kind"]
    kw = {}
    for key in ("default", "help", "required", "secret", "mutable", "deprecated_name", "deprecated_group",
                "deprecated_for_removal", "positional", "short"):
        if o.get(key) is not None:
            kw[key] = o[key]
    if o.get("deprecated_opts"):
        kw["deprecated_opts"] = [cfg.DeprecatedOpt(d.get("name"), group=d.get("group")) for d in o["deprecated_opts"]]
    name = o["name"]
    if kind == "str":
        for key in ("choices", "max_length", "regex", "ignore_case"):
            if o.get(key) is not None:
                kw[key] = o[key]
        return cfg.StrOpt(name, **kw)
    if kind == "int":
        for key in ("min", "max"):
            if o.get(key) is not None:
                kw[key] = o[key]
        return cfg.IntOpt(name, **kw)
    if kind == "float":
        if isinstance(kw.get("default"), int) and not isinstance(kw.get("default"), bool):
            kw["default"] = float(kw["default"])  # JSON writes 10.0 as 10
        for key in ("min", "max"):
            if o.get(key) is not None:
                kw[key] = o[key]
        return cfg.FloatOpt(name, **kw)
    if kind == "bool":
        return cfg.BoolOpt(name, **kw)
    if kind == "port":
        return cfg.PortOpt(name, **kw)
    if kind == "list":
        return cfg.ListOpt(name, item_type=item_type(o.get("item_type")), bounds=o.get("bounds", False), **kw)
    if kind == "dict":
        return cfg.DictOpt(name, **kw)
    if kind == "multistr":
        return cfg.MultiStrOpt(name, **kw)
    if kind == "multiint":
        return cfg.MultiOpt(name, item_type=types.Integer(), **kw)
    if kind == "ip":
        return cfg.IPOpt(name, **kw)
    if kind == "hostname":
        return cfg.HostnameOpt(name, **kw)
    if kind == "uri":
        return cfg.URIOpt(name, **kw)
    raise ValueError("unknown kind " + kind)


def error_text(e):
    return "%s: %s" % (type(e).__name__, e)


def run(case):
    for key in [k for k in os.environ if k.startswith("OS_")]:
        del os.environ[key]
    os.environ.update(case.get("env", {}))
    conf = cfg.ConfigOpts()
    result = {"parse": None, "values": {}}
    try:
        opts = []
        for o in case["opts"]:
            opt = make_opt(o)
            opts.append((o, opt))
            group = o.get("group")
            if o.get("cli"):
                conf.register_cli_opt(opt, group=group)
            else:
                conf.register_opt(opt, group=group)
    except Exception as e:  # noqa: BLE001 - the error is the result
        result["parse"] = error_text(e)
        return result
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            conf(args=case["args"], prog="prog", default_config_files=[], default_config_dirs=[],
                 validate_default_values=case.get("validate_default_values", False))
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        text = err.getvalue().strip()
        # argparse usage errors: the "prog: error: ..." line; oslo's bad-value text: all of it (values can span lines).
        # oslo logs deprecated names used in files ("Deprecated: Option ...") through logging's last resort
        # handler on stderr; that is a warning, not the outcome.
        lines = [ln for ln in text.splitlines() if not ln.startswith("Deprecated: ")]
        errors = [ln for ln in lines if ": error: " in ln]
        result["parse"] = "EXIT %d: %s" % (code, errors[-1] if errors else "\\n".join(lines))
        return result
    except Exception as e:  # noqa: BLE001
        result["parse"] = error_text(e)
        return result
    for o, opt in opts:
        group = o.get("group") or "DEFAULT"
        key = group + "." + opt.dest
        try:
            value = conf[opt.dest] if group == "DEFAULT" else conf[group][opt.dest]
            result["values"][key] = "V " + repr(value)
        except Exception as e:  # noqa: BLE001
            result["values"][key] = "E " + error_text(e)
    return result


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            result = run(case)
        except Exception as e:  # noqa: BLE001 - a driver bug must not hang the C# side
            result = {"parse": "DRIVER " + error_text(e), "values": {}}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
