using System.Globalization;
using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Reads typed values from one HOCON section and turns every problem into a <see cref="ConfigurationException"/>
/// that names the full key, so a bad config fails at start with a message a person can act on. The broker's settings
/// and the clients' settings both read through it.
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

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Has(string key) => _section.HasPath(key);

    /// <summary>The key's text; empty or blank only with <paramref name="allowEmpty"/>.</summary>
    public string String(string key, bool allowEmpty = false)
    {
        Require(key);
        var value = _section.GetString(key) ?? string.Empty;
        return !allowEmpty && value.Trim().Length == 0 ? throw Invalid(key, "it must not be empty") : value;
    }

    /// <summary>The key's list of strings, which must not be empty.</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        Require(key);
        var values = Read(key, "not a list of strings", () => _section.GetStringList(key));
        return values is null || values.Count == 0 ? throw Invalid(key, "the list must not be empty") : [.. values];
    }

    public int Int(string key, int min, int max) => (int)Long(key, min, max);

    public long Long(string key, long min, long max)
    {
        var value = Number(key, () => _section.GetLong(key));
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : value;
    }

    public double Double(string key, double min, double max)
    {
        Require(key);
        var value = Read(key, "not a number", () => _section.GetDouble(key));
        return !double.IsFinite(value) || value < min || value > max ? throw Invalid(key, OutsideRange(value, min, max)) : value;
    }

    /// <summary>The numbers of an object value (for example per-symbol start prices), or none when it is absent.</summary>
    public IReadOnlyDictionary<string, double> DoubleMap(string key, double min, double max)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!_section.HasPath(key))
        {
            return result;
        }

        var map = Read(key, "not an object", () => _section.GetValue(key).GetObject());
        foreach (var (name, value) in map.Items)
        {
            var number = Read($"{key}.{name}", "not a number", () => value.GetDouble());
            result[name] = !double.IsFinite(number) || number < min || number > max
                ? throw Invalid($"{key}.{name}", OutsideRange(number, min, max))
                : number;
        }

        return result;
    }

    public long Bytes(string key, long min, long max)
    {
        var value = Number(key, () => _section.GetByteSize(key) ?? throw Invalid(key, "it is empty"));
        return value < min || value > max ? throw Invalid(key, $"{value} bytes is outside {min}..{max}") : value;
    }

    public TimeSpan Duration(string key, bool allowZero)
    {
        Require(key);
        var value = Read(key, "not a duration", () => _section.GetTimeSpan(key, null, allowInfinite: false));
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw Invalid(key, allowZero ? "it must not be negative" : "it must be greater than zero");
        }

        return value;
    }

    public TimeSpan Duration(string key, TimeSpan min, TimeSpan max)
    {
        Require(key);
        var value = Read(key, "not a duration", () => _section.GetTimeSpan(key, null, allowInfinite: false));
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : value;
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

        return [.. Read(key, "not a list of strings", () => _section.GetStringList(key))];
    }

    /// <summary>The error for a value that is present but wrong.</summary>
    public ConfigurationException Invalid(string key, string problem) =>
        new($"Configuration key '{_path}.{key}' is invalid: {problem}.");

    private static string OutsideRange(double value, double min, double max) => string.Create(
        CultureInfo.InvariantCulture,
        $"{value} is outside {min}..{max}");

    private long Number(string key, Func<long> read)
    {
        Require(key);
        return Read(key, "not a number", read);
    }

    // Only Akka's own parsing runs in here; whatever it throws, say which key it was.
    private T Read<T>(string key, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw Invalid(key, $"{what} ({e.Message})");
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
