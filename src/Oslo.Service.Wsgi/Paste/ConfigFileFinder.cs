using Oslo.Config;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>oslo.config's <c>ConfigOpts.find_file</c>, which the Loader uses for a relative <c>api_paste_config</c>.</summary>
internal static class ConfigFileFinder
{
    /// <summary>
    /// Searches, in oslo's order: the <c>--config-dir</c> directories, the directories of the config files (last
    /// file first), then <c>~/.PROJECT/</c>, <c>~/</c>, <c>/etc/PROJECT/</c>, <c>/etc/</c>. Returns the absolute
    /// path of the first match, or null.
    /// </summary>
    public static string? FindFile(ConfigOpts conf, string name)
    {
        var dirs = new List<string>();
        dirs.AddRange(conf.ConfigDirs.Select(Path.GetFullPath));
        dirs.AddRange(conf.ConfigFiles.Reverse().Select(f => Path.GetDirectoryName(Path.GetFullPath(f)) ?? "."));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (conf.Project is { Length: > 0 } project)
        {
            dirs.Add(Path.Combine(home, "." + project));
        }

        dirs.Add(home);
        if (conf.Project is { Length: > 0 } etcProject)
        {
            dirs.Add(Path.Combine("/etc", etcProject));
        }

        dirs.Add("/etc");
        foreach (string dir in dirs)
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
