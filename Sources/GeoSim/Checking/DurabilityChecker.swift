/// Checks that every acknowledged write survived: after the faults healed and the run
/// quiesced, its value is among the writes its range's final leader applied. (A later
/// write to the key may have replaced it as the visible value; it is still in the log.)
public enum DurabilityChecker {
    public static func check(_ history: RunHistory) -> [Violation] {
        var found = ViolationList()
        for operation in history.operations where operation.kind == .write && operation.outcome == .ok {
            let range = history.range(ofKey: operation.key, rangeCount: history.finalValues.count)
            guard range < history.finalValues.count, let applied = history.finalValues[range] else { continue }
            let index = SortedSearch.firstIndex(in: applied.count) { applied[$0] >= operation.value }
            if index < applied.count && applied[index] == operation.value { continue }
            found.add(
                Violation(
                    .durability,
                    "\(HistoryText.line(operation)): acknowledged, but range \(range)'s final leader never applied it (lost)."))
        }
        return found.violations
    }
}
