namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>Where the repository's own files are, for tests that run scripts kept beside them.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding ActorRooms.sln, found by walking up from the test assembly.</summary>
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
