/// Checks lease safety: no two nodes serve lease reads for overlapping intervals. A
/// leader's lease interval in a term runs from its election to its last lease read; a
/// later term's leader's starts at its election. So a lease read by the leader of term T
/// at time t is unsafe when, by t, a different node had already been elected leader of
/// the range in a later term: two leases then overlap, and the read may miss writes the
/// new leader committed.
public enum LeaseSafetyChecker {
    public static func check(_ history: RunHistory) -> [Violation] {
        // Per range, leaderships in time order with the highest term elected so far.
        var byRange: [Int: [(at: Nanoseconds, term: UInt64, node: Int, since: Nanoseconds)]] = [:]
        for leadership in history.leaderships.sorted(by: { ($0.at, $0.term) < ($1.at, $1.term) }) {
            let previous = byRange[leadership.range]?.last
            if let previous, previous.term >= leadership.term {
                byRange[leadership.range, default: []].append((leadership.at, previous.term, previous.node, previous.since))
            } else {
                byRange[leadership.range, default: []].append((leadership.at, leadership.term, leadership.node, leadership.at))
            }
        }
        var found = ViolationList()
        for read in history.leaseReads {
            guard let elections = byRange[read.range] else { continue }
            // The last leadership at or before the read: the newest term elected by then.
            let low = SortedSearch.firstIndex(in: elections.count) { elections[$0].at > read.at }
            guard low > 0 else { continue }
            let newest = elections[low - 1]
            guard newest.term > read.term, newest.node != read.node else { continue }
            found.add(
                Violation(
                    .leaseSafety,
                    "range \(read.range): node \(read.node) served a lease read in term \(read.term) at \(HistoryText.milliseconds(read.at)), "
                        + "but node \(newest.node) had led term \(newest.term) since \(HistoryText.milliseconds(newest.since))."))
        }
        return found.violations
    }
}
