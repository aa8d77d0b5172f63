namespace ActorRooms.Clients.Connection;

/// <summary>A handshake command whose reply the connection handles itself, in the order they were sent.</summary>
internal enum HandshakeStep
{
    Auth,
    ClientName,
    RoomFeaturesProbe,
    Hello,
    RoomJoin,
}
