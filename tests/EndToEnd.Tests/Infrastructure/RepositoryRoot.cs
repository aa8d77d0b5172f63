namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test binary that holds ActorRooms.sln.</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "ActorRooms.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("ActorRooms.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
