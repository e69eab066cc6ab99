/// Shrinks a non-linearizable history of one key to a small sub-history that is still not
/// linearizable and is evidence against the whole history: whenever the sub-history has
/// no valid order, neither has the history. Removing operations from a history can
/// create a violation (drop the write a read returned, and the read looks stale), so
/// only removals that cannot are made:
///
/// 1. A prefix: the events up to the earliest instant at which the history already has
///    no valid order (found by bisection; operations completing later count as `:info`
///    there). A prefix of a linearizable history is linearizable.
/// 2. Then halves, quarters, … (delta debugging) and single operations are dropped while
///    the rest stays non-linearizable and *closed*: for every value the rest needs (a
///    read's value, a cas's expected value, `:info` cas included), every operation of the
///    prefix that writes that value stays. In any valid order of the history, the last
///    write before such a read or cas writes its value and so stays too, and the order
///    restricted to what stays is valid: the sub-history has one whenever the history has.
///
/// With values unique per write (geosim's own histories) "every writer" is "the writer",
/// as `LinearizabilityChecker.minimize` keeps it. Stops early, with what it has, when the
/// step budget runs out.
enum HistoryMinimizer {
    /// A small, closed, non-linearizable sub-history of `operations` (one key, in
    /// invocation order, itself not linearizable from `initial`), with its original
    /// completions.
    static func minimize(_ operations: [ModelOperation], initial: Int32, steps: inout Int) -> [ModelOperation] {
        let cut = failingCut(operations, initial: initial, steps: &steps)
        let prefix = operations.filter { $0.invoked <= cut }
        var writers: [Int32: Int] = [:]
        for operation in prefix where operation.function != .read { writers[operation.newValue, default: 0] += 1 }

        func stillViolates(_ candidate: [ModelOperation]) -> Bool {
            isClosed(candidate, writers: writers)
                && ModelChecker.isLinearizable(searchForm(candidate, cut: cut), initial: initial, steps: &steps) == false
        }

        return DeltaDebugging.shrink(prefix, exhausted: { steps <= 0 }, stillFails: stillViolates)
    }

    /// The earliest event position whose prefix is known not to be linearizable: the
    /// last position (the whole history) unless bisection finds an earlier one.
    static func failingCut(_ operations: [ModelOperation], initial: Int32, steps: inout Int) -> Int {
        var positions: [Int] = []
        for operation in operations {
            positions.append(operation.invoked)
            if let completed = operation.completed { positions.append(completed) }
        }
        positions.sort()
        guard var high = positions.indices.last else { return 0 }
        var low = 0
        // `high` always holds a prefix known to fail.
        while low < high {
            if steps <= 0 { break }
            let middle = (low + high) / 2
            let cut = positions[middle]
            let candidate = operations.filter { $0.invoked <= cut }
            if ModelChecker.isLinearizable(searchForm(candidate, cut: cut), initial: initial, steps: &steps) == false {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return positions[high]
    }

    /// `operations` as the search sees them in the prefix up to `cut`: an operation that
    /// completes after the cut has an unknown outcome there; then only what constrains.
    static func searchForm(_ operations: [ModelOperation], cut: Int) -> [ModelOperation] {
        ModelChecker.informative(
            operations.map { operation in
                var copy = operation
                if let completed = copy.completed, completed > cut { copy.completed = nil }
                return copy
            })
    }

    /// Whether every value `candidate` needs (read, or expected by a cas) keeps all
    /// `writers` of it (counts per value in the prefix).
    static func isClosed(_ candidate: [ModelOperation], writers: [Int32: Int]) -> Bool {
        var kept: [Int32: Int] = [:]
        for operation in candidate where operation.function != .read { kept[operation.newValue, default: 0] += 1 }
        for operation in candidate where operation.function != .write {
            if operation.function == .read && operation.value == ValueTable.nilID { continue }
            if kept[operation.value, default: 0] != writers[operation.value, default: 0] { return false }
        }
        return true
    }
}
