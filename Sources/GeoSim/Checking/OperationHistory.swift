/// One client operation on a key-value register, as the client saw it: when it was
/// invoked, when (and whether) it completed, and the value it wrote or read.
public struct HistoryOperation: Sendable, Equatable {
    /// Whether the operation reads or writes its key.
    public enum Kind: Sendable, Equatable {
        case read
        case write
    }

    /// What the client learned about the operation.
    public enum Outcome: Sendable, Equatable {
        /// Completed and acknowledged: it took effect between `invoked` and `completed`.
        case ok
        /// Known not to have taken effect (rejected, aborted): the checker ignores it.
        case failed
        /// Timed out or lost: a write may take effect at any time after `invoked`, or
        /// never; a read carries no information.
        case unknown
    }

    /// The client (session) that issued the operation.
    public var client: Int
    /// The key operated on.
    public var key: Int
    public var kind: Kind
    /// Simulated time the client issued the operation, in nanoseconds.
    public var invoked: Nanoseconds
    /// Simulated time the client received the response, in nanoseconds; `nil` when the
    /// outcome is unknown (no response). A completion earlier than `invoked` is treated
    /// as `invoked`.
    public var completed: Nanoseconds?
    public var outcome: Outcome
    /// The value written, or the value a read returned (0 = the register's initial value).
    public var value: Int64

    public init(client: Int, key: Int, kind: Kind, invoked: Nanoseconds, completed: Nanoseconds?,
                outcome: Outcome, value: Int64) {
        self.client = client
        self.key = key
        self.kind = kind
        self.invoked = invoked
        self.completed = completed
        self.outcome = outcome
        self.value = value
    }
}

/// Every operation of a run, in any order (typically the order they were recorded).
public struct OperationHistory: Sendable, Equatable {
    public var operations: [HistoryOperation]

    public init(operations: [HistoryOperation] = []) {
        self.operations = operations
    }

    /// Records one more operation.
    public mutating func append(_ operation: HistoryOperation) {
        operations.append(operation)
    }

    /// The operations grouped by key, keys ascending; within a key, operations keep their
    /// order in `operations`.
    public func byKey() -> [(key: Int, operations: [HistoryOperation])] {
        var slots: [Int: Int] = [:]
        var groups: [(key: Int, operations: [HistoryOperation])] = []
        for operation in operations {
            if let slot = slots[operation.key] {
                groups[slot].operations.append(operation)
            } else {
                slots[operation.key] = groups.count
                groups.append((operation.key, [operation]))
            }
        }
        groups.sort { $0.key < $1.key }
        return groups
    }
}
