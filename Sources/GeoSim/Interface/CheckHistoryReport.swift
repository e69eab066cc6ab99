/// What `geosim check-history` prints and writes for one verdict: the text report, the
/// `geosim.check-history/1` JSON, the violating sub-history as EDN (which check-history
/// reads back) and its SVG timeline.
struct CheckHistoryReport {
    var file: String
    /// `edn` or `jsonl`.
    var input: String
    var history: ModelHistory
    var result: ModelChecker.Result
    var budget: Int

    /// The violation, if the verdict is one.
    var violation: ModelChecker.Violation? {
        if case .violation(let violation, _) = result { return violation }
        return nil
    }

    var steps: Int {
        switch result {
        case .linearizable(let steps), .violation(_, let steps), .inconclusive(_, let steps): return steps
        }
    }

    var verdictName: String {
        switch result {
        case .linearizable: return "linearizable"
        case .violation: return "not-linearizable"
        case .inconclusive: return "inconclusive"
        }
    }

    /// ` on key :x` in the kv model, else empty.
    func keyPhrase(_ key: Int32) -> String {
        history.model == .kv ? " on key \(history.keys.text(key))" : ""
    }

    /// One operation on one line: `process 0  write 3   [4, 7] ok    lines 5-8`.
    func line(_ operation: ModelOperation, width: Int) -> String {
        let head = "process \(operation.process)  \(history.describe(operation))"
        let padding = String(repeating: " ", count: max(width - head.count, 0))
        if let completed = operation.completed {
            return "\(head)\(padding)   [\(operation.invoked), \(completed)] ok    lines \(operation.line)-\(operation.completionLine ?? operation.line)"
        }
        return "\(head)\(padding)   [\(operation.invoked), -] info  line \(operation.line)"
    }

    func lines(_ operations: [ModelOperation], indent: String = "  ") -> [String] {
        let width = operations.map { "process \($0.process)  \(history.describe($0))".count }.max() ?? 0
        return operations.map { indent + line($0, width: width) }
    }

    /// The report for people.
    var text: String {
        let initial = history.values.text(history.initial)
        var out = [
            "geosim check-history: \(file) (\(input), \(history.model.rawValue) model, initial value \(initial))",
            "\(history.operations.count) operations (\(history.infoOperations) of unknown outcome); "
                + "\(history.failedOperations) failed operations dropped, \(history.skippedEvents) non-client events skipped",
        ]
        switch result {
        case .linearizable(let steps):
            out.append("linearizable (\(steps) search steps of a budget of \(budget))")
        case .inconclusive(let key, let steps):
            out.append(
                "inconclusive: the search ran out of its budget of \(budget) steps\(keyPhrase(key)) (\(steps) used), "
                    + "or of the \(ModelSearch.maximumStates) states one search may memoize; raise --budget, or check a shorter history")
        case .violation(let violation, let steps):
            out.append(
                "NOT linearizable\(keyPhrase(violation.key)): \(violation.operations.count) of its "
                    + "\(violation.keyOperations) operations \(violation.operations.count == 1 ? "has" : "have") no valid order (\(steps) search steps):")
            out += lines(violation.operations)
            out += explanation(violation)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Why the sub-history fails, in words.
    func explanation(_ violation: ModelChecker.Violation) -> [String] {
        let operations = violation.operations
        var produced = Set<Int32>([history.initial])
        for operation in operations where operation.function != .read { produced.insert(operation.newValue) }
        if let orphan = operations.first(where: { $0.function != .write && !$0.isInfo && !produced.contains($0.value) }) {
            let what = orphan.function == .read ? "read \(history.values.text(orphan.value))" : "cas expected \(history.values.text(orphan.value))"
            return [
                "process \(orphan.process)'s \(what) (line \(orphan.line)): no write or cas (that did not fail) had set that value "
                    + "by the time it completed, and it is not the initial value \(history.values.text(history.initial))."
            ]
        }
        var out = [
            "No order of them respects real time (an operation that completed before another was invoked comes first) "
                + "and the \(history.model.rawValue) model (a read returns the latest value; a cas takes effect only on its old value)."
        ]
        if violation.longest.isEmpty {
            out.append("No operation can be placed first without leaving the rest with no valid order.")
        } else {
            out.append("The longest valid order places \(violation.longest.count) of them, then none of the rest can follow:")
            out += lines(violation.longest.map { operations[$0] }, indent: "").enumerated().map { "  \($0.offset + 1). " + $0.element }
        }
        return out
    }

    /// `geosim.check-history/1`.
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("schema", .string("geosim.check-history/1")), ("file", .string(file)), ("input", .string(input)),
            ("model", .string(history.model.rawValue)), ("initial", .string(history.values.text(history.initial))),
            ("operations", .number(Double(history.operations.count))), ("info_operations", .number(Double(history.infoOperations))),
            ("failed_operations", .number(Double(history.failedOperations))), ("skipped_events", .number(Double(history.skippedEvents))),
            ("verdict", .string(verdictName)), ("steps", .number(Double(steps))), ("budget", .number(Double(budget))),
        ]
        if case .inconclusive(let key, _) = result, history.model == .kv { members.append(("key", .string(history.keys.text(key)))) }
        if let violation {
            if history.model == .kv { members.append(("key", .string(history.keys.text(violation.key)))) }
            members.append(("key_operations", .number(Double(violation.keyOperations))))
            members.append(("sub_history", .array(subHistoryJSON(violation))))
            members.append(("explanation", .string(explanation(violation).joined(separator: "\n"))))
        }
        return .object(members)
    }

