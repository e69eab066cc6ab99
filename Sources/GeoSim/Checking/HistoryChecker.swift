/// Runs every checker over a recorded run and gathers what they found.
public enum HistoryChecker {
    /// The verdicts on one run.
    public struct Verdict: Sendable {
        /// Every broken promise, grouped by invariant in `Invariant` order.
        public var violations: [Violation]
        /// Keys whose linearizability the search-step budget could not decide.
        public var inconclusive: [String]
        /// How many strong operations the linearizability check looked at.
        public var strongOperations: Int
        /// How many transactions the serializability check looked at.
        public var transactions = 0
        /// Acknowledged writes a promotion lost (primary replication; judged only when
        /// durability is promised).
        public var lostAcknowledgedWrites = 0

        /// The invariants that failed, each once, in `Invariant` order.
        public var failedInvariants: [Invariant] {
            Invariant.allCases.filter { invariant in violations.contains { $0.invariant == invariant } }
        }
    }

    /// Checks `history`. `linearizabilitySteps` is the most search steps the
    /// linearizability search may take (deterministic, unlike wall time);
    /// `livenessBound` the progress bound after healing (ns).
    public static func check(_ history: RunHistory, linearizabilitySteps: Int, livenessBound: Nanoseconds) -> Verdict {
        var violations: [Violation] = []
        var inconclusive: [String] = []
        let promised = history.promised
        let strong = history.operations.filter { $0.kind == .write || $0.mode == .strong }
        if promised.contains(.linearizability) {
            switch LinearizabilityChecker.check(OperationHistory(operations: strong), budget: linearizabilitySteps) {
            case .linearizable:
                break
            case .violation(_, _, let explanation):
                violations.append(Violation(.linearizability, explanation))
            case .inconclusive(let key, let steps):
                inconclusive.append("linearizability of key \(key) and later keys: the search budget of \(steps) steps ran out")
            }
        }
        violations += StalenessChecker.check(history)
        violations += DurabilityChecker.check(history)
        var raft = ViolationList()
        for text in history.raftViolations { raft.add(Violation(.raftSafety, text)) }
        violations += raft.violations
        violations += LeaseSafetyChecker.check(history)
        violations += SessionChecker.check(history)
        violations += LivenessChecker.check(history, bound: livenessBound)
        if promised.contains(.quorumReads) { violations += QuorumReadChecker.check(history) }
        if promised.contains(.sequentialConsistency) { violations += SequentialConsistencyChecker.check(history) }
        if let transactions = history.transactions {
            violations += SerializabilityChecker.check(transactions, isolation: history.isolation)
        }
        violations.removeAll { !promised.contains($0.invariant) }
        // Stable: grouped by invariant, in the order each checker found them.
        let ordered = violations.enumerated().sorted { ($0.element.invariant, $0.offset) < ($1.element.invariant, $1.offset) }.map(\.element)
        var verdict = Verdict(violations: ordered, inconclusive: inconclusive, strongOperations: promised.contains(.linearizability) ? strong.count : 0)
        verdict.transactions = history.transactions?.transactions.count ?? 0
        verdict.lostAcknowledgedWrites = history.lostAcknowledgedWrites
        return verdict
    }
}
