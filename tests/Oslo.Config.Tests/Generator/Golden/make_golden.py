#!/usr/bin/python3
"""Regenerates the golden sample files with the REAL Python oslo-config-generator.

oslo_service_all.{conf,json,yaml} are not written by this script: they are the real tool run on Debian's real
python3-oslo.service 3.0.0 entry points,

    /usr/bin/python3 -m oslo_config.generator --namespace oslo.service.service \
        --namespace oslo.service.periodic_task --namespace oslo.service.sslutils --namespace oslo.service.wsgi \
        [--format json|yaml]

and oslo_service_all.rst is '\n'.join(sphinxext._format_option_help([those four], False)) (see run_rst below).

Provenance record only: the .NET tests never run Python. Run with Debian's python3-oslo.config (9.0.0):

    /usr/bin/python3 tests/Oslo.Config.Tests/Generator/Golden/make_golden.py

Each scenario below mirrors, option for option, a scenario of GoldenScenarios.cs. Most come from oslo.config's own
oslo_config/tests/test_generator.py (same opts, same names); the rest cover what those tests leave out.
"""
import io
import os
import sys
from unittest import mock

from oslo_config import cfg
from oslo_config import generator
from oslo_config import types

HERE = os.path.dirname(os.path.abspath(__file__))

LOREM = ('Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et '
         'dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip '
         'ex ea commodo consequat. Duis aute irure dolor in.')
LONG = ('Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et '
        'dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex '
        'ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu '
        'fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt '
        'mollit anim id est laborum.')
PRE = ('This is a very long help text which is preformatted with line breaks. It should break when it is too long '
       'but also keep the specified line breaks. This makes it possible to create lists with items:\n\n'
       '* item 1\n* item 2\n\nand should increase the readability.')

groups = {
    'group1': cfg.OptGroup(name='group1', help=LOREM),
    'group2': cfg.OptGroup(name='group2', title='Group 2'),
    'foo': cfg.OptGroup(name='foo', title='Foo Title', help='foo help'),
}

