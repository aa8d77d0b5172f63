using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>Reads a HOCON file for the broker and the clients, failing with the file's name when it is missing or malformed.</summary>
public static class HoconFile
{
    /// <summary>Parses <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationException">The file does not exist or is not valid HOCON.</exception>
    public static Config Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"Configuration file '{path}' does not exist.");
        }

        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new ConfigurationException($"Configuration file '{path}' is not valid HOCON: {e.Message}");
        }
    }
}
