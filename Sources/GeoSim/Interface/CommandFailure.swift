/// Why a command could not do its work, with the exit code CLI.md assigns to it.
public enum CommandFailure: Error, Sendable, CustomStringConvertible {
    /// A command-line mistake: exit 64.
    case usage(UsageError)
    /// A bad input file (topology, scenario): exit 65.
    case input(InputError)
    /// Another environment problem: exit 70.
    case internalError(String)
    /// Stopped by Ctrl-C (SIGINT): exit 130, as shells report a SIGINT death.
    case interrupted
    /// An output that could not be created (exit 73) or written (exit 74).
    case output(OutputError)

    /// The failure an error stands for: a `UsageError` (settings from flags) is a usage
    /// failure, the layers' own errors map as their typed initializers do, a
    /// `CommandFailure` is itself, anything else internal.
    public init(_ error: any Error) {
        switch error {
        case let usage as UsageError: self = .usage(usage)
        case let input as InputError: self = .input(input)
        case let scenario as ScenarioError: self.init(scenario)
        case let planning as PlanningError: self.init(planning)
        case let check as CheckError: self.init(check)
        case let failure as CommandFailure: self = failure
        case let output as OutputError: self = .output(output)
        default: self = .internalError("\(error)")
        }
    }

    /// Settings that make no scenario: a flag's mistake is a usage failure (exit 64), a
    /// file's a bad input (exit 65).
    public init(_ error: ScenarioError) {
        switch error {
        case .usage(let usage): self = .usage(usage)
        case .input(let input): self = .input(input)
        }
    }

    /// A sweep or capacity search that could not run.
    public init(_ error: PlanningError) {
        switch error {
        case .scenario(let scenario): self.init(scenario)
        case .interrupted: self = .interrupted
        }
    }

    /// A check swarm that could not run; a scenario the checkers cannot judge is a usage
    /// failure.
    public init(_ error: CheckError) {
        switch error {
        case .scenario(let scenario): self.init(scenario)
        case .unsupported(let usage): self = .usage(usage)
        case .interrupted: self = .interrupted
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .usage: return ExitCode.usage
        case .input: return ExitCode.badInput
        case .internalError: return ExitCode.internalError
        case .interrupted: return ExitCode.interrupted
        case .output(let error): return error.exitCode
        }
    }

    public var description: String {
        switch self {
        case .usage(let error): return error.description
        case .input(let error): return error.description
        case .internalError(let message): return message
        case .interrupted: return "interrupted"
        case .output(let error): return error.description
        }
    }
}

/// The exit codes of CLI.md.
public enum ExitCode {
    public static let ok: Int32 = 0
    /// The run found a violation or missed an SLO.
    public static let violation: Int32 = 1
    public static let usage: Int32 = 64
    public static let badInput: Int32 = 65
    public static let internalError: Int32 = 70
    /// An output file or directory cannot be created (EX_CANTCREAT).
    public static let cannotCreate: Int32 = 73
    /// Writing an output failed: disk full, file too large, a closed pipe (EX_IOERR).
    public static let ioError: Int32 = 74
    /// Stopped by Ctrl-C.
    public static let interrupted: Int32 = 130
}
