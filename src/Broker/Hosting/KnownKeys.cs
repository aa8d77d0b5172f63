using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// The keys a program understands under <c>actor-rooms</c>, taken from its shipped defaults (hocon/*.conf define
/// every key, so the list cannot drift from them). A <c>--config</c> file with any other key under
/// <c>actor-rooms</c> is refused with the key's full name and the nearest known one, as Redis refuses an unknown
/// directive: a typo such as <c>max-clientz</c> would otherwise leave the default silently in force.
/// </summary>
public sealed class KnownKeys
{
    /// <summary>The root every ActorRooms key lives under; keys outside it (akka.*) belong to Akka and are not checked.</summary>
    public const string Root = "actor-rooms";

    private readonly HashSet<string> _values;
    private readonly HashSet<string> _sections;
    private readonly IReadOnlyList<string> _openObjects;
    private readonly IReadOnlyList<string> _otherPrograms;

    private KnownKeys(HashSet<string> values, HashSet<string> sections, IReadOnlyList<string> openObjects, IReadOnlyList<string> otherPrograms)
    {
        _values = values;
        _sections = sections;
        _openObjects = openObjects;
        _otherPrograms = otherPrograms;
    }

    /// <summary>The keys of <paramref name="defaults"/> under <see cref="Root"/>.</summary>
    /// <param name="defaults">The program's shipped defaults.</param>
    /// <param name="openObjects">Objects whose keys are the user's own (a map such as per-symbol start prices).</param>
    /// <param name="otherPrograms">Sections another ActorRooms program reads, left to it, so one file may serve both.</param>
    public static KnownKeys From(Config defaults, IReadOnlyList<string> openObjects, IReadOnlyList<string> otherPrograms)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        var sections = new HashSet<string>(StringComparer.Ordinal);
        if (defaults.HasPath(Root))
        {
            Walk(defaults.GetValue(Root), Root, (path, isSection) => (isSection ? sections : values).Add(path), openObjects);
        }

        return new KnownKeys(values, sections, openObjects, otherPrograms);
    }

    /// <summary>Refuses the first key of <paramref name="file"/> under <see cref="Root"/> that is not known.</summary>
    /// <exception cref="ConfigurationException">A key is unknown; the message names it, the file and the nearest known key.</exception>
    public void Check(Config file, string source)
    {
        if (!file.HasPath(Root))
        {
            return;
        }

        var root = file.GetValue(Root);
        if (!root.IsObject())
        {
            throw new ConfigurationException($"Configuration key '{Root}' in '{source}' must be an object of sections, not a value.");
        }

        Walk(root, Root, (path, isSection) =>
        {
            if (_otherPrograms.Any(section => path == section || path.StartsWith(section + ".", StringComparison.Ordinal)))
            {
                return;
            }

            if (isSection ? _sections.Contains(path) : _values.Contains(path))
            {
                return;
            }

            if (!isSection && _sections.Contains(path))
            {
                throw new ConfigurationException($"Configuration key '{path}' in '{source}' is a section ({{ ... }}), not a value.");
            }

            if (isSection && _values.Contains(path))
            {
                throw new ConfigurationException($"Configuration key '{path}' in '{source}' is a value, not a section ({{ ... }}).");
            }

            throw new ConfigurationException($"Configuration key '{path}' in '{source}' is unknown; did you mean '{Nearest(path, isSection)}'? (hocon/*.conf lists every key with its default)");
        }, _openObjects);
    }

    /// <summary>The known key (or section) closest to <paramref name="key"/> by edit distance.</summary>
    public string Nearest(string key, bool section = false) =>
        (section ? _sections : _values).MinBy(known => (EditDistance.Between(key, known), known), Comparer<(int, string)>.Create(CompareNearest)) ?? Root;

    private static int CompareNearest((int Distance, string Key) a, (int Distance, string Key) b) =>
        a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Key, b.Key);

    // Calls visit(path, isSection) for every key under value; objects are sections (also visited), everything else a
    // value. The keys of an open object are not visited.
    private static void Walk(HoconValue value, string path, Action<string, bool> visit, IReadOnlyList<string> openObjects)
    {
        foreach (var (key, child) in value.GetObject().Items)
        {
            var childPath = path + "." + key;
            if (child.IsObject() && !openObjects.Contains(childPath))
            {
                visit(childPath, true);
                Walk(child, childPath, visit, openObjects);
            }
            else
            {
                visit(childPath, false);
            }
        }
    }
}
