using System.Globalization;
using Akka.Configuration;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// Reads typed values from one HOCON section and turns every problem into a <see cref="ConfigurationException"/>
/// that names the full key, so a bad value fails at start with a message a person can act on.
/// </summary>
public sealed class SettingsSection
{
    private readonly Config _section;
    private readonly string _path;

    /// <summary>Reads the section at <paramref name="path"/> of <paramref name="root"/>; fails when it is absent.</summary>
    public SettingsSection(Config root, string path)
    {
        if (!root.HasPath(path))
        {
            throw new ConfigurationException($"Configuration section '{path}' is missing.");
        }

        _section = root.GetConfig(path);
        _path = path;
    }

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Has(string key) => _section.HasPath(key);

    public string String(string key, bool allowEmpty = false)
    {
        Require(key);
        var value = Read(key, () => _section.GetString(key)) ?? string.Empty;
        return !allowEmpty && value.Trim().Length == 0 ? throw Invalid(key, "it must not be empty") : value;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        Require(key);
        var values = Read(key, () => _section.GetStringList(key));
        return values is null || values.Count == 0 ? throw Invalid(key, "the list must not be empty") : [.. values];
    }

    public bool Bool(string key)
    {
        Require(key);
        return Read(key, () => _section.GetBoolean(key));
    }

    public int Int(string key, int min, int max) => (int)Long(key, min, max);

    public long Long(string key, long min, long max)
    {
        Require(key);
        var value = Read(key, () => _section.GetLong(key));
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : value;
    }

    public double Double(string key, double min, double max)
    {
        Require(key);
        var value = Read(key, () => _section.GetDouble(key));
        return !double.IsFinite(value) || value < min || value > max
            ? throw Invalid(key, $"{value.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}")
            : value;
    }

    public long Bytes(string key, long min, long max)
    {
        Require(key);
        var value = Read(key, () => _section.GetByteSize(key)) ?? throw Invalid(key, "it is empty");
        return value < min || value > max ? throw Invalid(key, $"{value} bytes is outside {min}..{max}") : value;
    }

    public TimeSpan Duration(string key, TimeSpan min, TimeSpan max)
    {
        Require(key);
        var value = Read(key, () => _section.GetTimeSpan(key, null, allowInfinite: false));
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : value;
    }

    /// <summary>The keys of an object value (for example per-symbol start prices), or none when it is absent.</summary>
    public IReadOnlyDictionary<string, double> DoubleMap(string key, double min, double max)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!_section.HasPath(key))
        {
            return result;
        }

        var map = Read(key, () => _section.GetValue(key).GetObject());
        foreach (var (name, value) in map.Items)
        {
            var number = Read($"{key}.{name}", () => value.GetDouble());
            if (!double.IsFinite(number) || number < min || number > max)
            {
                throw Invalid($"{key}.{name}", $"{number.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}");
            }

            result[name] = number;
        }

        return result;
    }

    /// <summary>The error for a value that is present but wrong.</summary>
    public ConfigurationException Invalid(string key, string problem) =>
        new($"Configuration key '{_path}.{key}' is invalid: {problem}.");

    private T Read<T>(string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e)
        {
            // Only Akka's own parsing runs in here; whatever it throws, say which key it was.
            throw Invalid(key, $"wrong type ({e.Message})");
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
