using System.CommandLine;

namespace ActorRooms.Clients.Cli;

/// <summary>Value checks on options that report a clear message, including for values that did not even convert.</summary>
public static class OptionChecks
{
    /// <summary>
    /// Adds a check: <paramref name="problem"/> returns the message for a bad value, or null. Values that do not
    /// convert (<c>--rate fast</c>) are left to System.CommandLine, which reports them itself.
    /// </summary>
    public static Option<T> Check<T>(this Option<T> option, Func<T, string?> problem)
    {
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // The conversion error is already on the parse result ("Cannot parse argument 'fast' ...").
                return;
            }

            if (value is not null && problem(value) is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }
}
