/// Records what `geosim check` judges (`Scenario.recordHistory`, Raft replication): every
/// client attempt, every commit with the instant it became visible, leaderships and lease
/// reads, and every replica's own state machine, applied from its own log.
///
/// Invariants: each committed version is recorded once; the history holds at most its
/// operation limit.
struct HistoryRecorder {
    /// Identifies a log entry: (range, index, term).
    struct EntryID: Hashable {
        var range: Int32
        var index: UInt64
        var term: UInt64
    }

    /// A committed version of a key, by its value.
    struct KeyVersion: Hashable {
        var key: Int
        var value: Int64
    }

    private(set) var history = RunHistory()
    /// What each proposed entry writes.
    private var entryPayloads: [EntryID: (key: Int, value: Int64)] = [:]
    /// Per replica, each key's values in the order the replica applied them, and the
    /// highest index it applied.
    private var appliedValues: [[Int: [Int64]]]
    private var appliedThrough: [UInt64]
    /// When each committed version of a key became visible (its commit, or the end of its
    /// commit wait): no replica returns it before then. Keyed by key and value, since
    /// ranges draw timestamps independently: two ranges proposing at the same instant on
    /// one node give their writes the same timestamp.
    private var visibleAt: [KeyVersion: Nanoseconds] = [:]
    private let operationLimit: Int
    /// Leaderless: a write that missed its quorum is not rolled back (it reached some
    /// replicas), so its outcome is unknown, not failed.
    private let failedWritesMayApply: Bool
    /// Primaries: the write of each log entry (index − 1), as the current primary has them.
    private var primaryLog: [(key: Int, value: Int64)] = []
    /// Primaries: per key, its writes in the log, by index (ascending).
    private var primaryVersions: [Int: [(index: UInt64, value: Int64)]] = [:]

    init(scenario: Scenario, layout: RangeLayout, replicas: Int) {
        appliedValues = Array(repeating: [:], count: replicas)
        appliedThrough = Array(repeating: 0, count: replicas)
        operationLimit = scenario.limits.historyOperations
        failedWritesMayApply = scenario.replication.mode == .leaderless
        history.keysPerRange = layout.keysPerRange
        history.clockSlack = scenario.maxClockOffset
        history.sessionGuarantees = scenario.sessionGuarantees
        if scenario.expectations.contains(.readYourWrites) { history.sessionGuarantees.insert(.readYourWrites) }
        history.promised = ModePromise.invariants(scenario)
        history.healedAt = scenario.healAt
        history.firstProgressAfterHeal = Array(repeating: nil, count: layout.ranges.count)
    }

    /// Whether the history reached its operation limit (later attempts are not recorded).
    var isFull: Bool { history.operations.count >= operationLimit }

    /// Appends one finished attempt of client `client`, ended at `now` (`completed`: nil
    /// when it timed out, its effect unknown), if there is room. Requests of several
    /// queries are not recorded: they read several keys.
    mutating func recordAttempt(
        client: Int, _ record: OperationRing.Record, outcome: HistoryOperation.Outcome, now: Nanoseconds, scenario: Scenario
    ) {
        guard !isFull else { return }
        var outcome = outcome
        if record.isWrite && outcome == .failed && failedWritesMayApply { outcome = .unknown }
        if !record.isWrite, scenario.requestShape != .single || (scenario.cache?.requestLookups ?? 1) > 1 { return }
        var mode = HistoryOperation.Mode.strong
        var bound: Nanoseconds?
        if !record.isWrite {
            if record.servedByCache, let cache = scenario.cache {
                mode = .cache
                bound = CacheLayer.policyBound(cache, scenario: scenario)
            } else {
                switch scenario.readMode {
                case .strong: mode = .strong
                case .nearest: mode = .nearest
                case .exact: (mode, bound) = (.exact, scenario.exactStaleness)
                case .bounded: (mode, bound) = (.bounded, scenario.maxStaleness)
                }
            }
        }
        // A write never proposed has no value; it cannot have taken effect either.
        let value = record.servedTimestamp == Int64.min ? (record.isWrite ? -1 - Int64(history.operations.count) : 0) : record.servedTimestamp
        history.operations.append(
            HistoryOperation(
                client: client, key: record.key, kind: record.isWrite ? .write : .read, invoked: record.attemptStartedAt,
                completed: outcome == .unknown ? nil : now, outcome: outcome, value: value, mode: mode, bound: bound))
    }

    /// A write to `range` succeeded at `now` after the heal: the range made progress.
    mutating func noteProgressAfterHeal(range: Int, now: Nanoseconds) {
        if history.firstProgressAfterHeal[range] == nil { history.firstProgressAfterHeal[range] = now }
    }

    /// A leader proposed `value` for `key` as entry `entry`.
    mutating func proposed(_ entry: EntryID, key: Int, value: Int64) { entryPayloads[entry] = (key, value) }

    /// Version `value` of `key` committed and becomes visible at `at` (recorded once).
    mutating func committed(key: Int, value: Int64, visibleAt at: Nanoseconds) {
        let version = KeyVersion(key: key, value: value)
        guard visibleAt[version] == nil else { return }
        visibleAt[version] = at
        history.commits.append(.init(key: key, value: value, at: at))
    }

