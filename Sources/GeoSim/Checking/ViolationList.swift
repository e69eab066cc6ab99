/// Collects a checker's violations: the first few of each invariant in full, the rest
/// counted, so a broken protocol that repeats one mistake a thousand times still reads
/// in a screenful.
struct ViolationList {
    /// Violations described in full per invariant.
    static let describedLimit = 5

    private var described: [Violation] = []
    private var totals: [(invariant: Invariant, count: Int)] = []

    mutating func add(_ violation: Violation) {
        if let slot = totals.firstIndex(where: { $0.invariant == violation.invariant }) {
            totals[slot].count += 1
            if totals[slot].count > ViolationList.describedLimit { return }
        } else {
            totals.append((violation.invariant, 1))
        }
        described.append(violation)
    }

    /// The described violations, each invariant followed by a count of the rest.
    var violations: [Violation] {
        var result: [Violation] = []
        for total in totals {
            result += described.filter { $0.invariant == total.invariant }
            if total.count > ViolationList.describedLimit {
                result.append(Violation(total.invariant, "… and \(total.count - ViolationList.describedLimit) more like these."))
            }
        }
        return result
    }
}
