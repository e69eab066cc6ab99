/// Why a command could not do its work, with the exit code CLI.md assigns to it.
public enum CommandFailure: Error, Sendable, CustomStringConvertible {
    /// A command-line mistake: exit 64.
    case usage(UsageError)
    /// A bad input file (topology, scenario): exit 65.
    case input(InputError)
    /// A file that could not be written, or another environment problem: exit 70.
    case internalError(String)
    /// Stopped by Ctrl-C (SIGINT): exit 130, as shells report a SIGINT death.
    case interrupted

    /// The failure an error thrown while building a scenario stands for: a `UsageError`
    /// (settings from flags) is a usage failure, a `CommandFailure` itself, anything else
    /// internal.
    public init(_ error: any Error) {
        switch error {
        case let usage as UsageError: self = .usage(usage)
        case let failure as CommandFailure: self = failure
        default: self = .internalError("\(error)")
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .usage: return ExitCode.usage
        case .input: return ExitCode.badInput
        case .internalError: return ExitCode.internalError
        case .interrupted: return ExitCode.interrupted
        }
    }

    public var description: String {
        switch self {
        case .usage(let error): return error.description
        case .input(let error): return error.description
        case .internalError(let message): return message
        case .interrupted: return "interrupted"
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
    /// Stopped by Ctrl-C.
    public static let interrupted: Int32 = 130
}
