/// Checks the session guarantees a run was configured with, per client session (one per
/// client region), using the version order of recorded values (MVCC timestamps):
///
/// - read-your-writes: a read invoked after the session's write to the key was
///   acknowledged returns that version or a later one;
/// - monotonic reads: a read invoked after an earlier read of the key completed returns
///   that read's version or a later one;
/// - and across keys, as a session token works: once the session has written (or read)
///   a version with timestamp T of any key, a later read of any key must not miss a
///   version of its key at or below T that was committed before the read began (the
///   replica it reads from has applied everything up to T).
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
        // Per session, the newest version it wrote and read, over every key; per read, the
        // session's floors when it was invoked.
        var sessionWritten: [Int: Int64] = [:]
        var sessionRead: [Int: Int64] = [:]
        var sessionFloors: [Int: (written: Int64?, read: Int64?)] = [:]
        let versions = CommittedVersions(history)
        for event in events {
            let operation = history.operations[event.operation]
            let slot = SessionKey(client: operation.client, key: operation.key)
            if event.isInvocation {
                floors[event.operation] = (written[slot], read[slot])
                sessionFloors[event.operation] = (sessionWritten[operation.client], sessionRead[operation.client])
                continue
            }
            if operation.kind == .write {
                written[slot] = max(written[slot] ?? Int64.min, operation.value)
                sessionWritten[operation.client] = max(sessionWritten[operation.client] ?? Int64.min, operation.value)
                continue
            }
            sessionRead[operation.client] = max(sessionRead[operation.client] ?? Int64.min, operation.value)
            let before = found.violations.count
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
            // Across keys, only where the key's own floors found nothing (one finding a read).
            if found.violations.count == before,
                let missed = versions.missed(by: operation, floors: sessionFloors[event.operation], guarantees: guarantees, history: history)
            {
                found.add(missed)
            }
        }
        return found.violations
    }
}

/// Every committed version of each key, ascending, with when it became visible: what a
/// session-token read must not miss.
struct CommittedVersions {
    private var byKey: [Int: [RunHistory.Commit]] = [:]

    init(_ history: RunHistory) {
        for commit in history.commits { byKey[commit.key, default: []].append(commit) }
        for key in byKey.keys { byKey[key]?.sort { ($0.value, $0.at) < ($1.value, $1.at) } }
    }

    /// The violation of a read that returned an older version of its key than one at or
    /// below its session's floor (the newest version the session wrote, or read, of any
    /// key) that was committed before the read began; nil when it saw enough.
    func missed(
        by read: HistoryOperation, floors: (written: Int64?, read: Int64?)?, guarantees: SessionGuarantees, history: RunHistory
    ) -> Violation? {
        if let rollback = history.rolledBack[read.key], read.invoked >= rollback { return nil }
        let checks: [(Invariant, Int64?, String)] = [
            (.readYourWrites, guarantees.contains(.readYourWrites) ? floors?.written ?? nil : nil, "written"),
            (.monotonicReads, guarantees.contains(.monotonicReads) ? floors?.read ?? nil : nil, "read"),
        ]
        guard let commits = byKey[read.key] else { return nil }
        for (invariant, floor, verb) in checks {
            guard let floor, floor > read.value else { continue }
            var index = SortedSearch.firstIndex(in: commits.count) { commits[$0].value > read.value }
            while index < commits.count, commits[index].value <= floor {
                let commit = commits[index]
                if commit.at < read.invoked {
                    return Violation(
                        invariant,
                        "\(HistoryText.line(read)): the session had \(verb) a version with timestamp \(floor) before this read began, "
                            + "and v=\(commit.value) of the key (below that) was committed at \(HistoryText.milliseconds(commit.at)), yet the read returned an older version."
                    )
                }
                index += 1
            }
        }
        return nil
    }
}
