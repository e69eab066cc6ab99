/// The `history` fuzz target: a recorded history's bytes, as `geosim check-history` reads
/// them (JSON Lines when the bytes start with `{"`, else Jepsen EDN).
extension FuzzTarget {
    /// The search steps each check of a fuzz input may take: enough for the corpus,
    /// small enough that a hostile input stays in the milliseconds.
    static let historyBudget = 20_000

    /// Reads the history, then checks properties of what read: every EDN form's canonical
    /// text reads back to the same text, the verdict is the same twice (deterministic),
    /// and a violation's sub-history is non-empty and itself not linearizable.
    static func history(_ input: [UInt8]) -> FuzzVerdict {
        let isJSONLines = CheckHistoryCommand.sniff(path: "", bytes: input) == "jsonl"
        let history: ModelHistory
        do {
            history =
                isJSONLines
                ? try GeoSimHistoryFile.read(input, model: nil, initial: nil)
                : try JepsenHistory.read(input, model: .casRegister, initial: nil)
        } catch {
            return FuzzVerdict.judge(error, context: "history")
        }
        if !isJSONLines, let forms = try? EDNReader.forms(input) {
            for form in forms {
                let text = form.value.canonicalText
                guard let again = try? EDNReader.forms(Array(text.utf8)), again.count == 1, again[0].value.canonicalText == text else {
                    return .finding("history: the canonical text \(text.excerpt()) does not read back as itself")
                }
            }
        }
        let result = ModelChecker.check(history, budget: historyBudget)
        guard result == ModelChecker.check(history, budget: historyBudget) else {
            return .finding("history: two checks of the same history disagree")
        }
        if case .violation(let violation, _) = result {
            guard !violation.operations.isEmpty else { return .finding("history: an empty violating sub-history") }
            var steps = historyBudget
            if ModelChecker.isLinearizable(violation.operations, initial: history.initial, steps: &steps) == true {
                return .finding("history: the minimized sub-history is linearizable")
            }
        }
        return .accepted
    }
}