    /// Primaries: log entry `index` carries `value` of `key`. A promoted primary reuses
    /// the indices past what it had received, so what it writes there replaces the rest.
    mutating func primaryAppended(index: UInt64, key: Int?, value: Int64) {
        let position = Int(index) - 1
        guard position >= 0, position <= primaryLog.count else { return }
        for lost in primaryLog[position...].reversed() where lost.key >= 0 && primaryVersions[lost.key]?.last?.value == lost.value {
            primaryVersions[lost.key]?.removeLast()
        }
        primaryLog.removeLast(primaryLog.count - position)
        // An entry with no key (a transaction's commit) keeps its place with key −1.
        primaryLog.append((key ?? -1, value))
        if let key { primaryVersions[key, default: []].append((index, value)) }
    }

    /// Primaries: a promoted primary's log ends at `index`; the writes past it are lost at
    /// `now`. Their keys' versions no longer follow their values, so staleness is not
    /// judged for them from then on.
    mutating func primaryRolledBack(through index: UInt64, at now: Nanoseconds) {
        for lost in primaryLog.dropFirst(Int(index)) where lost.key >= 0 && history.rolledBack[lost.key] == nil { history.rolledBack[lost.key] = now }
    }

    /// Primaries: the value of `key` a replica that applied the log through `applied`
    /// holds (0: the initial value), from the log itself.
    func primaryValue(of key: Int, through applied: UInt64) -> Int64 {
        guard let versions = primaryVersions[key] else { return 0 }
        let count = SortedSearch.firstIndex(in: versions.count) { versions[$0].index > applied }
        return count == 0 ? 0 : versions[count - 1].value
    }

    /// The history at the end of a primary's run: the final primary's log, through
    /// `lastIndex`, is what survived.
    func finishPrimary(now: Nanoseconds, lastIndex: UInt64, lostAcknowledgedWrites: Int) -> RunHistory {
        var result = history
        result.endedAt = now
        result.finalValues = [primaryLog.prefix(Int(lastIndex)).map(\.value).sorted()]
        result.lostAcknowledgedWrites = lostAcknowledgedWrites
        return result
    }

    /// A replica of `range` on `node` became leader of `term` at `now`.
    mutating func leaderElected(range: Int, node: Int, term: UInt64, at now: Nanoseconds) {
        history.leaderships.append(.init(range: range, node: node, term: term, at: now))
    }

    /// A leader answered a strong read from its lease.
    mutating func leaseRead(range: Int, node: Int, term: UInt64, at now: Nanoseconds) {
        history.leaseReads.append(.init(range: range, node: node, term: term, at: now))
    }

    /// Replica `replica` of `range` applies its committed entries through `last` to its
    /// own state machine, from its own log.
    mutating func apply(replica: Int, range: Int, through last: UInt64, log: RaftNode) {
        var index = appliedThrough[replica] + 1
        while index <= last {
            if let term = log.term(at: index), let payload = entryPayloads[EntryID(range: Int32(range), index: index, term: term)] {
                appliedValues[replica][payload.key, default: []].append(payload.value)
            }
            index += 1
        }
        appliedThrough[replica] = max(appliedThrough[replica], last)
    }

    /// The value replica `replica` holds for `key` at `now`: its latest applied, or the
    /// latest at or below `readTimestamp`; 0 (the initial value) when none. A value whose
    /// commit wait has not ended is not yet visible (a read at a timestamp below it would
    /// wait out the uncertainty, as CockroachDB's do).
    func appliedValue(at replica: Int, key: Int, atOrBelow readTimestamp: Nanoseconds?, now: Nanoseconds) -> Int64 {
        guard let values = appliedValues[replica][key] else { return 0 }
        var best: Int64 = 0
        for value in values where value > best && value <= (readTimestamp ?? Int64.max) && (visibleAt[KeyVersion(key: key, value: value)] ?? 0) <= now {
            best = value
        }
        return best
    }

    /// The history at the end (`now`), completed with each range's final leader's values
    /// (`finalLeaders[range]`: its global replica id and log) and the Raft checkers' findings.
    func finish(now: Nanoseconds, finalLeaders: [(replica: Int, log: RaftNode)?], raftViolations: [String]) -> RunHistory {
        var result = history
        result.endedAt = now
        result.raftViolations = raftViolations
        result.finalValues = finalLeaders.enumerated().map { range, leader in
            guard let (replica, log) = leader else { return nil }
            var values: [Int64] = []
            for (_, applied) in appliedValues[replica] { values += applied }
            // Entries in the final leader's log that it has not applied yet count too: a
            // leader that just took over (say by a transfer to the preferred replica) holds
            // every committed entry but applies them only once its own term's first entry
            // commits, which the end of the run may cut short.
            var index = appliedThrough[replica] + 1
            while index <= log.lastIndex {
                if let term = log.term(at: index), let payload = entryPayloads[EntryID(range: Int32(range), index: index, term: term)] {
                    values.append(payload.value)
                }
                index += 1
            }
            return values.sorted()
        }
        return result
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        if history.commits.count != visibleAt.count { problems.append("\(history.commits.count) commits recorded for \(visibleAt.count) versions") }
        if history.operations.count > operationLimit { problems.append("\(history.operations.count) operations recorded, above the limit") }
        return problems
    }
}
