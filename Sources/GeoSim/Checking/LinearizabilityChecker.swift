/// Checks that a history of reads and writes is linearizable for a key-value store whose
/// keys are independent registers (write sets the value, read returns the current value,
/// every key starts at 0).
///
/// Linearizability is compositional (Herlihy & Wing), so each key is checked on its own
/// ("P-compositionality") with `ModelSearch` under the register model (the search
/// `geosim check-history` runs): Wing & Gong's search with Lowe's just-in-time
/// linearization and memoized (linearized set, value) states.
///
/// What the checker makes of each operation:
/// - failed operations are known not to have taken effect and are ignored;
/// - unknown reads carry no information and are dropped;
/// - unknown writes may take effect at any time after invocation, or never (completion
///   +infinity); one whose value no read returned is dropped outright, which is exact:
///   it can always be the "never" case;
/// - an operation that completes at the very instant another is invoked counts as
///   concurrent with it.
public enum LinearizabilityChecker {
    /// The checker's verdict.
    public enum Result: Sendable, Equatable {
        case linearizable
        /// Key `key` has no linearization. `subHistory` is a small offending part of its
        /// operations (minimized as far as the budget allowed), in invocation order.
        case violation(key: Int, subHistory: [HistoryOperation], explanation: String)
        /// The search-step budget (`steps`, the budget given) ran out before key `key` (the
        /// first unfinished one) was decided, and no violation was found elsewhere.
        case inconclusive(key: Int, steps: Int)
    }

    /// How a budget given as a duration becomes search steps: a fixed rate, the order of
    /// magnitude of one core's search speed on a hard one-key history (release build), so
    /// that verdicts never depend on the machine's speed. A step is one move of the search
    /// (linearize an operation, or backtrack).
    public static let stepsPerSecond = 20_000_000

    /// Checks every key, ascending. `budget` is the most search steps the whole check may
    /// take, minimization included: a count, not wall time, so the verdict is the same on
    /// every machine. A violation found before it runs out is reported even if minimizing
    /// it is cut short.
    public static func check(_ history: OperationHistory, budget: Int) -> Result {
        var remaining = max(budget, 0)
        return check(history, budget: budget, remaining: &remaining)
    }

    /// `check`, leaving in `remaining` the steps it did not use.
    static func check(_ history: OperationHistory, budget: Int, remaining: inout Int) -> Result {
        var firstInconclusive: Int?
        for group in history.byKey() {
            let relevant = informative(group.operations)
            if relevant.isEmpty { continue }
            if firstInconclusive != nil && remaining <= 0 { break }
            var search = modelSearch(relevant)
            switch search.run(steps: &remaining).verdict {
            case .linearizable:
                continue
            case .outOfBudget:
                if firstInconclusive == nil { firstInconclusive = group.key }
            case .violation:
                let minimal = minimize(relevant, steps: &remaining)
                return .violation(
                    key: group.key, subHistory: minimal,
                    explanation: explain(minimal, key: group.key))
            }
        }
        if let key = firstInconclusive { return .inconclusive(key: key, steps: max(budget, 0)) }
        return .linearizable
    }

    /// The operations of one key that constrain the search, in invocation order: no
    /// failed operations, no unknown reads, no unknown writes whose value no read returned.
    static func informative(_ operations: [HistoryOperation]) -> [HistoryOperation] {
        var readValues = Set<Int64>()
        for operation in operations where operation.kind == .read && operation.outcome == .ok {
            readValues.insert(operation.value)
        }
        let kept = operations.filter { operation in
            switch (operation.kind, operation.outcome) {
            case (_, .failed), (.read, .unknown): false
            case (.write, .unknown): readValues.contains(operation.value)
            default: true
            }
        }
        // Stable: equal invocation times keep their recorded order.
        return kept.enumerated()
            .sorted { ($0.element.invoked, $0.offset) < ($1.element.invoked, $1.offset) }
            .map(\.element)
    }

    /// The register-model search over one key's informative operations: values become
    /// dense ids, 0 (the initial value) id 0; times stay nanoseconds.
    static func modelSearch(_ operations: [HistoryOperation]) -> ModelSearch {
        var ids: [Int64: Int32] = [0: 0]
        func id(_ value: Int64) -> Int32 {
            if let known = ids[value] { return known }
            let fresh = Int32(ids.count)
            ids[value] = fresh
            return fresh
        }
        let converted = operations.map { operation in
            ModelOperation(
                process: operation.client, function: operation.kind == .write ? .write : .read, value: id(operation.value),
                invoked: Int(operation.invoked), completed: operation.completed.map { Int($0) })
        }
        return ModelSearch(converted, initial: 0)
    }

