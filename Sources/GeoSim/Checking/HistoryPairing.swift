/// Pairs a history's events into operations, as Knossos' `knossos.history/complete`
/// does: each process runs one operation at a time, so an invocation's completion is
/// the process's next event. An `:ok` completion's value replaces the invocation's (a
/// read learns what it read there); a `:fail` drops the operation (it had no effect);
/// an `:info` leaves it open-ended (it may take effect any time after its invocation, or
/// never) and frees the process; an invocation never completed is the same as `:info`.
/// Reads with an unknown outcome constrain nothing and are dropped.
enum HistoryPairing {
    /// The history of `events` (client events only, in file order) for `model`, starting
    /// from `initial`. Errors (a completion without an invocation, a second invocation
    /// of a busy process, a value of the wrong shape) name the event's line and column.
    static func pair(_ events: [HistoryEvent], model: HistoryModel, initial: EDNValue?) throws(InputError) -> ModelHistory {
        var history = ModelHistory(model: model)
        history.initial = history.values.id(initial ?? .null)
        history.clientEvents = events.count
        // Per process, the index of its open invocation in `events`.
        var open: [Int: Int] = [:]
        var finished: [(invocation: Int, completion: Int?, value: EDNValue)] = []
        for (position, event) in events.enumerated() {
            let pending = open[event.process]
            switch event.kind {
            case .invoke:
                if let pending {
                    throw InputError(
                        location: event.at.text,
                        message: "process \(event.process) invokes an operation while its operation invoked at "
                            + "\(events[pending].at.text) has not completed: expected a completion (:ok, :fail or :info) first")
                }
                open[event.process] = position
            case .ok, .fail, .info:
                guard let pending else {
                    // A bare :info (no invocation) is Jepsen's note of something that happened; it says nothing.
                    if event.kind == .info { continue }
                    throw InputError(
                        location: event.at.text,
                        message: "process \(event.process) completes an operation (:\(event.kind.rawValue)) it never invoked: expected an :invoke first")
                }
                let invocation = events[pending]
                guard invocation.function == event.function else {
                    throw InputError(
                        location: event.at.text,
                        message: "process \(event.process) completes :\(event.function.rawValue) but invoked :\(invocation.function.rawValue) "
                            + "at \(invocation.at.text): expected the same :f")
                }
                open[event.process] = nil
                switch event.kind {
                case .ok: finished.append((pending, position, event.value))
                case .info: finished.append((pending, nil, invocation.value))
                default: history.failedOperations += 1
                }
            }
        }
        for pending in open.values { finished.append((pending, nil, events[pending].value)) }
        finished.sort { $0.invocation < $1.invocation }
        for entry in finished {
            let invocation = events[entry.invocation]
            // A read with an unknown outcome carries no information.
            if entry.completion == nil && invocation.function == .read { continue }
            // Failed operations never reach the model, so only these must be ones it has.
            if invocation.function == .cas && !model.allowsCAS {
                throw InputError(
                    location: invocation.at.text,
                    message: "a :cas operation, but the register model has only :read and :write (use --model cas-register)")
            }
            let at = entry.completion.map { events[$0].at } ?? invocation.at
            let (key, value, newValue) = try intern(entry.value, function: invocation.function, history: &history, at: at)
            history.operations.append(
                ModelOperation(
                    process: invocation.process, function: invocation.function, key: key, value: value, newValue: newValue,
                    invoked: entry.invocation, completed: entry.completion, line: invocation.at.line,
                    completionLine: entry.completion.map { events[$0].at.line }))
        }
        return history
    }

    /// The key and value ids of an operation's value: `v` (a cas `[old new]`) in the
    /// register models, `[k v]` (a cas `[k [old new]]`) in kv.
    static func intern(
        _ raw: EDNValue, function: ModelOperation.Function, history: inout ModelHistory, at: EDNPosition
    ) throws(InputError) -> (key: Int32, value: Int32, newValue: Int32) {
        var argument = raw
        var key: Int32 = 0
        if history.model == .kv {
            guard let pair = raw.items, pair.count == 2 else {
                throw InputError(
                    location: at.text, message: "in the kv model an operation's :value is [key value]; found \(raw.canonicalText.excerpt())")
            }
            key = history.keys.id(pair[0])
            argument = pair[1]
        }
        guard function == .cas else {
            let id = history.values.id(argument)
            return (key, id, id)
        }
        guard let pair = argument.items, pair.count == 2 else {
            throw InputError(location: at.text, message: "a :cas value is [old new]; found \(argument.canonicalText.excerpt())")
        }
        return (key, history.values.id(pair[0]), history.values.id(pair[1]))
    }
}
