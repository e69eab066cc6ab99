/// One event of a recorded history as a file gives it: a process invoking an operation,
/// or learning its outcome. Jepsen's `{:type :invoke, :f :write, :value 3, :process 0}`.
public struct HistoryEvent: Sendable, Equatable {
    /// Jepsen's `:type`.
    public enum Kind: String, Sendable {
        case invoke
        /// Completed: it took effect between invocation and completion.
        case ok
        /// Known not to have taken effect.
        case fail
        /// Unknown outcome: it may take effect any time after invocation, or never.
        case info
    }

    public var kind: Kind
    /// The client process (Jepsen's `:process`, an integer).
    public var process: Int
    public var function: ModelOperation.Function
    /// `:value`: nil when absent.
    public var value: EDNValue
    /// Where the event starts in the file.
    public var at: EDNPosition

    public init(kind: Kind, process: Int, function: ModelOperation.Function, value: EDNValue, at: EDNPosition) {
        self.kind = kind
        self.process = process
        self.function = function
        self.value = value
        self.at = at
    }
}
