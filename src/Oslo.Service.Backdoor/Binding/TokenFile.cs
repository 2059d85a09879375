namespace Oslo.Service.Backdoor.Binding;

/// <summary>Reads the console's token from <c>backdoor_token_file</c>: its first line, from a file only its owner may read.</summary>
internal static class TokenFile
{
    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The token: the file's first line without surrounding white space.</summary>
    /// <exception cref="BackdoorConfigValueException">The file is missing, unreadable, not a regular file, open to group or others, or empty.</exception>
    internal static string Read(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw Refused(path, "is a directory, not a regular file");
            }

            if (!OperatingSystem.IsWindows())
            {
                UnixFileMode mode = File.GetUnixFileMode(path);
                if ((mode & OpenToOthers) != 0)
                {
                    string octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
                    string what = (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0 ? "readable" : "writable";
                    throw Refused(path, $"is {what} by group or others (mode {octal}); make it 0600 or 0400, owned by the service user");
                }
            }

            using var reader = new StreamReader(path);
            string token = reader.ReadLine()?.Trim() ?? "";
            return token.Length > 0 ? token : throw Refused(path, "is empty; its first line is the token");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackdoorConfigValueException($"backdoor_token_file {path} cannot be read: {e.Message}", e);
        }
    }

    private static BackdoorConfigValueException Refused(string path, string why) => new($"backdoor_token_file {path} {why}");
}
