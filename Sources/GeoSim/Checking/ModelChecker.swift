/// Checks a recorded history (`ModelHistory`) for linearizability against its model,
/// key by key (linearizability is compositional), with `ModelSearch`.
///
/// Before searching, each key's operations are reduced to those that constrain it, which
/// is exact: reads of nil (Knossos: a read of nil constrains nothing) go, and so does an
/// `:info` write or cas whose value nothing could observe (no completed read returns it,
/// no completed cas and no kept `:info` cas expects it): such an operation can always be
/// the "never took effect" case. The search is bounded by a step budget, never by time.
public enum ModelChecker {
    /// A non-linearizable key, with the smallest sub-history found that is still not
    /// linearizable.
    public struct Violation: Sendable, Equatable {
        /// The key (an id into the history's `keys`; 0 outside the kv model).
        public var key: Int32
        /// The sub-history, in invocation order.
        public var operations: [ModelOperation]
        /// The longest valid order the search found for the sub-history (indices into
        /// `operations`): the operations not in it are the ones that cannot follow.
        public var longest: [Int]
        /// How many constraining operations the key had before minimizing.
        public var keyOperations: Int
    }

    /// The verdict, with the search steps spent (minimizing included).
    public enum Result: Sendable, Equatable {
        case linearizable(steps: Int)
        case violation(Violation, steps: Int)
        /// The budget ran out before key `key` (the first undecided one) was decided.
        case inconclusive(key: Int32, steps: Int)
    }

    /// The default budget: 10^8 search steps (a few seconds of one core).
    public static let defaultBudget = 100_000_000

    /// Checks every key in order of first appearance. `budget` is the most search steps
    /// the whole check may take, minimization included.
    public static func check(_ history: ModelHistory, budget: Int) -> Result {
        var remaining = max(budget, 0)
        var groups = [[ModelOperation]](repeating: [], count: max(history.keys.texts.count, 1))
        for operation in history.operations { groups[Int(operation.key)].append(operation) }
        var firstInconclusive: Int32?
        for (key, operations) in groups.enumerated() {
            let relevant = informative(operations)
            if relevant.isEmpty { continue }
            if firstInconclusive != nil && remaining <= 0 { break }
            var search = ModelSearch(relevant, initial: history.initial)
            switch search.run(steps: &remaining).verdict {
            case .linearizable: continue
            case .outOfBudget: if firstInconclusive == nil { firstInconclusive = Int32(key) }
            case .violation:
                let minimal = HistoryMinimizer.minimize(relevant, initial: history.initial, steps: &remaining)
                var witness = ModelSearch(minimal, initial: history.initial)
                // The sub-history is small; a short fresh budget is plenty for the witness.
                var witnessSteps = 1_000_000
                let longest = witness.run(steps: &witnessSteps, trackLongest: true).longest
                let violation = Violation(key: Int32(key), operations: minimal, longest: longest, keyOperations: relevant.count)
                return .violation(violation, steps: max(budget, 0) - remaining)
            }
        }
        if let key = firstInconclusive { return .inconclusive(key: key, steps: max(budget, 0) - remaining) }
        return .linearizable(steps: max(budget, 0) - remaining)
    }

    /// The operations of one key that constrain it, in invocation order.
    static func informative(_ operations: [ModelOperation]) -> [ModelOperation] {
        var demanded = Set<Int32>()
        for operation in operations where !operation.isInfo {
            if operation.function == .read && operation.value == ValueTable.nilID { continue }
            if operation.function != .write { demanded.insert(operation.value) }
        }
        // An :info operation is kept when its value may be observed; a kept :info cas's
        // expected value is then observed too, so repeat until nothing changes.
        var keptInfo = [Bool](repeating: false, count: operations.count)
        var changed = true
        while changed {
            changed = false
            for (index, operation) in operations.enumerated() where operation.isInfo && !keptInfo[index] {
                guard operation.function != .read, operation.value != operation.newValue || operation.function == .write,
                    demanded.contains(operation.newValue)
                else { continue }
                keptInfo[index] = true
                if operation.function == .cas && demanded.insert(operation.value).inserted { changed = true }
            }
        }
        var kept: [ModelOperation] = []
        for (index, operation) in operations.enumerated() {
            if operation.isInfo ? keptInfo[index] : !(operation.function == .read && operation.value == ValueTable.nilID) {
                kept.append(operation)
            }
        }
        return kept
    }

    /// Whether `operations` (one key) are linearizable from `initial`; nil if the budget ran
    /// out. Setting up a search costs a step per operation (so that minimizing a long
    /// history stays bounded by the budget, not only by its search moves).
    static func isLinearizable(_ operations: [ModelOperation], initial: Int32, steps: inout Int) -> Bool? {
        steps -= operations.count
        if steps <= 0 { return nil }
        var search = ModelSearch(operations, initial: initial)
        switch search.run(steps: &steps).verdict {
        case .linearizable: return true
        case .violation: return false
        case .outOfBudget: return nil
        }
    }
}
