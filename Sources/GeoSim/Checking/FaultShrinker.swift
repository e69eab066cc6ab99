/// Shrinks a fault schedule that breaks an invariant to one that still breaks it with as
/// few and as short faults as a budget of reruns allows: first it drops faults one at a
/// time (latest first), keeping each drop that still fails; then it halves each remaining
/// fault's duration while the failure persists (down to 100 ms). Every rerun uses the same
/// seed, so only the schedule changes.
public enum FaultShrinker {
    /// The shortest a shrunk fault gets (ns).
    public static let shortest: Nanoseconds = 100 * .millisecond

    /// Returns the shrunk faults and the reruns spent. `stillFails` reruns a candidate.
    public static func shrink(
        _ scenario: Scenario, invariant: Invariant, maxRuns: Int,
        stillFails: (Scenario) -> Bool
    ) -> (faults: [Fault], runs: Int) {
        var current = scenario.faults
        var runs = 0
        func fails(_ faults: [Fault]) -> Bool {
            runs += 1
            var candidate = scenario
            candidate.faults = faults
            return stillFails(candidate)
        }
        // Drop faults, latest first, until no single drop keeps the failure.
        var changed = true
        while changed && runs < maxRuns {
            changed = false
            var index = current.count - 1
            while index >= 0 && runs < maxRuns {
                var candidate = current
                candidate.remove(at: index)
                if fails(candidate) {
                    current = candidate
                    changed = true
                }
                index -= 1
            }
        }
        // Halve durations while the failure persists.
        let phaseEnd = scenario.healAt ?? scenario.duration
        for index in current.indices {
            while runs < maxRuns {
                let end = current[index].end ?? phaseEnd
                let length = end - current[index].start
                let half = max(length / 2 / .millisecond * .millisecond, shortest)
                guard half < length else { break }
                var candidate = current
                candidate[index].end = current[index].start + half
                if fails(candidate) { current = candidate } else { break }
            }
        }
        return (current, runs)
    }
}
