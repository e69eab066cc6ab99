#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The file-system side of `sweep` and `merge`: whole files written through a temporary
/// file renamed into place (a reader never sees half a file, and a retried shard that
/// races another writes the same bytes), directory listings in a fixed order, and the
/// progress line on a terminal.
enum SweepFiles {
    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Creates `path` (and its parents) if missing.
    static func createDirectory(_ path: String) throws(CommandFailure) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .internalError("cannot create directory \(path): \(error.localizedDescription)")
        }
    }

    /// Writes `text` to `path` via `.NAME.tmp-PID` in the same directory and rename(2).
    static func writeAtomically(_ text: String, to path: String) throws(CommandFailure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .internalError("cannot write \(temporary): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .internalError("cannot rename \(temporary) to \(path): \(reason)")
        }
    }

    /// The names in `directory`, sorted by their UTF-8 bytes.
    static func names(in directory: String) throws(InputError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw InputError(file: directory, location: "directory", message: "cannot list it: \(error.localizedDescription)")
        }
    }

    /// The text of a file.
    static func read(_ path: String) throws(InputError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, location: "file", message: "cannot read it")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, location: "file", message: "not UTF-8 text")
        }
        return text
    }

    /// A progress reporter writing `label: done/total runs` over one stderr line (cleared
    /// when done reaches total), or nil when stderr is not a terminal: then nothing is
    /// written, so logs and pipes stay clean. `total` 0: no total is shown or reached.
    static func progress(label: String, total: Int) -> (@Sendable (Int) -> Void)? {
        guard isatty(2) != 0 else { return nil }
        return { done in
            if total > 0, done >= total {
                writeToStandardError("\r\u{1B}[K")
            } else {
                writeToStandardError("\r\(label): \(done)\(total > 0 ? "/\(total)" : "") runs\u{1B}[K")
            }
        }
    }

    /// Clears the progress line, if stderr is a terminal.
    static func clearProgress() {
        if isatty(2) != 0 { writeToStandardError("\r\u{1B}[K") }
    }

    private static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