opts = {
    'foo': cfg.StrOpt('foo', help='foo option'),
    'bar': cfg.StrOpt('bar', help='bar option'),
    'foo-bar': cfg.StrOpt('foo-bar', help='foobar'),
    'no_help': cfg.StrOpt('no_help'),
    'long_help': cfg.StrOpt('long_help', help=LONG),
    'long_help_pre': cfg.StrOpt('long_help_pre', help=PRE),
    'choices_opt': cfg.StrOpt('choices_opt', default='a', choices=(None, '', 'a', 'b', 'c'),
                              help='a string with choices'),
    'deprecated_opt_without_deprecated_group': cfg.StrOpt('bar', deprecated_name='foobar', help='deprecated'),
    'deprecated_for_removal_opt': cfg.StrOpt('bar', deprecated_for_removal=True, help='deprecated for removal'),
    'deprecated_reason_opt': cfg.BoolOpt(
        'turn_off_stove', default=False, deprecated_for_removal=True,
        deprecated_reason='This was supposed to work but it really, really did not. Always buy house insurance.',
        help='DEPRECATED: Turn off stove'),
    # test_generator.py gives this opt no help at all, which makes the real generator print "# Warning: Failed to
    # format sample for tune_in" (None.startswith). We fix that crash by treating a missing help like an empty one,
    # so the golden file is the real generator's output for help=''.
    'deprecated_opt_with_deprecated_since': cfg.BoolOpt('tune_in', deprecated_for_removal=True,
                                                        deprecated_since='13.0', help=''),
    'deprecated_opt_with_deprecated_group': cfg.StrOpt('bar', deprecated_name='foobar', deprecated_group='group1',
                                                       help='deprecated'),
    'opt_with_DeprecatedOpt': cfg.BoolOpt('foo-bar', help='Opt with DeprecatedOpt',
                                          deprecated_opts=[cfg.DeprecatedOpt('foo-bar', group='deprecated')]),
    'str_opt': cfg.StrOpt('str_opt', default='foo bar', help='a string'),
    'str_opt_with_space': cfg.StrOpt('str_opt', default='  foo bar  ', help='a string with spaces'),
    'str_opt_multiline': cfg.StrOpt('str_opt', default='foo\nbar\nbaz', help='a string with newlines'),
    'bool_opt': cfg.BoolOpt('bool_opt', default=False, help='a boolean'),
    'int_opt': cfg.IntOpt('int_opt', default=10, min=1, max=20, help='an integer'),
    'int_opt_min_0': cfg.IntOpt('int_opt_min_0', default=10, min=0, max=20, help='an integer'),
    'int_opt_max_0': cfg.IntOpt('int_opt_max_0', default=-1, max=0, help='an integer'),
    'float_opt': cfg.FloatOpt('float_opt', default=0.1, help='a float'),
    'list_opt': cfg.ListOpt('list_opt', default=['1', '2', '3'], help='a list'),
    'list_opt_with_bounds': cfg.ListOpt('list_opt_with_bounds', default=['1', '2', '3'], help='a list',
                                        bounds=True),
    'list_int_opt': cfg.ListOpt('list_int_opt', item_type=types.Integer(), default=[1, 2, 3], help='a list'),
    'dict_opt': cfg.DictOpt('dict_opt', default={'1': 'yes', '2': 'no'}, help='a dict'),
    'ip_opt': cfg.IPOpt('ip_opt', default='127.0.0.1', help='an ip address'),
    'port_opt': cfg.PortOpt('port_opt', default=80, help='a port'),
    'hostname_opt': cfg.HostnameOpt('hostname_opt', default='compute01.nova.site1', help='a hostname'),
    'uri_opt': cfg.URIOpt('uri_opt', default='http://example.com', help='a URI'),
    'multi_opt': cfg.MultiStrOpt('multi_opt', default=['1', '2', '3'], help='multiple strings'),
    'multi_opt_none': cfg.MultiStrOpt('multi_opt_none', help='multiple strings'),
    'multi_opt_empty': cfg.MultiStrOpt('multi_opt_empty', default=[], help='multiple strings'),
    'multi_opt_sample_default': cfg.MultiStrOpt('multi_opt', default=['1', '2', '3'], sample_default=['5', '6'],
                                                help='multiple strings'),
    'str_opt_sample_default': cfg.StrOpt('str_opt', default='fooishbar', help='a string'),
}

# test_generator.py: AdvancedOptionsTestCase, RequiredOptionTestCase, SummarizedOptionsTestCase, HostAddress/Domain.
advanced_opts = [cfg.StrOpt('foo', help='foo option', default='fred'),
                 cfg.StrOpt('bar', help='bar option', advanced=True),
                 cfg.StrOpt('foo_bar', help='foobar'),
                 cfg.BoolOpt('bars', help='bars foo', default=True, advanced=True)]
required_opts = [cfg.StrOpt('foo', help='foo option', default='fred'),
                 cfg.StrOpt('bar', help='bar option', required=True),
                 cfg.StrOpt('foo_bar', help='foobar'),
                 cfg.StrOpt('bars', help='bars foo', required=True)]
summary_opts = [
    cfg.StrOpt('foo', default='fred', help="""This is the summary line for a config option.

I can provide a lot more detail here, but I may not want to bloat my
config file. In this scenario, I can use the 'summarize' config option
to ensure only a summary of the option is output to the config file.
However, the Sphinx-generated documentation, hosted online, remains
unchanged.

Hopefully this works.
"""),
    cfg.StrOpt('bar', required=True, help="""This is a less carefully formatted configuration
option, where the author has not broken their description into a brief
summary line and larger description. Watch this person's commit
messages!""")]

# The demo namespace of the reference's section 8.4 excerpt.
demo_default = [
    cfg.StrOpt('mode', default='fast', mutable=True, help='Mode.',
               choices=[('fast', 'Go fast'),
                        ('safe', 'Be careful, this is a long description that will need wrapping to fit')]),
    cfg.IntOpt('workers', default=4, min=1, max=64, help='Worker count.',
               deprecated_opts=[cfg.DeprecatedOpt('worker_count', group='old')]),
    cfg.StrOpt('password', secret=True, deprecated_for_removal=True, deprecated_since='2024.1',
               deprecated_reason='Use keystone.', help='A secret.'),
    cfg.DictOpt('labels', default={'b': '2', 'a': '1'}, help='Labels.'),
    cfg.StrOpt('host', default='node1', sample_default='<hostname>', help='Host name.'),
]
demo_ssl_group = cfg.OptGroup('ssl', help='SSL options.')
demo_ssl = [
    cfg.StrOpt('ca_file', deprecated_for_removal=True, help='CA certificate file to use to verify connecting clients.',
               deprecated_opts=[cfg.DeprecatedOpt('ssl_ca_file', group='DEFAULT')]),
]

