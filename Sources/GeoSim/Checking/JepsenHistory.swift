/// Reads a Jepsen history in EDN: one vector or list of operation maps, or the maps one
/// after another (one per line, as Jepsen's history.edn has them), such as
///
///     {:type :invoke, :f :write, :value 3, :process 0, :time 123}
///     {:type :ok,     :f :write, :value 3, :process 0, :time 456}
///
/// `:type` is `:invoke`, `:ok`, `:fail` or `:info`; `:f` is `:read`, `:write` or `:cas`.
/// Events whose `:process` is not an integer (`:nemesis`) are skipped; other keys
/// (`:time`, `:index`, …) are ignored: the order of the events is their real-time order.
public enum JepsenHistory {
    /// The history in `bytes` for `model`, starting from `initial` (nil when not given).
    public static func read(_ bytes: [UInt8], model: HistoryModel, initial: EDNValue?) throws(InputError) -> ModelHistory {
        let forms = try EDNReader.forms(bytes)
        var maps: [(value: EDNValue, at: EDNPosition)] = forms
        if forms.count == 1, let only = forms.first, let items = only.value.items {
            maps = items.enumerated().map { (index, item) in
                if case .map(_, let at) = item { return (item, at) }
                return (item, only.at)
            }
        }
        var events: [HistoryEvent] = []
        events.reserveCapacity(maps.count)
        var skipped = 0
        for (index, form) in maps.enumerated() {
            guard case .map = form.value else {
                let place = forms.count == 1 && maps.count != forms.count ? "item \(index + 1) of the history at \(form.at.text)" : form.at.text
                throw InputError(
                    location: form.at.text,
                    message: "expected an operation map such as {:type :invoke, :f :read, :process 0} (\(place)); found \(form.value.canonicalText.excerpt(60))"
                )
            }
            if let event = try event(form.value, at: form.at) { events.append(event) } else { skipped += 1 }
        }
        var history = try HistoryPairing.pair(events, model: model, initial: initial)
        history.skippedEvents = skipped
        return history
    }

    /// The event of one operation map; nil for a non-client process.
    static func event(_ map: EDNValue, at: EDNPosition) throws(InputError) -> HistoryEvent? {
        guard case .integer(let number)? = map[keyword: "process"] else { return nil }
        guard let process = Int(exactly: number) else { return nil }
        guard case .keyword(let typeName)? = map[keyword: "type"], let kind = HistoryEvent.Kind(rawValue: typeName) else {
            let found = map[keyword: "type"].map(\.canonicalText) ?? "none"
            throw InputError(location: at.text, message: "expected :type :invoke, :ok, :fail or :info; found \(found.excerpt(40))")
        }
        let functionValue = map[keyword: "f"]
        var functionName: String?
        switch functionValue {
        case .keyword(let name)?, .string(let name)?, .symbol(let name)?: functionName = name
        default: break
        }
        guard let name = functionName, let function = ModelOperation.Function(rawValue: name) else {
            let found = functionValue.map(\.canonicalText) ?? "none"
            throw InputError(location: at.text, message: "expected :f :read, :write or :cas; found \(found.excerpt(40))")
        }
        return HistoryEvent(kind: kind, process: process, function: function, value: map[keyword: "value"] ?? .null, at: at)
    }
}
