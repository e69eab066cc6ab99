/// A property `geosim check --expect` holds a run to beyond what its replication mode
/// promises, to show how the mode fails it (`ModePromise`).
public enum ExpectedProperty: String, CaseIterable, Sendable, Comparable {
    /// Reads and writes (strong ones) are linearizable, key by key.
    case linearizable
    /// Reads and writes (strong ones) take one order that keeps each client's order.
    case sequential
    /// A session's reads see its own acknowledged writes.
    case readYourWrites = "read-your-writes"
    /// Every acknowledged write survives every failover.
    case durable

    public static func < (lhs: ExpectedProperty, rhs: ExpectedProperty) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// A comma list of expectations; nil when an item is not one.
    static func parseList(_ text: String) -> [ExpectedProperty]? {
        var result: [ExpectedProperty] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let expectation = ExpectedProperty(rawValue: String(item)) else { return nil }
            if !result.contains(expectation) { result.append(expectation) }
        }
        return result.isEmpty ? nil : result.sorted()
    }
}
