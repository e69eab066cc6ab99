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
    /// In recorded runs a write's value is the MVCC timestamp it was committed at, unique
    /// per key, so values also order a key's versions.
    public var value: Int64
    /// How the operation was served, which decides the promise it is checked against.
    public var mode: Mode
    /// The staleness a read may show: the bound of an exact or bounded read, or a cache
    /// policy's bound for a cache hit (ns); nil for strong and nearest reads and writes.
    public var bound: Nanoseconds?

    /// How an operation was served.
    public enum Mode: String, Sendable, Equatable {
        /// By the leaseholder (every write, strong reads): linearizable.
        case strong
        /// At a past timestamp, by a replica where it is closed: within `bound`.
        case exact
        /// At a replica's freshest closed timestamp, if within `bound`.
        case bounded
        /// By a replica, whatever it has applied: no promise.
        case nearest
        /// A hit in a cache tier: no older than the cache policy allows (`bound`).
        case cache
    }

    public init(
        client: Int, key: Int, kind: Kind, invoked: Nanoseconds, completed: Nanoseconds?,
        outcome: Outcome, value: Int64, mode: Mode = .strong, bound: Nanoseconds? = nil
    ) {
        self.client = client
        self.key = key
        self.kind = kind
        self.invoked = invoked
        self.completed = completed
        self.outcome = outcome
        self.value = value
        self.mode = mode
        self.bound = bound
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
