using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oslo.Service.Ctl;

/// <summary>Source-generated JSON for printing replies with <c>--json</c>.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class JsonContext : JsonSerializerContext;
