namespace ActorRooms.Broker.Network.PubSub;

/// <summary>
/// Names a connection has left whose leave is not confirmed yet, with how many leaves of each are in flight (leave,
/// join and leave again before the first confirmation): their deliveries are still wanted until then.
/// </summary>
public sealed class LeavingNames
{
    private readonly Dictionary<string, int> _counts = [];

    /// <summary>True while a leave of <paramref name="name"/> is unconfirmed.</summary>
    public bool Contains(string name) => _counts.ContainsKey(name);

    /// <summary>A leave of <paramref name="name"/> was sent.</summary>
    public void Add(string name) => _counts[name] = _counts.GetValueOrDefault(name) + 1;

    /// <summary>A leave of <paramref name="name"/> was confirmed.</summary>
    public void Confirmed(string name)
    {
        if (_counts.TryGetValue(name, out var count) && count > 1)
        {
            _counts[name] = count - 1;
        }
        else
        {
            _counts.Remove(name);
        }
    }
}
