/// Session guarantees a client asks of reads served below the leaseholder or by a cache
/// (`--session`), as in Terry et al.'s session guarantees and Cosmos DB's session
/// consistency. Each client region's client is one session. The session carries a token,
/// the highest version timestamp it wrote (read-your-writes) or read (monotonic reads);
/// a replica or cache whose data may be older than the token does not serve the read,
/// which then goes to the leaseholder.
public struct SessionGuarantees: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A read sees the session's own acknowledged writes.
    public static let readYourWrites = SessionGuarantees(rawValue: 1)
    /// A read never sees an older version of a key than an earlier read of the session.
    public static let monotonicReads = SessionGuarantees(rawValue: 2)

    /// Parses `none`, `read-your-writes`, `monotonic-reads`, or both as a comma list.
    public static func parse(_ text: String) -> SessionGuarantees? {
        var result: SessionGuarantees = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces.lowercased() }) {
            switch item {
            case "none": continue
            case "read-your-writes", "ryw": result.insert(.readYourWrites)
            case "monotonic-reads", "monotonic": result.insert(.monotonicReads)
            default: return nil
            }
        }
        return result
    }

    /// `none`, or the guarantees as a comma list.
    public var description: String {
        var names: [String] = []
        if contains(.readYourWrites) { names.append("read-your-writes") }
        if contains(.monotonicReads) { names.append("monotonic-reads") }
        return names.isEmpty ? "none" : names.joined(separator: ",")
    }
}