# Extra coverage beyond test_generator.py.
extra_group = cfg.OptGroup('extras', help='First paragraph of the group help.\n\nSecond paragraph, long enough to '
                                          'need wrapping when the width is seventy columns wide.')
extra_opts = [
    cfg.FloatOpt('ratio', default=0.5, min=0.0, max=2.5, help='A float with bounds.'),
    cfg.FloatOpt('tiny', default=1e-05, help='A tiny float.'),
    cfg.FloatOpt('huge', default=1e16, help='A huge float.'),
    cfg.FloatOpt('whole', default=3.0, help='A whole float.'),
    # IntOpt has no choices= in 9.0.0; the type carries them, which is all the generator looks at.
    cfg.Opt('level', type=types.Integer(choices=[(1, 'low'), (2, 'medium'), (3, None)]), default=2,
            help='Int with choices.'),
    cfg.PortOpt('bind_port', default=8080, min=1024, help='A port with a minimum.'),
    cfg.PortOpt('choice_port', default=80, choices=[80, 443], help='A port with choices.'),
    cfg.ListOpt('ports', item_type=types.Integer(), default=[80, 443], bounds=True, help='Ints in brackets.'),
    cfg.ListOpt('names', default=[' padded', 'plain'], help='Items with spaces are quoted.'),
    cfg.ListOpt('empty_list', default=[], help='An empty list.'),
    cfg.DictOpt('empty_dict', default={}, help='An empty dict.'),
    cfg.URIOpt('endpoint', default='https://example.com:5000/v3', schemes=['https'], help='A URI.'),
    cfg.IPOpt('bind_ip', default='::1', version=6, help='An IPv6 address.'),
    cfg.HostAddressOpt('host_address', default='0.0.0.0', help='A host address.'),
    cfg.HostDomainOpt('host_domain', default='my_host.example', help='A host domain.'),
    cfg.HostnameOpt('hostname', default='node-1.example.com', help='A hostname.'),
    cfg.StrOpt('empty', default='', help='An empty string default.'),
    cfg.StrOpt('sample_empty', default='x', sample_default='', help='An empty sample default.'),
    cfg.MultiOpt('multi_int', item_type=types.Integer(), help='Multi-valued ints.'),
    cfg.MultiStrOpt('multi_padded', default=[' a', 'b '], help='Multi with spaces.'),
    cfg.StrOpt('old_and_new', default='v', help='Several deprecated names.',
               deprecated_opts=[cfg.DeprecatedOpt('old_name'), cfg.DeprecatedOpt('older', group='legacy'),
                                cfg.DeprecatedOpt('dash-name')]),
    cfg.BoolOpt('adv_deprecated', default=True, advanced=True, deprecated_for_removal=True,
                deprecated_since='Zed', help='Advanced and deprecated.'),
    cfg.StrOpt('mutable_secret', secret=True, mutable=True, default='s3cr3t',
               help='A well-known, self-evident, hyphen-separated help text -- with an em-dash -- that wraps at '
                    'hyphens when it must.'),
    cfg.StrOpt('tabs', help='Tab\tseparated\thelp and  double  spaces.'),
    cfg.StrOpt('verylongword', help='See https://docs.openstack.org/oslo.config/latest/reference/defining.html#a-very-long-anchor-name for details.'),
    cfg.IntOpt('req', required=True, help='A required integer.'),
]


