"""Writes random option sets with the real oslo-config-generator (Debian python3-oslo.config 9.0, /usr/bin/python3).

One JSON case per stdin line, one JSON result per stdout line: {"output": "<sample>"} or {"error": "..."}. A case:
  {"format": "ini"|"yaml"|"json", "wrap_width": 70, "groups": [{"name": null|"grp", "help": .., "title": ..,
   "opts": [{"kind": "str", "name": "a", ...oslo keyword arguments...}]}]}
The namespace "diff" lists the groups; the generator runs as `oslo-config-generator --namespace diff --format F`.
"""
import io
import json
import sys
from unittest import mock

from oslo_config import cfg
from oslo_config import generator
from oslo_config import types

KINDS = {
    "str": cfg.StrOpt, "int": cfg.IntOpt, "float": cfg.FloatOpt, "bool": cfg.BoolOpt, "port": cfg.PortOpt,
    "list": cfg.ListOpt, "dict": cfg.DictOpt, "multistr": cfg.MultiStrOpt, "ip": cfg.IPOpt,
    "hostname": cfg.HostnameOpt, "uri": cfg.URIOpt, "hostaddress": cfg.HostAddressOpt,
}


def make_opt(o):
    kw = {k: v for k, v in o.items() if k not in ("kind", "name", "deprecated_opts", "choices") and v is not None}
    if o.get("deprecated_opts"):
        kw["deprecated_opts"] = [cfg.DeprecatedOpt(d.get("name"), group=d.get("group")) for d in o["deprecated_opts"]]
    if o.get("choices") is not None:
        kw["choices"] = [tuple(c) if isinstance(c, list) else c for c in o["choices"]]
    if o["kind"] == "float" and isinstance(kw.get("default"), int) and not isinstance(kw.get("default"), bool):
        kw["default"] = float(kw["default"])
    if o["kind"] == "float":
        # A .NET FloatOpt's bounds are doubles: give Python floats too.
        for key in ("min", "max"):
            if kw.get(key) is not None:
                kw[key] = float(kw[key])
    if o["kind"] == "list" and o.get("item_type") == "int":
        kw["item_type"] = types.Integer()
    kw.pop("item_type", None) if o["kind"] != "list" or o.get("item_type") != "int" else None
    return KINDS[o["kind"]](o["name"], **kw)


def run(case):
    listing = []
    for g in case["groups"]:
        group = None if g["name"] is None else cfg.OptGroup(g["name"], help=g.get("help"), title=g.get("title"))
        listing.append((group, [make_opt(o) for o in g["opts"]]))
    conf = cfg.ConfigOpts()
    generator.register_cli_opts(conf)
    conf(["--namespace", "diff", "--format", case["format"], "--wrap-width", str(case["wrap_width"])],
         default_config_files=[], default_config_dirs=[])
    out = io.StringIO()
    with mock.patch.object(generator, "_get_raw_opts_loaders", return_value=[("diff", lambda: listing)]), \
            mock.patch.object(generator, "_update_defaults"), \
            mock.patch.object(generator.LOG, "warning"):
        generator.generate(conf, output_file=out)
    return out.getvalue()


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = {"output": run(json.loads(line))}
        except Exception as e:  # noqa: BLE001 - the error is the result
            result = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
