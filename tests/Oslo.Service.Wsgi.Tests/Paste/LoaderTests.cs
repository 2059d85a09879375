using Microsoft.AspNetCore.Http;

using Oslo.Service.Wsgi.Paste;
using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Paste;

/// <summary>oslo's TestLoaderNothingExists / TestLoaderNormalFilesystem, and the paste section kinds.</summary>
public sealed class LoaderTests : IDisposable
{
    private const string Ini = """
        [DEFAULT]
        who = !

        [composite:main]
        use = egg:Paste#urlmap
        / = root
        /v2 = api_v2

        [pipeline:api_v2]
        pipeline = outer inner v2app

        [filter:outer]
        paste.filter_factory = Oslo.Service.Wsgi.Tests.Paste.TagFilterFactory, Oslo.Service.Wsgi.Tests
        tag = A

        [filter:inner]
        paste.filter_factory = Oslo.Service.Wsgi.Tests.Paste.TagFilterFactory, Oslo.Service.Wsgi.Tests
        tag = B

        [app:root]
        paste.app_factory = Oslo.Service.Wsgi.Tests.Paste.EchoAppFactory, Oslo.Service.Wsgi.Tests
        text = root

        [app:v2app]
        use = root
        text = v2

        [app:broken]
        paste.app_factory = No.Such.Type, Nowhere
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("oslo-paste-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteIni()
    {
        string path = Path.Combine(_dir, "api-paste.ini");
        File.WriteAllText(path, Ini);
        return path;
    }

    private static async Task<string> Call(RequestDelegate app, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        var body = new MemoryStream();
        context.Response.Body = body;
        await app(context);
        return context.Response.StatusCode == 404 ? "404" : System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    [Fact]
    public void RelativePathMissing_ConfigNotFound()
    {
        var conf = TestConf.Create(("api_paste_config", "no-such-api-paste.ini", null));
        var ex = Assert.Throws<ConfigNotFoundException>(() => new Loader(conf));
        Assert.Equal("Could not find config at no-such-api-paste.ini", ex.Message);
    }

    [Fact]
    public void AbsolutePathMissing_ConfigNotFound()
    {
        var conf = TestConf.Create(("api_paste_config", "/nonexistent/api-paste.ini", null));
        Assert.Equal("Could not find config at /nonexistent/api-paste.ini", Assert.Throws<ConfigNotFoundException>(() => new Loader(conf)).Message);
    }

    [Fact]
    public void AbsolutePath_ConfigPathIsTheFile()
    {
        string path = WriteIni();
        Assert.Equal(path, new Loader(TestConf.Create(("api_paste_config", path, null))).ConfigPath);
    }

    [Fact]
    public void RelativePath_FoundNextToTheConfigFile()
    {
        string ini = WriteIni();
        string confFile = Path.Combine(_dir, "svc.conf");
        File.WriteAllText(confFile, "[DEFAULT]\napi_paste_config = api-paste.ini\n");
        var conf = new Oslo.Config.ConfigOpts(null, _ => null);
        Wsgi.WsgiOptions.RegisterOpts(conf);
        conf.Parse(["--config-file", confFile], useEnv: false);
        Assert.Equal(ini, new Loader(conf).ConfigPath);
    }

    [Fact]
    public void AppNotFound_PasteAppNotFound()
    {
        string path = WriteIni();
        var loader = new Loader(TestConf.Create(("api_paste_config", path, null)));
        var ex = Assert.Throws<PasteAppNotFoundException>(() => loader.LoadApp("nonexistent app"));
        Assert.StartsWith($"Could not load paste app 'nonexistent app' from {path}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFactoryType_PasteAppNotFoundWithReason()
    {
        string path = WriteIni();
        var ex = Assert.Throws<PasteAppNotFoundException>(() => new Loader(TestConf.Create(("api_paste_config", path, null))).LoadApp("broken"));
        Assert.Contains("No.Such.Type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_Found_LocalAndGlobalConf()
    {
        var loader = new Loader(TestConf.Create(("api_paste_config", WriteIni(), null)));
        Assert.Equal("root! path=/x base= tags=", await Call(loader.LoadApp("root"), "/x"));
    }

    [Fact]
    public async Task Composite_UrlMapAndPipelineOrder()
    {
        var app = new Loader(TestConf.Create(("api_paste_config", WriteIni(), null))).LoadApp("main");
        Assert.Equal("v2! path=/servers base=/v2 tags=AB", await Call(app, "/v2/servers"));
        Assert.Equal("root! path=/v20 base= tags=", await Call(app, "/v20"));
        Assert.Equal("root! path=/ base= tags=", await Call(app, "/"));
    }
}
