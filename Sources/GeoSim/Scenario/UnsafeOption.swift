/// A deliberately broken protocol option (`--unsafe NAME`): never on by default, it exists
/// so that tests can show each checker catching the bug it is there to catch.
public enum UnsafeOption: String, CaseIterable, Sendable, Comparable {
    /// A leader commits (and acknowledges) an entry as soon as it is in its own log.
    case commitWithoutQuorum = "commit-without-quorum"
    /// Leaders serve lease reads without CheckQuorum, as etcd's lease-based reads do when
    /// CheckQuorum is off: for as long as a leader believes it leads, without the lease
    /// expiring and without stepping down when its quorum stops answering.
    case leaseWithoutCheckQuorum = "lease-without-checkquorum"
    /// Clock skew far beyond the drift bound leases are sized for: the preferred
    /// leaseholder's clock runs 40% slow and every other node's 40% fast through the
    /// faulty phase, so a lease outlives the followers' election timeouts.
    case leaseClockSkew = "lease-clock-skew"
    /// Followers serve exact and bounded reads without checking their closed timestamp.
    case followerReadsIgnoreClosedTimestamp = "follower-reads-ignore-closed-ts"
    /// A voter grants every candidate of a term, not only the first.
    case votesSkipTermCheck = "votes-skip-term-check"
    /// A voter grants its vote without checking that the candidate's log is up to date.
    case votesSkipLogCheck = "votes-skip-log-check"
    /// A cache set after a miss is stored even when an invalidation voided its fill
    /// token (single-flight fills then race writes like plain ones).
    case cacheFillIgnoresInvalidation = "cache-fill-ignores-invalidation"
    /// Transactions release each lock as soon as their write of the key is proposed,
    /// before the commit is durable and visible: another transaction can read the old
    /// version under the lock and overwrite it (lost updates).
    case transactionEarlyRelease = "txn-early-release"
    /// Without locking reads, a transaction's write skips the check that the key still
    /// holds the version it read (the serializable read refresh): lost updates.
    case transactionSkipRefresh = "txn-skip-refresh"
    /// Read-only transactions read each key's newest version when the read arrives,
    /// not the version at their snapshot: fractured reads (read skew).
    case transactionReadLatest = "txn-read-latest"

    /// One line for `--help`.
    public var summary: String {
        switch self {
        case .commitWithoutQuorum: "a leader commits and acknowledges writes before a quorum has them"
        case .leaseWithoutCheckQuorum: "lease reads without CheckQuorum: a leader serves them while it believes it leads"
        case .leaseClockSkew: "the leaseholder's clock runs 40% slow, the others' 40% fast: far beyond the drift bound"
        case .followerReadsIgnoreClosedTimestamp: "follower reads ignore the closed timestamp"
        case .votesSkipTermCheck: "voters grant every candidate of a term, not only the first"
        case .votesSkipLogCheck: "voters skip the candidate-log-is-up-to-date check"
        case .cacheFillIgnoresInvalidation: "cache fills ignore invalidations (fill tokens)"
        case .transactionEarlyRelease: "transactions release a lock when their write is proposed, before it commits"
        case .transactionSkipRefresh: "with --no-locking-reads, writes skip the check that what was read is unchanged"
        case .transactionReadLatest: "read-only transactions read the newest versions, not their snapshot's"
        }
    }

    public static func < (lhs: UnsafeOption, rhs: UnsafeOption) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
