/// Followers' answers held until their entries are durable, per replica: how many are
/// held, and the index through which the replica's log is known durable. While any are
/// held, a heartbeat's answer (which also tells the leader how far the log matches) may
/// not claim more than that index, or the leader would count entries not yet durable.
///
/// Invariants: `held` is never negative.
struct HeldAcks {
    /// Per replica, answers waiting for an fsync.
    private(set) var held: [Int32]
    /// Per replica, the highest index known durable (entries above it may not be).
    private(set) var durableThrough: [UInt64]

    init(replicas: Int) {
        held = Array(repeating: 0, count: replicas)
        durableThrough = Array(repeating: 0, count: replicas)
    }

    /// `replica` holds its answer to entries `first...index`: those are not durable yet.
    mutating func hold(replica: Int, first: UInt64) {
        held[replica] += 1
        durableThrough[replica] = min(durableThrough[replica], first > 0 ? first - 1 : 0)
    }

    /// The answer of `replica` through `index` leaves: its entries are durable.
    mutating func release(replica: Int, through index: UInt64) {
        held[replica] = max(0, held[replica] - 1)
        durableThrough[replica] = max(durableThrough[replica], index)
    }

    /// The index a success answer of `replica` without entries may claim.
    @inline(__always)
    func cap(_ index: UInt64, replica: Int) -> UInt64 {
        held[replica] > 0 ? min(index, durableThrough[replica]) : index
    }

    /// `replica`'s node crashed: its held answers are gone.
    mutating func drop(replica: Int) { held[replica] = 0 }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        held.indices.compactMap { held[$0] < 0 ? "replica \($0): negative held answers" : nil }
    }
}
