/// What a command produced: text for stdout and stderr, the files and directories to
/// write, and the exit code. The library computes it; the executable (through GeoSimIO)
/// performs the I/O: directories first, then the files (all or none), then the export,
/// then stdout and stderr.
public struct CommandResult: Sendable, Equatable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: Int32
    /// Directories to create, with their parents, before the files are written (`sweep
    /// --out DIR`).
    public var directories: [String]
    /// Files the command wants written (`--out`, `--html`, a sweep's rows.jsonl, rows.csv
    /// and summary.csv, a shard file), with their contents: all of them or, when one
    /// fails, none (each replaced through a temporary file renamed into place).
    public var files: [OutputFile]
    /// A directory of files the command wants written (`--export`, `report --html`).
    public var export: ExportOutput?

    /// One file to write: its path as the user gave it (or built from a `--out DIR`) and
    /// its text.
    public struct OutputFile: Sendable, Equatable {
        public var path: String
        public var contents: String

        public init(path: String, contents: String) {
            self.path = path
            self.contents = contents
        }
    }

    /// Files to write under `directory` (created if missing), each at its relative path.
    public struct ExportOutput: Sendable, Equatable {
        public var directory: String
        public var files: [ExportFile]
    }

    public init(
        standardOutput: String = "", standardError: String = "", exitCode: Int32 = ExitCode.ok, directories: [String] = [],
        files: [OutputFile] = [], export: ExportOutput? = nil
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
        self.directories = directories
        self.files = files
        self.export = export
    }

    /// The result of a failed command: its message on stderr and its exit code.
    public static func failure(_ failure: CommandFailure) -> CommandResult {
        var text = "geosim: "
        switch failure {
        case .usage(let error):
            text += error.message + "\n"
            if let hint = error.hint { text += hint + "\n" }
        case .input(let error):
            text += error.description + "\n"
        case .internalError(let message):
            text += message.messageSafe + "\n"
        case .interrupted:
            text += "interrupted; nothing was written\n"
        case .output(let error):
            text += error.description + "\n"
        }
        return CommandResult(standardError: text, exitCode: failure.exitCode)
    }

    /// The result after writing an output failed with `error`: stdout is dropped (it may
    /// say what was written), the error follows what stderr already had, and the exit
    /// code is the error's.
    public func failing(with error: OutputError) -> CommandResult {
        var result = self
        result.standardOutput = ""
        // The path in the message is the user's: escaped and shortened like every error.
        result.standardError += "geosim: \(error.description)".messageSafe + "\n"
        result.exitCode = error.exitCode
        return result
    }
}
