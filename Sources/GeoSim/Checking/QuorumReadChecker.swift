/// Checks what a leaderless store with intersecting quorums (R + W > N) promises: a read
/// invoked after a write to its key was acknowledged returns that write's version or a
/// newer one. Versions are ordered by value (the coordinators' timestamps: last writer
/// wins). It is weaker than linearizability: a read may see a write still in flight that
/// a later read misses.
public enum QuorumReadChecker {
    public static func check(_ history: RunHistory) -> [Violation] {
        // Per key, acknowledged writes by completion time, each with the highest value
        // acknowledged by then.
        var writesByKey: [Int: [(completed: Nanoseconds, newest: Int64, operation: Int)]] = [:]
        let acknowledged = history.operations.indices.filter {
            history.operations[$0].kind == .write && history.operations[$0].outcome == .ok && history.operations[$0].completed != nil
        }
        for index in acknowledged.sorted(by: { (history.operations[$0].completed ?? 0, $0) < (history.operations[$1].completed ?? 0, $1) }) {
            let write = history.operations[index]
            let previous = writesByKey[write.key]?.last
            let newest = max(previous?.newest ?? Int64.min, write.value)
            // Appended in place: a copy of the key's list per write would be quadratic.
            writesByKey[write.key, default: []].append((write.completed ?? 0, newest, newest == write.value ? index : previous?.operation ?? index))
        }
        var found = ViolationList()
        for read in history.operations where read.kind == .read && read.outcome == .ok && read.mode != .cache {
            guard let writes = writesByKey[read.key] else { continue }
            // The last write acknowledged strictly before the read was invoked.
            let count = SortedSearch.firstIndex(in: writes.count) { writes[$0].completed >= read.invoked }
            guard count > 0 else { continue }
            let before = writes[count - 1]
            guard read.value < before.newest else { continue }
            let write = history.operations[before.operation]
            found.add(
                Violation(
                    .quorumReads,
                    "\(HistoryText.line(read)) returned an older version than \(HistoryText.line(write)), acknowledged before the read began."))
        }
        return found.violations
    }
}
