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
