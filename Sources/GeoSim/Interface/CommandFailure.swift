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

    /// The failure an error thrown while building a scenario stands for: a `UsageError`
    /// (settings from flags) is a usage failure, a `CommandFailure` itself, anything else
    /// internal.
    public init(_ error: any Error) {
        switch error {
        case let usage as UsageError: self = .usage(usage)
        case let failure as CommandFailure: self = failure
        case let output as OutputError: self = .output(output)
        default: self = .internalError("\(error)")
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
