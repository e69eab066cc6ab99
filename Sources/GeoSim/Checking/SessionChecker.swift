/// Checks the session guarantees a run was configured with, per client (one session per
/// client region) and key, using the version order of recorded values (MVCC timestamps):
///
/// - read-your-writes: a read invoked after the session's write to the key was
///   acknowledged returns that version or a later one;
/// - monotonic reads: a read invoked after an earlier read of the key completed returns
///   that read's version or a later one.
///
/// "After" is strict: operations that overlap in time may see each other either way.
public enum SessionChecker {
    public static func check(_ history: RunHistory) -> [Violation] {
        let guarantees = history.sessionGuarantees
        guard !guarantees.isEmpty else { return [] }
        // Events in time order: completions before invocations at equal times would make
        // overlapping operations ordered, so invocations go first.
        struct Event {
            var time: Nanoseconds
            var isInvocation: Bool
            var operation: Int
        }
        var events: [Event] = []
        for (index, operation) in history.operations.enumerated() where operation.outcome == .ok {
            if operation.kind == .read { events.append(Event(time: operation.invoked, isInvocation: true, operation: index)) }
            if let completed = operation.completed { events.append(Event(time: completed, isInvocation: false, operation: index)) }
        }
        events.sort { ($0.time, $0.isInvocation ? 0 : 1, $0.operation) < ($1.time, $1.isInvocation ? 0 : 1, $1.operation) }

        struct SessionKey: Hashable {
            var client: Int
            var key: Int
        }
        var written: [SessionKey: Int64] = [:]
        var read: [SessionKey: Int64] = [:]
        /// What each read had to see when it was invoked: (own write, earlier read).
        var floors: [Int: (written: Int64?, read: Int64?)] = [:]
        var found = ViolationList()
        for event in events {
            let operation = history.operations[event.operation]
            let slot = SessionKey(client: operation.client, key: operation.key)
            if event.isInvocation {
                floors[event.operation] = (written[slot], read[slot])
                continue
            }
            if operation.kind == .write {
                written[slot] = max(written[slot] ?? Int64.min, operation.value)
                continue
            }
            let floor = floors[event.operation]
            if guarantees.contains(.readYourWrites), let own = floor?.written ?? nil, operation.value < own {
                found.add(
                    Violation(
                        .readYourWrites,
                        "\(HistoryText.line(operation)): the session's own write v=\(own) to the key was acknowledged before this read began, yet it returned an older version."
                    ))
            }
            if guarantees.contains(.monotonicReads), let earlier = floor?.read ?? nil, operation.value < earlier {
                found.add(
                    Violation(
                        .monotonicReads,
                        "\(HistoryText.line(operation)): an earlier read of the session returned v=\(earlier) for the key, yet this later read returned an older version."
                    ))
            }
            read[slot] = max(read[slot] ?? Int64.min, operation.value)
        }
        return found.violations
    }
}
