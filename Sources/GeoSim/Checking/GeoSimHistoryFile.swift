/// geosim's own history format, JSON Lines (`geosim.history/1`, docs/history-format.md):
/// an optional header line, then one event per line in real-time order, Jepsen's events
/// with JSON spelling:
///
///     {"initial":0,"model":"kv","schema":"geosim.history/1","seed":7}
///     {"client":3,"f":"write","key":17,"process":0,"time_ns":12000000,"type":"invoke","value":5}
///     {"client":3,"f":"write","key":17,"process":0,"time_ns":74310000,"type":"ok","value":5}
///
/// `geosim check --export` writes one for every failing seed (its writes and strong
/// reads, the operations checked for linearizability); `geosim check-history` reads it.
public enum GeoSimHistoryFile {
    public static let schema = "geosim.history/1"

    /// The header's settings: the model and initial value a file asks for.
    public struct Header: Sendable, Equatable {
        public var model: HistoryModel?
        public var initial: EDNValue?
    }

    /// The history in `bytes`. `model` and `initial` (from flags) override the header's;
    /// without either, the model is kv and the initial value nil. Errors name the line
    /// and column.
    public static func read(_ bytes: [UInt8], model: HistoryModel?, initial: EDNValue?) throws(InputError) -> ModelHistory {
        var header = Header()
        var events: [HistoryEvent] = []
        var skipped = 0
        var lineNumber = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let text = String(decoding: rawLine, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) { continue }
            let value: JSONValue
            do { value = try JSONParser.parse(text) } catch { throw relocated(error, line: lineNumber) }
            let at = EDNPosition(line: lineNumber, column: 1)
            guard case .object(let members) = value else {
                throw InputError(location: at.text, message: "expected a JSON object (an event or the header) on each line")
            }
            if members.contains(where: { $0.key == "schema" }) {
                guard events.isEmpty, lineNumber == 1 || header == Header() else {
                    throw InputError(location: at.text, message: "the header line (with \"schema\") must come first")
                }
                header = try readHeader(members, at: at)
                continue
            }
            if let event = try event(members, at: at) { events.append(event) } else { skipped += 1 }
        }
        var history = try HistoryPairing.pair(events, model: model ?? header.model ?? .kv, initial: initial ?? header.initial)
        history.skippedEvents = skipped
        return history
    }

    /// A JSON parser error of one line, placed on line `line` of the file.
    static func relocated(_ error: InputError, line: Int) -> InputError {
        let column = error.location.split(separator: " ").last.map(String.init) ?? "1"
        return InputError(location: "line \(line), column \(column)", message: error.message)
    }

    static func readHeader(_ members: [(key: String, value: JSONValue)], at: EDNPosition) throws(InputError) -> Header {
        func member(_ name: String) -> JSONValue? { members.last { $0.key == name }?.value }
        guard case .string(let schema)? = member("schema"), schema == Self.schema else {
            throw InputError(location: at.text, message: "expected \"schema\": \"\(Self.schema)\"")
        }
        var header = Header()
        if let value = member("model") {
            guard case .string(let name) = value, let model = HistoryModel(rawValue: name) else {
                throw InputError(location: at.text, message: "expected \"model\": \"register\", \"cas-register\" or \"kv\"")
            }
            header.model = model
        }
        if let value = member("initial") { header.initial = ednValue(value, at: at) }
        return header
    }

    /// The event of one line; nil when its process is not an integer (not a client).
    static func event(_ members: [(key: String, value: JSONValue)], at: EDNPosition) throws(InputError) -> HistoryEvent? {
        func member(_ name: String) -> JSONValue? { members.last { $0.key == name }?.value }
        guard case .number(let number)? = member("process"), number == number.rounded(), abs(number) < 0x1p53 else { return nil }
        guard case .string(let typeName)? = member("type"), let kind = HistoryEvent.Kind(rawValue: typeName) else {
            throw InputError(location: at.text, message: "expected \"type\": \"invoke\", \"ok\", \"fail\" or \"info\"")
        }
        guard case .string(let name)? = member("f"), let function = ModelOperation.Function(rawValue: name) else {
            throw InputError(location: at.text, message: "expected \"f\": \"read\", \"write\" or \"cas\"")
        }
        var value = member("value").map { ednValue($0, at: at) } ?? .null
        if let key = member("key") { value = .sequence([ednValue(key, at: at), value], isVector: true) }
        return HistoryEvent(kind: kind, process: Int(number), function: function, value: value, at: at)
    }

    /// A JSON value as the EDN value it stands for (integral numbers as integers).
    static func ednValue(_ value: JSONValue, at: EDNPosition) -> EDNValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            if number == number.rounded(), abs(number) < 0x1p63 { return .integer(Int64(number)) }
            return .number(JSONWriter.format(number))
        case .string(let text): return .string(text)
        case .array(let items): return .sequence(items.map { ednValue($0, at: at) }, isVector: true)
        case .object(let members):
            return .map(members.map { EDNEntry(key: .string($0.key), value: ednValue($0.value, at: at)) }, at: at)
        }
    }

    /// The JSON Lines of `operations` (geosim's recorded operations on integer keys, the
    /// register's initial value 0): a header, then invocations and completions in time
    /// order, invocations first at equal times (an operation that completes at the
    /// instant another is invoked counts as concurrent with it). Failed operations
    /// complete `fail`; unknown ones never complete. Each operation runs on a process
    /// that is free (its previous operation completed before this one's invocation; never,
    /// after an unknown one), the lowest such: processes are single-threaded, as Jepsen's
    /// are, while `client` keeps geosim's client.
    public static func write(_ operations: [HistoryOperation], seed: UInt64? = nil) -> String {
        var header: [(key: String, value: JSONValue)] = [("schema", .string(schema)), ("model", .string("kv")), ("initial", .number(0))]
        if let seed { header.append(("seed", .number(Double(seed)))) }
        var lines = [JSONWriter.string(.object(header), pretty: false)]
        let order = operations.indices.sorted { (operations[$0].invoked, $0) < (operations[$1].invoked, $1) }
        var busyUntil: [Int64] = []
        var process = [Int](repeating: 0, count: operations.count)
        var events: [(time: Int64, isCompletion: Int, operation: Int)] = []
        for index in order {
            let operation = operations[index]
            let end = operation.outcome == .unknown ? Int64.max : max(operation.completed ?? operation.invoked, operation.invoked)
            if let free = busyUntil.firstIndex(where: { $0 < operation.invoked }) {
                process[index] = free
                busyUntil[free] = end
            } else {
                process[index] = busyUntil.count
                busyUntil.append(end)
            }
            events.append((operation.invoked, 0, index))
            if operation.outcome != .unknown { events.append((end, 1, index)) }
        }
        events.sort { ($0.time, $0.isCompletion, $0.operation) < ($1.time, $1.isCompletion, $1.operation) }
        for event in events {
            let operation = operations[event.operation]
            let type = event.isCompletion == 0 ? "invoke" : (operation.outcome == .ok ? "ok" : "fail")
            let readInvocation = operation.kind == .read && event.isCompletion == 0
            let members: [(key: String, value: JSONValue)] = [
                ("type", .string(type)), ("process", .number(Double(process[event.operation]))),
                ("client", .number(Double(operation.client))), ("f", .string(operation.kind == .write ? "write" : "read")),
                ("key", .number(Double(operation.key))), ("value", readInvocation ? .null : .number(Double(operation.value))),
                ("time_ns", .number(Double(event.time))),
            ]
            lines.append(JSONWriter.string(.object(members), pretty: false))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
