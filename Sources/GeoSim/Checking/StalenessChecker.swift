/// Checks that every exact or bounded read (and every cache hit) returned a version that
/// was the latest one of its key at some instant no earlier than its invocation minus its
/// bound (plus the tolerated clock offset) and no later than its completion.
///
/// A key's versions are ordered by value (recorded values are MVCC timestamps). Version v
/// is the latest from its first commit until the earliest commit of any larger value; a
/// read returning v is fine when that interval meets [invoked − bound − slack, completed].
/// The initial value 0 is the latest until the key's first commit.
public enum StalenessChecker {
    public static func check(_ history: RunHistory) -> [Violation] {
        // Per key, versions ascending by value with the time each stopped being latest.
        var commitsByKey: [Int: [RunHistory.Commit]] = [:]
        for commit in history.commits { commitsByKey[commit.key, default: []].append(commit) }
        var timelines: [Int: KeyTimeline] = [:]
        var found = ViolationList()

        for operation in history.operations where operation.kind == .read && operation.outcome == .ok {
            let invariant: Invariant
            switch operation.mode {
            case .exact, .bounded: invariant = .staleness
            case .cache: invariant = .cacheStaleness
            case .strong, .nearest: continue
            }
            guard let bound = operation.bound, let completed = operation.completed else { continue }
            // After a promotion rolled back one of the key's writes, an older version is the
            // latest again: its versions no longer follow their values.
            if let rollback = history.rolledBack[operation.key], completed >= rollback { continue }
            if timelines[operation.key] == nil {
                timelines[operation.key] = KeyTimeline(commitsByKey[operation.key] ?? [])
            }
            guard let timeline = timelines[operation.key] else { continue }
            let earliest = operation.invoked -| bound -| history.clockSlack
            let problem: String?
            if let (committed, superseded) = timeline.interval(of: operation.value) {
                if committed > completed {
                    problem = "it returned a version first committed at \(HistoryText.milliseconds(committed)), after the read completed"
                } else if let superseded, superseded.at < earliest {
                    problem =
                        "that version stopped being the latest at \(HistoryText.milliseconds(superseded.at)) (v=\(superseded.value) committed), "
                        + "\(DurationText.format(earliest - superseded.at)) before the oldest instant its bound allows "
                        + "(\(HistoryText.milliseconds(earliest)) = invoked − \(DurationText.format(bound)) bound − \(DurationText.format(history.clockSlack)) clock slack)"
                } else {
                    problem = nil
                }
            } else {
                problem = "it returned a value no write to the key committed"
            }
            guard let problem else { continue }
            found.add(Violation(invariant, "\(HistoryText.line(operation)): \(problem)."))
        }
        return found.violations
    }

    /// One key's versions, ascending by value, each with when it was first committed and
    /// the first commit of a larger value (when it stopped being the latest).
    struct KeyTimeline {
        var values: [Int64] = []
        var committedAt: [Nanoseconds] = []
        /// Per version, the earliest commit among larger values (index into the arrays).
        var supersededBy: [Int?] = []

        init(_ commits: [RunHistory.Commit]) {
            let sorted = commits.sorted { ($0.value, $0.at) < ($1.value, $1.at) }
            for commit in sorted where values.last != commit.value {
                values.append(commit.value)
                committedAt.append(commit.at)
            }
            supersededBy = Array(repeating: nil, count: values.count)
            var earliest: Int?
            for index in values.indices.reversed() {
                supersededBy[index] = earliest
                if earliest.map({ committedAt[index] < committedAt[$0] }) ?? true { earliest = index }
            }
            initialSupersededBy = earliest
        }

        /// The earliest commit of any version (when the initial value 0 stopped being latest).
        var initialSupersededBy: Int?

        /// When `value` was first committed and the commit that superseded it; nil when
        /// no write committed it (0, the initial value, counts as committed at -∞).
        func interval(of value: Int64) -> (Nanoseconds, (at: Nanoseconds, value: Int64)?)? {
            func superseding(_ index: Int?) -> (at: Nanoseconds, value: Int64)? {
                index.map { (committedAt[$0], values[$0]) }
            }
            if value == 0 { return (Int64.min, superseding(initialSupersededBy)) }
            let low = SortedSearch.firstIndex(in: values.count) { values[$0] >= value }
            guard low < values.count, values[low] == value else { return nil }
            return (committedAt[low], superseding(supersededBy[low]))
        }
    }
}
