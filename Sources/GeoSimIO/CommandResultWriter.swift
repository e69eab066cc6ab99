import GeoSim

/// Performs what a `CommandResult` asks to be written, in the order that keeps outputs
/// honest: directories, then the files (all or none, see `OutputWriter`), then the export
/// (whole or not at all, see `OutputDirectory`), then stdout; after a failure nothing
/// more is written, and stdout (which may say what was written) is not.
public enum CommandResultWriter {
    /// Writes the result's directories, files and export. Returns the result unchanged
    /// when they were written, else `failing(with:)` the first error: stdout dropped, the
    /// message added to stderr, the error's exit code (73 or 74).
    public static func writeFiles(_ result: CommandResult) -> CommandResult {
        do throws(OutputError) {
            for directory in result.directories { try OutputDirectory.createDirectories(directory, shownAs: directory) }
            if !result.files.isEmpty { try OutputWriter.write(result.files.map { ($0.path, $0.contents) }) }
            if let export = result.export { try OutputDirectory.write(export.files, to: export.directory) }
        } catch {
            return result.failing(with: error)
        }
        return result
    }

    /// Writes everything: the files (`writeFiles`), then stdout to descriptor 1 (every
    /// write checked: a full disk, `ulimit -f` or a closed pipe is exit 74, never a silent
    /// truncation with exit 0), then stderr to descriptor 2. Returns the exit code.
    public static func perform(_ result: CommandResult) -> Int32 {
        var finished = writeFiles(result)
        do {
            try OutputWriter.writeAll(Array(finished.standardOutput.utf8), to: 1, path: "standard output")
        } catch {
            finished = finished.failing(with: error)
        }
        // A failure to write stderr has nowhere to be reported.
        try? OutputWriter.writeAll(Array(finished.standardError.utf8), to: 2, path: "standard error")
        return finished.exitCode
    }
}
