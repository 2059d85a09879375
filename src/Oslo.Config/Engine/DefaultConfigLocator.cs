namespace Oslo.Config;

/// <summary>
/// oslo's default config file search (<c>find_config_files</c> / <c>find_config_dirs</c>): for each of
/// <c>{project}.conf</c> and <c>{prog}.conf</c> the first of <c>~/.{project}/</c>, <c>~/</c>, <c>/etc/{project}/</c>,
/// <c>/etc/</c>, <c>$SNAP_COMMON/etc/{project}</c>, <c>$SNAP/etc/{project}</c> that holds it.
/// </summary>
internal static class DefaultConfigLocator
{
    public static IReadOnlyList<string> FindConfigFiles(string? project, string? prog, string? home = null) =>
        Find(project, prog, home, ".conf", File.Exists);

    public static IReadOnlyList<string> FindConfigDirs(string? project, string? prog, string? home = null) =>
        Find(project, prog, home, ".conf.d", Directory.Exists);

    public static IReadOnlyList<string> SearchDirs(string? project, string? home = null)
    {
        home ??= Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var dirs = new List<string>();
        if (project is not null)
        {
            dirs.Add(Path.Combine(home, "." + project));
        }

        dirs.Add(home);
        if (project is not null)
        {
            dirs.Add(Path.Combine("/etc", project));
        }

        dirs.Add("/etc");
        if (project is not null)
        {
            foreach (string variable in (string[])["SNAP_COMMON", "SNAP"])
            {
                if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } snap)
                {
                    dirs.Add(Path.Combine(snap, "etc", project));
                }
            }
        }

        return dirs;
    }

    private static List<string> Find(string? project, string? prog, string? home, string suffix, Func<string, bool> exists)
    {
        IReadOnlyList<string> dirs = SearchDirs(project, home);
        var found = new List<string>();
        foreach (string? name in new[] { project, prog })
        {
            if (name is null)
            {
                continue;
            }

            string? hit = dirs.Select(d => Path.Combine(d, name + suffix)).FirstOrDefault(exists);
            if (hit is not null && !found.Contains(hit))
            {
                found.Add(hit);
            }
        }

        return found;
    }
}
