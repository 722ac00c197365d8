namespace ZmqContracts.Generators;

/// <summary>Names of the generator's pipeline steps, so that tests can assert how each step ran.</summary>
internal static class TrackingNames
{
    public const string ReplyContracts = nameof(ReplyContracts);
    public const string ValidReplyContracts = nameof(ValidReplyContracts);
    public const string PipelineContracts = nameof(PipelineContracts);
    public const string ValidPipelineContracts = nameof(ValidPipelineContracts);
    public const string TopicTypes = nameof(TopicTypes);
    public const string ValidTopicTypes = nameof(ValidTopicTypes);
    public const string MessagePackReplyTypes = nameof(MessagePackReplyTypes);
    public const string MessagePackPipelineTypes = nameof(MessagePackPipelineTypes);
    public const string MessagePackTopicTypes = nameof(MessagePackTopicTypes);
    public const string MessagePackFormatters = nameof(MessagePackFormatters);
}