def run(name, listing, **overrides):
    conf = cfg.ConfigOpts()
    generator.register_cli_opts(conf)
    conf.register_opts(generator._generator_opts)
    conf.set_override('namespace', [ns for ns, _ in listing])
    for key, value in overrides.items():
        conf.set_override(key, value)
    out = io.StringIO()
    with mock.patch.object(generator, '_get_raw_opts_loaders') as loaders:
        loaders.return_value = [(ns, lambda groups_opts=groups_opts: groups_opts) for ns, groups_opts in listing]
        generator.generate(conf, output_file=out)
    with open(os.path.join(HERE, name + '.conf'), 'w', newline='') as f:
        f.write(out.getvalue())


o = opts
scenarios = {
    'empty': [],
    'single_namespace': [('test', [(None, [o['foo']])])],
    'multiple_namespaces': [('test', [(None, [o['foo']])]), ('other', [(None, [o['bar']])])],
    'group': [('test', [(groups['group1'], [o['foo']])])],
    'empty_group': [('test', [(groups['group1'], [])])],
    'multiple_groups': [('test', [(groups['group1'], [o['foo']]), (groups['group2'], [o['bar']])])],
    'group_in_multiple_namespaces': [('test', [(groups['group1'], [o['foo']])]),
                                     ('other', [(groups['group1'], [o['bar']])])],
    'hyphenated_name': [('test', [(None, [o['foo-bar']])])],
    'no_help': [('test', [(None, [o['no_help']])])],
    'long_help': [('test', [(None, [o['long_help']])])],
    'long_help_pre': [('test', [(None, [o['long_help_pre']])])],
    'choices_opt': [('test', [(None, [o['choices_opt']])])],
    'deprecated_opt_without_deprecated_group': [('test', [(groups['foo'],
                                                           [o['deprecated_opt_without_deprecated_group']])])],
    'deprecated_for_removal': [('test', [(groups['foo'], [o['deprecated_for_removal_opt']])])],
    'deprecated_reason': [('test', [(groups['foo'], [o['deprecated_reason_opt']])])],
    'deprecated_since': [('test', [(groups['foo'], [o['deprecated_opt_with_deprecated_since']])])],
    'deprecated_opt_with_deprecated_group': [('test', [(groups['foo'],
                                                        [o['deprecated_opt_with_deprecated_group']])])],
    'opt_with_DeprecatedOpt': [('test', [(None, [o['opt_with_DeprecatedOpt']])])],
    'str_opt': [('test', [(None, [o['str_opt']])])],
    'str_opt_with_space': [('test', [(None, [o['str_opt_with_space']])])],
    'str_opt_multiline': [('test', [(None, [o['str_opt_multiline']])])],
    'bool_opt': [('test', [(None, [o['bool_opt']])])],
    'int_opt': [('test', [(None, [o['int_opt']])])],
    'int_opt_min_0': [('test', [(None, [o['int_opt_min_0']])])],
    'int_opt_max_0': [('test', [(None, [o['int_opt_max_0']])])],
    'float_opt': [('test', [(None, [o['float_opt']])])],
    'list_opt': [('test', [(None, [o['list_opt']])])],
    'list_opt_with_bounds': [('test', [(None, [o['list_opt_with_bounds']])])],
    'list_int_opt': [('test', [(None, [o['list_int_opt']])])],
    'dict_opt': [('test', [(None, [o['dict_opt']])])],
    'ip_opt': [('test', [(None, [o['ip_opt']])])],
    'port_opt': [('test', [(None, [o['port_opt']])])],
    'hostname_opt': [('test', [(None, [o['hostname_opt']])])],
    'uri_opt': [('test', [(None, [o['uri_opt']])])],
    'multi_opt': [('test', [(None, [o['multi_opt']])])],
    'multi_opt_none': [('test', [(None, [o['multi_opt_none']])])],
    'multi_opt_empty': [('test', [(None, [o['multi_opt_empty']])])],
    'multi_opt_sample_default': [('test', [(None, [o['multi_opt_sample_default']])])],
    'str_opt_sample_default': [('test', [(None, [o['str_opt_sample_default']])])],
    'advanced': [('namespace1', [('alpha', advanced_opts)])],
    'host_address': [('namespace', [('alpha', [cfg.HostAddressOpt('foo', help='foo option', default='0.0.0.0')])])],
    'host_domain': [('namespace', [('alpha', [cfg.HostDomainOpt('foo', help='foo option', default='0.0.0.0')])])],
    'demo': [('demo', [(None, demo_default), (demo_ssl_group, demo_ssl)])],
    'extras': [('extras', [(extra_group, extra_opts), (None, [o['foo']])]), ('aaa', [('extras', [o['bar']])])],
    # test_generator.py 'str_opt_str_group' / 'opt_str_opt_group': a group given as a name and as an OptGroup in one
    # namespace is listed twice (oslo keys a namespace's groups by object).
    'str_opt_str_group': [('test', [('foo', [o['str_opt']]), (groups['foo'], [o['int_opt']])]),
                          ('foo', [('foo', [o['bool_opt']])])],
    'opt_str_opt_group': [('test', [(groups['foo'], [o['int_opt']]), ('foo', [o['str_opt']])]),
                          ('foo', [(groups['foo'], [o['bool_opt']])])],
    # _cleanup_opts: group names lower-cased (DEFAULT upper-cased); a repeated dest keeps its first place and
    # takes the later option; the same namespace listed twice is merged.
    'cleanup': [('ns', [('Alpha', [cfg.StrOpt('a', help='first a'), cfg.StrOpt('b', help='b')]),
                        ('ALPHA', [cfg.StrOpt('a', help='second a', default='2')]),
                        ('default', [cfg.StrOpt('c', help='c in DEFAULT')])]),
                ('ns', [('alpha', [cfg.StrOpt('d', help='d')])])],
}

