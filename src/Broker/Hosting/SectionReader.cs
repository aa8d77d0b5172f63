using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Reads typed values from one HOCON section and turns every problem into a <see cref="ConfigurationException"/>
/// that names the full key, so a bad config fails at start with a message a person can act on.
/// </summary>
public sealed class SectionReader
{
    private readonly Config _section;
    private readonly string _path;

    /// <summary>Reads the section at <paramref name="path"/> of <paramref name="root"/>; fails when it is absent.</summary>
    public SectionReader(Config root, string path)
    {
        if (!root.HasPath(path))
        {
            throw new ConfigurationException($"Configuration section '{path}' is missing.");
        }

        _section = root.GetConfig(path);
        _path = path;
    }

    private SectionReader(Config section, string path, bool _)
    {
        _section = section;
        _path = path;
    }

    /// <summary>Reads <paramref name="section"/> itself (an element of a list), naming keys under <paramref name="path"/> in errors.</summary>
    public static SectionReader Of(Config section, string path) => new(section, path, true);

    public string String(string key)
    {
        Require(key);
        return _section.GetString(key) ?? throw Invalid(key, "it is empty");
    }

    public int Int(string key, int min, int max)
    {
        var value = Number(key, () => _section.GetLong(key));
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : (int)value;
    }

    public long Bytes(string key, long min, long max)
    {
        var value = Number(key, () => _section.GetByteSize(key) ?? throw Invalid(key, "it is empty"));
        return value < min || value > max ? throw Invalid(key, $"{value} bytes is outside {min}..{max}") : value;
    }

    public TimeSpan Duration(string key, bool allowZero)
    {
        Require(key);
        TimeSpan value;
        try
        {
            value = _section.GetTimeSpan(key, null, allowInfinite: false);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw Invalid(key, $"not a duration ({e.Message})");
        }

        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw Invalid(key, allowZero ? "it must not be negative" : "it must be greater than zero");
        }

        return value;
    }

    public bool Bool(string key)
    {
        Require(key);
        return BoolOr(key, false);
    }

    /// <summary>The key's on/off value, or <paramref name="fallback"/> when the key is absent.</summary>
    public bool BoolOr(string key, bool fallback)
    {
        if (!_section.HasPath(key))
        {
            return fallback;
        }

        return _section.GetString(key)?.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            var other => throw Invalid(key, $"'{other}' is not on or off"),
        };
    }

    /// <summary>The key's list of strings, or <paramref name="fallback"/> when the key is absent.</summary>
    public IReadOnlyList<string> StringListOr(string key, IReadOnlyList<string> fallback)
    {
        if (!_section.HasPath(key))
        {
            return fallback;
        }

        try
        {
            return [.. _section.GetStringList(key)];
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw Invalid(key, $"not a list of strings ({e.Message})");
        }
    }

    /// <summary>The error for a value that is present but wrong.</summary>
    public ConfigurationException Invalid(string key, string problem) =>
        new($"Configuration key '{_path}.{key}' is invalid: {problem}.");

    private long Number(string key, Func<long> read)
    {
        Require(key);
        try
        {
            return read();
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw Invalid(key, $"not a number ({e.Message})");
        }
    }

    private void Require(string key)
    {
        if (!_section.HasPath(key))
        {
            throw new ConfigurationException($"Configuration key '{_path}.{key}' is missing.");
        }
    }
}
