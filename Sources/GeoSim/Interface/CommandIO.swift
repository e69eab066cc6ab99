/// The few effects a command needs while it computes, rather than after it (which
/// `CommandResult` carries): a progress line on a terminal during a long sweep, plan or
/// check, and for `bench` a child process per case and a reset of the peak-memory mark.
/// The library calls these; the executable passes the real ones (GeoSimIO's
/// `CommandIO.terminal`); `silent`, the default, has none of them, which is what an
/// in-process caller (a test) gets. Not on the simulator's hot path: closures are fine.
public struct CommandIO: Sendable {
    /// A long job a progress line follows: runs done out of a total, or simulated time.
    public struct ProgressTask: Sendable, Equatable {
        public enum Measure: Sendable, Equatable {
            /// Runs done out of `total` (0: no total known); `atMost`: the total is an
            /// upper bound (a search that may stop early).
            case runs(total: Int, atMost: Bool)
            /// Simulated nanoseconds done out of `total`.
            case simulatedTime(total: Nanoseconds)
        }

        public var label: String
        public var measure: Measure

        public init(label: String, measure: Measure) {
            self.label = label
            self.measure = measure
        }
    }

    /// A progress reporter for `task`, called with what is done (runs, or simulated ns);
    /// nil when nobody is watching.
    public var startProgress: @Sendable (ProgressTask) -> (@Sendable (Int) -> Void)?
    /// Clears the progress line, if there is one.
    public var clearProgress: @Sendable () -> Void
    /// Runs this program again with `arguments` in a child process and returns what it
    /// printed and how it ended, or why it could not start; nil when there is no program
    /// to run (then `bench` measures each case in this process).
    public var runChild: (@Sendable (_ arguments: [String]) -> Result<ChildOutput, LaunchError>)?
    /// Resets the process's peak-memory mark, so that the next reading is the peak of
    /// what runs in between.
    public var resetPeakMemory: @Sendable () -> Void

    /// What a child process printed on stdout, and its exit status.
    public struct ChildOutput: Sendable {
        public var status: Int32
        public var standardOutput: [UInt8]

        public init(status: Int32, standardOutput: [UInt8]) {
            self.status = status
            self.standardOutput = standardOutput
        }
    }

    /// A child process that could not be started: which program, and why.
    public struct LaunchError: Error, Sendable {
        public var program: String
        public var reason: String

        public init(program: String, reason: String) {
            self.program = program
            self.reason = reason
        }
    }

    public init(
        startProgress: @escaping @Sendable (ProgressTask) -> (@Sendable (Int) -> Void)?,
        clearProgress: @escaping @Sendable () -> Void,
        runChild: (@Sendable (_ arguments: [String]) -> Result<ChildOutput, LaunchError>)?,
        resetPeakMemory: @escaping @Sendable () -> Void
    ) {
        self.startProgress = startProgress
        self.clearProgress = clearProgress
        self.runChild = runChild
        self.resetPeakMemory = resetPeakMemory
    }

    /// No progress, no child processes, no memory-mark reset.
    public static let silent = CommandIO(startProgress: { _ in nil }, clearProgress: {}, runChild: nil, resetPeakMemory: {})

    /// A progress reporter for `total` runs labelled `label` (0: no total; `atMost`: the
    /// total is an upper bound), called with the runs done; nil when nobody is watching.
    public func progress(_ label: String, _ total: Int, atMost: Bool = false) -> (@Sendable (Int) -> Void)? {
        startProgress(ProgressTask(label: label, measure: .runs(total: total, atMost: atMost)))
    }
}
