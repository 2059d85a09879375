using System.IO.Compression;
using System.Xml.Linq;

namespace Oslo.Packaging.Tests.Templates;

/// <summary>The packed Oslo.Service.Templates: a template package whose templates reference this build's packages.</summary>
[Collection(TemplatesCollection.Name)]
public sealed class TemplatePackageTests(TemplatePackage package)
{
    [Fact]
    public void Pack_Templates_TemplatePackageTypeWithReadmeLicenseAndNoAssembly()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        XElement root = XDocument.Load(stream).Root!;
        XNamespace ns = root.Name.Namespace;
        XElement metadata = root.Element(ns + "metadata")!;

        Assert.Equal(TemplatePackage.Id, metadata.Element(ns + "id")?.Value);
        Assert.Contains(metadata.Descendants(ns + "packageType"), type => (string?)type.Attribute("name") == "Template");
        Assert.Equal("PACKAGE.md", metadata.Element(ns + "readme")?.Value);
        Assert.Equal("Apache-2.0", metadata.Element(ns + "license")?.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
        Assert.NotNull(zip.GetEntry("content/oslo-api/.template.config/template.json"));
        Assert.NotNull(zip.GetEntry("content/oslo-worker/.template.config/template.json"));
        Assert.NotNull(zip.GetEntry("content/oslo-worker/.config/dotnet-tools.json"));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("/bin/", StringComparison.Ordinal) || e.FullName.Contains("/obj/", StringComparison.Ordinal));
    }

    [Fact]
    public void Install_Templates_ListsBothShortNames()
    {
        Assert.Contains("oslo-api", package.Install.Stdout, StringComparison.Ordinal);
        Assert.Contains("oslo-worker", package.Install.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_BothTemplates_ReferenceThisBuildsPackagesByVersion()
    {
        string api = await package.NewAsync("oslo-api", "VersionedApi");
        string worker = await package.NewAsync("oslo-worker", "VersionedWorker");

        Assert.Equal([("Oslo.Service.AspNetCore", package.Version)], TemplatePackage.PackageReferences(Path.Combine(api, "VersionedApi.csproj")));
        Assert.Equal([("Oslo.Service", package.Version)], TemplatePackage.PackageReferences(Path.Combine(worker, "VersionedWorker.csproj")));
        string tools = await File.ReadAllTextAsync(Path.Combine(worker, ".config", "dotnet-tools.json"));
        Assert.Contains($"\"version\": \"{package.Version}\"", tools, StringComparison.Ordinal);
        // No placeholder is left anywhere in what the templates wrote.
        foreach (string file in Directory.GetFiles(package.WorkDirectory, "*", SearchOption.AllDirectories).Where(f => f.StartsWith(api, StringComparison.Ordinal) || f.StartsWith(worker, StringComparison.Ordinal)))
        {
            string text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("OSLO_", text, StringComparison.Ordinal);
            Assert.DoesNotContain("stamped-at-pack", text, StringComparison.Ordinal);
            Assert.DoesNotContain("osloworker", text, StringComparison.Ordinal);
            Assert.DoesNotContain("OsloApi", text, StringComparison.Ordinal);
        }
    }
}
