using Oslo.Config;
using Oslo.Service;

// The .NET counterpart of oslo.service's "oslo.config.opts" entry points: found by oslo-config-generator.
[assembly: OsloConfigOpts("oslo.service.service", typeof(ServiceOptions), nameof(ServiceOptions.ListServiceOpts))]
[assembly: OsloConfigOpts("oslo.service.periodic_task", typeof(ServiceOptions), nameof(ServiceOptions.ListPeriodicTaskOpts))]
