/// What a command produced: text for stdout and stderr, an optional file to write, and
/// the exit code. The library computes it; the executable only performs the I/O.
public struct CommandResult: Sendable, Equatable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: Int32
    /// A file the command wants written (`--out`), with its contents.
    public var file: OutputFile?
    /// A directory of files the command wants written (`--export`, `report --html`).
    public var export: ExportOutput?

    public struct OutputFile: Sendable, Equatable {
        public var path: String
        public var contents: String
    }

    /// Files to write under `directory` (created if missing), each at its relative path.
    public struct ExportOutput: Sendable, Equatable {
        public var directory: String
        public var files: [ExportFile]
    }

    public init(
        standardOutput: String = "", standardError: String = "", exitCode: Int32 = ExitCode.ok, file: OutputFile? = nil,
        export: ExportOutput? = nil
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
        self.file = file
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
}
