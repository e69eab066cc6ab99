/// What a transactional store promises about concurrent transactions (`--isolation`),
/// and so which dependency cycles the serializability checker treats as violations
/// (Adya's phenomena; `SerializabilityChecker`).
public enum IsolationLevel: String, Sendable, CaseIterable {
    /// Every history is equivalent to some serial order: no dependency cycle at all
    /// (CockroachDB's default, and PostgreSQL's SERIALIZABLE).
    case serializable
    /// Each transaction reads one snapshot and first committer wins: cycles with at most
    /// one anti-dependency (G0, G1c, G-single: lost update, read skew) are forbidden;
    /// write skew (two anti-dependencies) is allowed.
    case snapshot
    /// Reads see only committed data: G0, G1a and G1c are forbidden; anything with an
    /// anti-dependency is allowed (PostgreSQL's default).
    case readCommitted = "read-committed"

    /// Whether a cycle with `antiDependencies` rw edges, and whether only ww edges, breaks
    /// this level.
    func forbids(antiDependencies: Int) -> Bool {
        switch self {
        case .serializable: return true
        case .snapshot: return antiDependencies <= 1
        case .readCommitted: return antiDependencies == 0
        }
    }
}
