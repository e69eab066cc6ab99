/// Checks that every acknowledged write survived: after the faults healed and the run
/// quiesced, its value is among the writes its range's final leader applied. (A later
/// write to the key may have replaced it as the visible value; it is still in the log.)
public enum DurabilityChecker {
    public static func check(_ history: RunHistory) -> [Violation] {
        var found = ViolationList()
        for operation in history.operations where operation.kind == .write && operation.outcome == .ok {
            let range = history.range(ofKey: operation.key)
            guard range < history.finalValues.count, let applied = history.finalValues[range] else { continue }
            if contains(applied, operation.value) { continue }
            found.add(Violation(.durability,
                "\(HistoryText.line(operation)): acknowledged, but range \(range)'s final leader never applied it (lost)."))
        }
        return found.violations
    }

    static func contains(_ sorted: [Int64], _ value: Int64) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }
}
