namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>Where the repository's files are, from the test binaries: the folder above them that holds ActorRooms.sln.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActorRooms.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("ActorRooms.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