    /// Whether `operations` (one key) are linearizable; `nil` if the step budget ran out.
    static func isLinearizable(_ operations: [HistoryOperation], steps: inout Int) -> Bool? {
        var search = modelSearch(operations)
        switch search.run(steps: &steps).verdict {
        case .linearizable: return true
        case .violation: return false
        case .outOfBudget: return nil
        }
    }

    /// Shrinks a non-linearizable set of one key's operations while it stays
    /// non-linearizable: first by dropping halves, quarters, … (delta debugging), then one
    /// operation at a time until no single removal keeps the violation. A write is kept
    /// while a remaining read returns its value and no other remaining write wrote that
    /// value, so the result never turns a stale read into a read of a value never written.
    /// Stops early, with what it has, when the step budget runs out.
    static func minimize(_ operations: [HistoryOperation], steps: inout Int) -> [HistoryOperation] {
        var writtenValues = Set<Int64>()
        for operation in operations where operation.kind == .write { writtenValues.insert(operation.value) }

        /// Every read that returned a value some write wrote still has such a write.
        func keepsReadsExplained(_ candidate: [HistoryOperation]) -> Bool {
            var written = Set<Int64>()
            for operation in candidate where operation.kind == .write { written.insert(operation.value) }
            return candidate.allSatisfy { operation in
                operation.kind == .write || operation.value == 0
                    || !writtenValues.contains(operation.value) || written.contains(operation.value)
            }
        }

        /// Whether `candidate` is a valid, still violating reduction.
        func stillViolates(_ candidate: [HistoryOperation]) -> Bool {
            keepsReadsExplained(candidate) && isLinearizable(candidate, steps: &steps) == false
        }

        return DeltaDebugging.shrink(operations, exhausted: { steps <= 0 }, stillFails: stillViolates)
    }

    /// Says in words why `operations` (one key, non-linearizable) fail.
    static func explain(_ operations: [HistoryOperation], key: Int) -> String {
        var written = Set<Int64>()
        for operation in operations where operation.kind == .write { written.insert(operation.value) }
        var lines: [String] = []
        if let orphan = operations.first(where: { $0.kind == .read && $0.value != 0 && !written.contains($0.value) }) {
            lines.append(
                "client \(orphan.client)'s read of key \(key) returned v=\(orphan.value), "
                    + "which no write to the key (that did not fail) wrote.")
        } else {
            lines.append(
                "No order of these \(operations.count) operations on key \(key) respects real time "
                    + "(an operation completed before another was invoked comes first) and register semantics "
                    + "(each read returns the latest write, or 0 before any).")
            var search = modelSearch(operations)
            // The sub-history is small; a short fresh budget is plenty for the witness.
            var witnessSteps = stepsPerSecond / 10
            let longest = search.run(steps: &witnessSteps, trackLongest: true).longest
            if longest.isEmpty {
                lines.append("No operation can be placed first without leaving the rest with no valid order.")
            } else {
                lines.append("The longest valid order places \(longest.count) of them, then none of the rest can follow:")
                lines.append(HistoryText.render(longest.map { operations[$0] }))
            }
        }
        lines.append("Sub-history:")
        lines.append(HistoryText.render(operations))
        return lines.joined(separator: "\n")
    }

    /// Times the check of a random linearizable history of 10,000 operations over 1000
    /// keys with 10% unknown outcomes (seed 1, built with `RandomHistory`) and says how
    /// long it took. Run it in a release build.
    public static func benchmark() -> String {
        let history = RandomHistory.linearizable(
            operations: 10_000, keys: 1000, unknownFraction: 0.1,
            failedFraction: 0.02, seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        var remaining = 10 * stepsPerSecond
        let result = check(history, budget: remaining, remaining: &remaining)
        let elapsed = clock.now - start
        let steps = 10 * stepsPerSecond - remaining
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        let verdict: String
        switch result {
        case .linearizable: verdict = "linearizable"
        case .violation(let key, _, _): verdict = "violation on key \(key) (unexpected)"
        case .inconclusive(let key, _): verdict = "inconclusive at key \(key) (unexpected)"
        }
        return "linearizability check: 10000 operations, 1000 keys, 10% unknown: \(verdict) in "
            + "\(HistoryText.milliseconds(nanoseconds)), \(steps) search steps"
            + (nanoseconds > 0 ? String(format: " (%.3gM steps/s)", Double(steps) / Double(nanoseconds) * 1e3) : "")
    }
}
