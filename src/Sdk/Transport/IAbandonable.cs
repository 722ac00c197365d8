namespace ZmqContracts;

/// <summary>
/// An endpoint whose handlers can be told to give up before its own drain timeout: what a host whose shutdown timeout
/// runs out first does to each endpoint it stops (ZmqContracts.Hosting).
/// </summary>
internal interface IAbandonable
{
    /// <summary>Cancels the handlers' token now; the close then waits for them a short grace at most.</summary>
    void AbandonHandlers();
}
