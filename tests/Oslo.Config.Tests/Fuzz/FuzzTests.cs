using CsCheck;

using Oslo.Config.Ini;

using Xunit;

namespace Oslo.Config.Tests.Fuzz;

// Arbitrary input never crashes: only the documented exception types may come out.
public class FuzzTests
{
    private static readonly Gen<string> s_iniText = Gen.OneOf(
        Gen.String,
        Gen.Char["[]=:#; \t\nabcDEFAULT'\"$\r"].Array[0, 200].Select(c => new string(c)),
        Gen.OneOfConst("[DEFAULT]\n", "[grp]\n", "k = v\n", "  cont\n", "\n", "# c\n", "k: 'v'\n", "[x\n", "=\n")
            .Array[0, 20].Select(parts => string.Concat(parts)));

    private static readonly IConfigType[] s_types =
    [
        new StringType(), new StringType(choices: ["a", "b"], quotes: true, regex: null, ignoreCase: true, maxLength: 3),
        new StringType(regex: "^[a-z]+$"), new BooleanType(), new IntegerType(), new IntegerType(min: 1, max: 10),
        new IntegerType(choices: [1, 2]), new FloatType(min: 0, max: 1), new PortType(), new ListType<string?>(),
        new ListType<int?>(new IntegerType(), bounds: true), new DictType(), new DictType(bounds: true),
        new IPAddressType(), new IPAddressType(4), new IPAddressType(6), new HostnameType(), new HostAddressType(),
        new HostDomainType(), new UriType(), new UriType(maxLength: 10, schemes: ["http"]), new MultiStringType(),
    ];

    private static readonly Gen<string> s_valueText = Gen.OneOf(
        Gen.String,
        Gen.Char["0123456789.:-,[]{}abcxyz_ /'\"$%"].Array[0, 40].Select(c => new string(c)),
        Gen.OneOfConst("", " ", "1", "-1", "99999999999", "nan", "1e400", "::1", "http://h/", "a:1,b:2", "[1,2]", "{}", "\"x\""));

    [Fact]
    public void IniParser_ArbitraryText_OnlyParseErrors() =>
        s_iniText.Sample(text =>
        {
            try
            {
                IniParser.Parse("/f.conf", text);
            }
            catch (ConfigFileParseException)
            {
            }
        }, time: 2);

    [Fact]
    public void Types_ArbitraryStrings_OnlyValueErrors() =>
        s_valueText.Sample(text =>
        {
            foreach (IConfigType type in s_types)
            {
                try
                {
                    type.Parse(text);
                    type.FormatDefaults(text);
                }
                catch (ConfigValueException)
                {
                }
            }
        }, time: 2);

    [Fact]
    public void ConfigOpts_ArbitraryFile_OnlyOsloErrors()
    {
        string dir = Path.Combine(Path.GetTempPath(), "oslo-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "f.conf");
            var conf = new ConfigOpts(null, _ => null);
            conf.RegisterOpts([new IntOpt("k"), new StrOpt("v"), new MultiStrOpt("m"), new BoolOpt("b")]);
            conf.RegisterOpts([new ListOpt("k"), new StrOpt("x", @default: "$k")], "grp");
            s_iniText.Sample(text =>
            {
                File.WriteAllText(file, text);
                try
                {
                    conf.Parse(["--config-file", file], prog: "p", defaultConfigFiles: [], defaultConfigDirs: []);
                    foreach (string group in conf.GroupNames)
                    {
                        foreach (Opt opt in conf.GetOpts(group == "DEFAULT" ? null : group))
                        {
                            try
                            {
                                conf.GetValue(opt.Dest, group);
                            }
                            catch (OsloConfigException)
                            {
                            }
                        }
                    }
                }
                catch (OsloConfigException)
                {
                }
            }, time: 2, threads: 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
