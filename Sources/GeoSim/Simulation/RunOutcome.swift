/// The raw results of one run, before they are shaped into a `Report`.
public struct RunOutcome: Sendable {
    /// Write and read outcomes per client region, indexed like `Scenario.topology.regions`.
    public var writesByRegion: [OperationStats]
    public var readsByRegion: [OperationStats]
    /// Events the loop dispatched.
    public var events: UInt64
    /// Messages the network carried.
    public var messages: UInt64
    /// When the last event ran: the duration plus the drain of in-flight operations (ns).
    public var endTime: Nanoseconds
    /// The replica leading at the end, and its term.
    public var leaderNode: Int?
    public var term: UInt64
    /// Log entries the leader committed.
    public var committedEntries: UInt64
}
