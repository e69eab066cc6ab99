/// The one measurement of what a read saw, for every read path (leaseholder, follower,
/// primary, replica, leaderless quorum): the committed versions of its key it missed and
/// how old the oldest of them was (staleness), whether it saw the newest commit as a
/// function of the time since that commit (visibility), and, for a read at a timestamp,
/// whether it kept its promise. It keeps the MVCC versions those judgements need.
///
/// Invariant: `violations` holds at most `maximumViolations` messages.
struct ReadObservation {
    /// Whether reads are measured at all (strong-only Raft runs skip the bookkeeping).
    let isActive: Bool
    /// The committed versions per key (empty when inactive).
    private(set) var versions = VersionHistory()
    private(set) var staleness: [StalenessStats]
    private(set) var visibility: [VisibilityCurve]
    /// Reads that broke their staleness promise, described.
    private(set) var violations: [String] = []
    static let maximumViolations = 100

    init(isActive: Bool, regions: Int) {
        self.isActive = isActive
        staleness = Array(repeating: StalenessStats(), count: regions)
        visibility = Array(repeating: VisibilityCurve(), count: regions)
    }

    /// A version of `key` committed (and is visible from `version.committedAt`).
    @inline(__always)
    mutating func recordCommit(key: Int, _ version: VersionHistory.Version) {
        if isActive { versions.record(key: key, version) }
    }

    /// What a read of `key` from a replica that applied through `appliedIndex` (seeing
    /// versions at or below `readTimestamp`, if given) misses at `now`, without recording it.
    func miss(key: Int, appliedIndex: UInt64, readTimestamp: Nanoseconds?, now: Nanoseconds) -> VersionHistory.Miss {
        versions.miss(key: key, appliedIndex: appliedIndex, readTimestamp: readTimestamp, now: now)
    }

    /// Records a read by a client of `region`, judged at `at`: its staleness (`local`: served
    /// in the client's region; `fellBack`: a follower read sent to a remote leaseholder)
    /// and its visibility point. Returns what it missed.
    @discardableResult
    mutating func observe(
        key: Int, appliedIndex: UInt64, readTimestamp: Nanoseconds?, at: Nanoseconds, region: Int, local: Bool, fellBack: Bool
    ) -> VersionHistory.Miss {
        let miss = versions.miss(key: key, appliedIndex: appliedIndex, readTimestamp: readTimestamp, now: at)
        staleness[region].record(time: miss.oldestCommittedAt.map { at - $0 } ?? 0, versions: miss.versions, local: local, fellBack: fellBack)
        if let newest = miss.newestCommittedAt { visibility[region].record(sinceCommit: at - newest, sawIt: miss.versions == 0) }
        return miss
    }

    /// Checks a read at `readTimestamp` by node `node` (whose clock read `clock`) against
    /// its staleness `bound`: not older than the bound, and missing no committed version
    /// at or below its timestamp.
    mutating func checkBound(
        _ miss: VersionHistory.Miss, mode: Scenario.ReadMode, node: Int, readTimestamp: Nanoseconds, bound: Nanoseconds, clock: Nanoseconds, now: Nanoseconds
    ) {
        if readTimestamp < clock -| bound, violations.count < ReadObservation.maximumViolations {
            violations.append(
                "Staleness bound: a \(mode.rawValue) read at node \(node) read at \(DurationText.format(clock -| readTimestamp)) old, beyond its bound \(DurationText.format(bound))"
            )
        }
        if miss.missedAtOrBelowReadTimestamp > 0, violations.count < ReadObservation.maximumViolations {
            violations.append(
                "Staleness bound: a \(mode.rawValue) read at node \(node) missed \(miss.missedAtOrBelowReadTimestamp) committed version(s) at or below its read timestamp (at \(DurationText.format(now)))"
            )
        }
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        violations.count > ReadObservation.maximumViolations ? ["\(violations.count) violations kept, above the cap"] : []
    }
}
