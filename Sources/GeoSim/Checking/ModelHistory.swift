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
