/// The object a recorded history is checked against, with Knossos' semantics
/// (`knossos.model`): `register` (read, write), `cas-register` (read, write, and
/// compare-and-set `[old new]`, which takes effect only when the register holds `old`),
/// and `kv`, a map of independent compare-and-set registers whose operations carry
/// `[key value]` (`[key [old new]]` for a cas) and are checked key by key.
///
/// A read whose value is nil constrains nothing, in every model.
public enum HistoryModel: String, Sendable, CaseIterable {
    case register
    case casRegister = "cas-register"
    case kv

    /// Whether the model has a compare-and-set operation.
    var allowsCAS: Bool { self != .register }
}

/// One operation of a recorded history, paired (invocation with completion) and reduced
/// to what the model needs. Values and keys are ids into the history's `values` and
/// `keys` tables (equal EDN values, equal ids).
public struct ModelOperation: Sendable, Equatable {
    /// What the operation does.
    public enum Function: String, Sendable {
        case read
        case write
        case cas
    }

    /// The process (Jepsen's single-threaded client) that ran it.
    public var process: Int
    public var function: Function
    /// The key (always 0 outside the kv model).
    public var key: Int32
    /// A read's returned value (`ValueTable.nilID`: unknown, constrains nothing), a
    /// write's value, a cas's expected (old) value.
    public var value: Int32
    /// A cas's new value; for a read or a write, the same as `value`.
    public var newValue: Int32
    /// Position of the invocation among the history's client events (0-based): the
    /// order of events in the file is real-time order.
    public var invoked: Int
    /// Position of the `:ok` completion; nil for an `:info` (unknown) outcome or an
    /// invocation that never completed: it may take effect any time after `invoked`, or
    /// never.
    public var completed: Int?
    /// The file's line of the invocation and of the completion (nil without one).
    public var line: Int
    public var completionLine: Int?

    /// Whether the outcome is unknown (`:info`, or never completed).
    public var isInfo: Bool { completed == nil }

    public init(
        process: Int, function: Function, key: Int32 = 0, value: Int32, newValue: Int32? = nil, invoked: Int, completed: Int?,
        line: Int = 0, completionLine: Int? = nil
    ) {
        self.process = process
        self.function = function
        self.key = key
        self.value = value
        self.newValue = newValue ?? value
        self.invoked = invoked
        self.completed = completed
        self.line = line
        self.completionLine = completionLine
    }
}

/// Interns values (or keys) by their canonical EDN text: the same value, the same id,
/// ids in order of first appearance (so deterministic). Id 0 is always nil.
public struct ValueTable: Sendable, Equatable {
    /// The id of nil: a register's default initial value, and a read that returned nothing.
    public static let nilID: Int32 = 0

    /// Canonical text per id.
    public private(set) var texts: [String] = ["nil"]
    private var ids: [String: Int32] = ["nil": 0]

    public init() {}

    /// The id of `value`, assigning the next one if it is new.
    public mutating func id(_ value: EDNValue) -> Int32 {
        id(canonical: value.canonicalText)
    }

    /// The id of a value given by its canonical text.
    public mutating func id(canonical text: String) -> Int32 {
        if let known = ids[text] { return known }
        let fresh = Int32(texts.count)
        texts.append(text)
        ids[text] = fresh
        return fresh
    }

    /// The canonical text of `id`.
    public func text(_ id: Int32) -> String {
        texts.indices.contains(Int(id)) ? texts[Int(id)] : "?"
    }
}

/// A recorded history, paired and interned, ready to check.
public struct ModelHistory: Sendable, Equatable {
    public var model: HistoryModel
    /// The operations that reached the checker (no failed ones, no non-client ones), in
    /// invocation order.
    public var operations: [ModelOperation]
    public var values = ValueTable()
    public var keys = ValueTable()
    /// Every register's starting value (an id into `values`).
    public var initial: Int32 = ValueTable.nilID
    /// Client events read (invocations and completions of integer processes).
    public var clientEvents = 0
    /// Events of non-client processes (such as `:nemesis`), skipped.
    public var skippedEvents = 0
    /// Operations that completed `:fail`, dropped (they had no effect).
    public var failedOperations = 0

    public init(model: HistoryModel, operations: [ModelOperation] = []) {
        self.model = model
        self.operations = operations
    }

    /// Operations with an unknown outcome.
    public var infoOperations: Int { operations.count { $0.isInfo } }

    /// How `operation` reads for people: `write 3`, `read nil`, `cas [1 2]`, and the key
    /// first in the kv model (`[:x 3]`).
    public func describe(_ operation: ModelOperation) -> String {
        let value: String
        switch operation.function {
        case .read, .write: value = values.text(operation.value)
        case .cas: value = "[\(values.text(operation.value)) \(values.text(operation.newValue))]"
        }
        let argument = model == .kv ? "[\(keys.text(operation.key)) \(value)]" : value
        return "\(operation.function.rawValue) \(argument)"
    }
}