for name, listing in scenarios.items():
    run(name, listing)
run('long_help_wrap_at_40', scenarios['long_help'], wrap_width=40)
run('long_help_no_wrapping', scenarios['long_help'], wrap_width=0)
run('extras_wrap_at_40', scenarios['extras'], wrap_width=40)
run('required_minimal', [('namespace1', [('alpha', required_opts)])], minimal=True)
run('summarize', [('namespace1', [('alpha', summary_opts)])], summarize=True)
run('extras_minimal', scenarios['extras'], minimal=True)
run('extras_summarize', scenarios['extras'], summarize=True)
print('wrote', len(scenarios) + 7, 'golden files to', HERE, file=sys.stderr)

# Machine-readable formats (JSON is compared byte for byte; YAML by content, see GoldenTests).
def run_format(name, listing, fmt, ext):
    conf = cfg.ConfigOpts()
    generator.register_cli_opts(conf)
    # Parsed like the real tool is run: oslo-config-generator --namespace ... --format FMT
    conf(sum([['--namespace', ns] for ns, _ in listing], []) + ['--format', fmt], project='golden',
         default_config_files=[], default_config_dirs=[])
    out = io.StringIO()
    with mock.patch.object(generator, '_get_raw_opts_loaders') as loaders:
        # stevedore yields a package's entry points in metadata order, which is sorted by name.
        loaders.return_value = [(ns, lambda groups_opts=groups_opts: groups_opts)
                                for ns, groups_opts in sorted(listing, key=lambda item: item[0])]
        generator.generate(conf, output_file=out)
    with open(os.path.join(HERE, name + '.' + ext), 'w', newline='') as f:
        f.write(out.getvalue())


run_format('demo', scenarios['demo'], 'json', 'json')
run_format('demo', scenarios['demo'], 'yaml', 'yaml')
run_format('extras', scenarios['extras'], 'json', 'json')
run_format('extras', scenarios['extras'], 'yaml', 'yaml')


# --format rst: oslo.config 9.0.0's generator calls sphinxext._format_option_help(LOG, namespaces, False), which
# does not match that function's (namespaces, split_namespaces) signature and fails; the golden file is what the
# generator would write with the call fixed, i.e. '\n'.join of the real sphinxext output.
def run_rst(name, listing):
    from oslo_config import sphinxext
    with mock.patch.object(generator, '_get_raw_opts_loaders') as loaders:
        loaders.return_value = [(ns, lambda groups_opts=groups_opts: groups_opts) for ns, groups_opts in listing]
        text = '\n'.join(sphinxext._format_option_help([ns for ns, _ in listing], False))
    with open(os.path.join(HERE, name + '.rst'), 'w', newline='') as f:
        f.write(text)


run_rst('demo', scenarios['demo'])
