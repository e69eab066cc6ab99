/// Checks progress after the liveness phase healed every fault: each range acknowledged a
/// write invoked after the heal within `bound` of it.
public enum LivenessChecker {
    public static func check(_ history: RunHistory, bound: Nanoseconds) -> [Violation] {
        guard let healedAt = history.healedAt else { return [] }
        var found = ViolationList()
        for (range, first) in history.firstProgressAfterHeal.enumerated() {
            if let first, first <= healedAt +| bound { continue }
            let what =
                first.map { "the first acknowledged write came \(DurationText.format($0 - healedAt)) after it" }
                ?? "no write was acknowledged before the run ended at \(HistoryText.milliseconds(history.endedAt))"
            found.add(
                Violation(
                    .liveness,
                    "range \(range): every fault healed at \(HistoryText.milliseconds(healedAt)), but \(what) (bound \(DurationText.format(bound)))."))
        }
        return found.violations
    }
}