    func subHistoryJSON(_ violation: ModelChecker.Violation) -> [JSONValue] {
        var order = [Int?](repeating: nil, count: violation.operations.count)
        for (place, index) in violation.longest.enumerated() { order[index] = place + 1 }
        return violation.operations.enumerated().map { index, operation in
            var fields: [(key: String, value: JSONValue)] = [
                ("process", .number(Double(operation.process))), ("f", .string(operation.function.rawValue)),
                ("value", .string(history.values.text(operation.value))),
                ("type", .string(operation.isInfo ? "info" : "ok")), ("invoke_index", .number(Double(operation.invoked))),
                ("complete_index", operation.completed.map { .number(Double($0)) } ?? .null),
                ("line", .number(Double(operation.line))), ("completion_line", operation.completionLine.map { .number(Double($0)) } ?? .null),
                ("linearized_order", order[index].map { .number(Double($0)) } ?? .null), ("violating", .bool(order[index] == nil)),
            ]
            if operation.function == .cas { fields.append(("new_value", .string(history.values.text(operation.newValue)))) }
            return .object(fields)
        }
    }

    /// The sub-history as a Jepsen EDN history (invocations and completions in their
    /// original order), which `geosim check-history` reads back.
    func subHistoryEDN(_ violation: ModelChecker.Violation) -> String {
        // An :info completion goes right after its invocation: it bounds nothing, and it
        // frees the process for its later operations.
        var events: [(position: Int, after: Int, text: String)] = []
        for operation in violation.operations {
            let value: String
            switch operation.function {
            case .read, .write: value = history.values.text(operation.value)
            case .cas: value = "[\(history.values.text(operation.value)) \(history.values.text(operation.newValue))]"
            }
            func wrapped(_ text: String) -> String { history.model == .kv ? "[\(history.keys.text(operation.key)) \(text)]" : text }
            let invokeValue = operation.function == .read ? wrapped("nil") : wrapped(value)
            let f = operation.function.rawValue
            events.append((operation.invoked, 0, "{:type :invoke, :f :\(f), :value \(invokeValue), :process \(operation.process)}"))
            let completion = "{:type :\(operation.isInfo ? "info" : "ok"), :f :\(f), :value \(wrapped(value)), :process \(operation.process)}"
            events.append((operation.completed ?? operation.invoked, operation.isInfo ? 1 : 0, completion))
        }
        events.sort { ($0.position, $0.after) < ($1.position, $1.after) }
        let header = "; geosim check-history: the smallest non-linearizable sub-history of \(file)\n"
        return header + "; check it with: geosim check-history FILE --model \(history.model.rawValue) --initial '\(history.values.text(history.initial))'\n"
            + events.map(\.text).joined(separator: "\n") + "\n"
    }

    /// The SVG timeline of the violation.
    func timeline(_ violation: ModelChecker.Violation) -> String {
        var order = [Int?](repeating: nil, count: violation.operations.count)
        for (place, index) in violation.longest.enumerated() { order[index] = place + 1 }
        let bars = violation.operations.enumerated().map { index, operation in
            HistoryTimelineSVG.Bar(
                process: operation.process, start: operation.invoked, end: operation.completed,
                label: history.describe(operation), violating: order[index] == nil, order: order[index])
        }
        return HistoryTimelineSVG.render(
            title: "\(file): not linearizable\(keyPhrase(violation.key)) (\(history.model.rawValue) model)",
            subtitle: "\(violation.operations.count) of \(violation.keyOperations) operations; x: order of events; initial value "
                + history.values.text(history.initial),
            bars: bars)
    }
}
