namespace ActorRooms.Protocol.Resp;

/// <summary>
/// The result of one step of the reader's state machine: go on, wait for the next chunk, give up (the stream is
/// garbled), or a value is complete.
/// </summary>
public sealed partial class RespReplyReader
{
    private enum StepKind
    {
        Continue,
        NeedMore,
        Failed,
        Done,
    }

    private readonly record struct Step(StepKind Kind, RespValue Value)
    {
        public static Step Continue => new(StepKind.Continue, default);

        public static Step NeedMore => new(StepKind.NeedMore, default);

        public static Step Failed => new(StepKind.Failed, default);

        public static Step Done(RespValue value) => new(StepKind.Done, value);
    }
}
