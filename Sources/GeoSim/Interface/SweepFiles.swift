import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file-system side of `sweep` and `merge`: whole files written through a temporary
/// file renamed into place (a reader never sees half a file, and a retried shard that
/// races another writes the same bytes), directory listings in a fixed order, and the
/// progress line on a terminal.
enum SweepFiles {
    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Creates `path` (and its parents) if missing.
    static func createDirectory(_ path: String) throws(CommandFailure) {
        do { try OutputDirectory.createDirectories(path, shownAs: path) } catch { throw .output(error) }
    }

    /// Writes `text` to `path` via `.NAME.tmp-HOST-PID` in the same directory, fsync and
    /// rename(2) (see `OutputWriter`); a failure leaves no temporary file.
    static func writeAtomically(_ text: String, to path: String) throws(CommandFailure) {
        do { try OutputWriter.write(text, to: path) } catch { throw .output(error) }
    }

    /// Writes several files all or none (see `OutputWriter.write(_:)`).
    static func writeTogether(_ files: [(path: String, text: String)]) throws(CommandFailure) {
        do { try OutputWriter.write(files) } catch { throw .output(error) }
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

    /// The largest shard file read: 4 GiB, above any sweep's (10 million rows of a few
    /// hundred bytes); a bigger or endless file (a FIFO, /dev/zero) is refused.
    static let maximumShardBytes = 4 << 30

    /// The text of a regular file of at most `limit` bytes. Anything else (a FIFO, a
    /// device such as /dev/zero, a directory) is refused before reading, so an endless
    /// stream cannot fill memory up to the limit.
    static func read(_ path: String, limit: Int = maximumShardBytes) throws(InputError) -> String {
        // Checked before open(2) too, which blocks on a FIFO with no writer.
        var before = stat()
        if stat(path, &before) == 0, before.st_mode & S_IFMT != S_IFREG {
            throw InputError(file: path, location: "file", message: "not a regular file; a shard file is one")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, location: "file", message: "cannot read it")
        }
        defer { try? handle.close() }
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw InputError(file: path, location: "file", message: "not a regular file; a shard file is one")
        }
        guard info.st_size <= limit else {
            throw InputError(
                file: path, location: "file",
                message:
                    "\(info.st_size) bytes, larger than \(limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"), more than any sweep writes; is it a shard file?"
            )
        }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw InputError(file: path, location: "file", message: "cannot read it: \(error.localizedDescription)")
        }
        guard data.count <= limit else {
            throw InputError(
                file: path, location: "file",
                message: "larger than \(limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"), more than any sweep writes; is it a shard file?")
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
        // Progress only: a failed write (a closed terminal) must not stop the sweep.
        try? OutputWriter.writeAll(Array(text.utf8), to: 2, path: "standard error")
    }
}
