import GeoSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one output file (`--out`, `--html`, sweep and shard files) so that it never
/// lies and never destroys; where the bytes go is `OutputTarget`'s decision:
///
/// - A regular file, or a path that does not exist yet, is written to `.NAME.tmp-HOST-PID` in
///   the same directory, fsync'd, renamed over NAME and the directory fsync'd: a reader
///   (or a crash) sees the old file or the whole new one, never half of it. A replaced
///   file keeps its permission bits.
/// - Anything else that exists (a character device such as /dev/null, a FIFO, a socket)
///   is opened and written through, never replaced by a regular file.
/// - /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name an open descriptor:
///   the bytes go to that descriptor (its offset and append mode are kept).
/// - A symbolic link is followed: the rules apply to its final target, and the link
///   stays a link. A link to nothing (dangling) is refused.
///
/// Every write(2) is checked (EINTR retried); a failure removes the temporary file.
/// Errors are `OutputError`s: cannot-create (exit 73) or I/O (exit 74).
public enum OutputWriter {
    /// Writes `text` as UTF-8 to `path` (see the type's rules).
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` (see the type's rules).
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        switch try OutputTarget.of(path) {
        case .descriptor(let descriptor):
            try writeAll(bytes, to: descriptor, path: path)
        case .through(let resolved):
            let descriptor = open(resolved, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            guard descriptor >= 0 else { throw OutputError(.cannotCreate, path: path, errno: errno) }
            do {
                try writeAll(bytes, to: descriptor, path: path)
            } catch {
                close(descriptor)
                throw error
            }
            guard close(descriptor) == 0 || errno == EINTR else { throw OutputError(.io, path: path, errno: errno) }
        case .replace(let resolved, let mode):
            try replace(resolved, with: bytes, mode: mode, shownAs: path)
        }
    }

    /// Writes several files together (a sweep's rows.jsonl, rows.csv and summary.csv):
    /// every file that is replaced is first written and synced to its temporary file, and
    /// only when all of them are is each renamed into place, so a failed write (a full
    /// disk) leaves all the old files, not a mix of old and new.
    public static func write(_ files: [(path: String, text: String)]) throws(OutputError) {
        var staged: [(temporary: String, path: String, shown: String)] = []
        var direct: [(path: String, text: String)] = []
        do throws(OutputError) {
            for file in files {
                guard case .replace(let resolved, let mode) = try OutputTarget.of(file.path) else {
                    direct.append(file)
                    continue
                }
                staged.append((try stage(resolved, with: Array(file.text.utf8), mode: mode, shownAs: file.path), resolved, file.path))
            }
        } catch {
            for file in staged { unlink(file.temporary) }
            throw error
        }
        for (index, file) in staged.enumerated() {
            do throws(OutputError) {
                try commit(file.temporary, to: file.path, shownAs: file.shown)
            } catch {
                for rest in staged[(index + 1)...] { unlink(rest.temporary) }
                throw error
            }
        }
        for file in direct { try write(file.text, to: file.path) }
    }

    /// Writes `bytes` to `.NAME.tmp-HOST-PID` beside `path`, syncs it and renames it over
    /// `path`, then syncs the directory. On failure the temporary file is removed.
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t?, shownAs shown: String) throws(OutputError) {
        let temporary = try stage(path, with: bytes, mode: mode, shownAs: shown)
        try commit(temporary, to: path, shownAs: shown)
    }

    /// Writes `bytes` to `.NAME.tmp-HOST-PID` beside `path` and syncs it; returns that path.
    /// On failure the temporary file is removed.
    static func stage(_ path: String, with bytes: [UInt8], mode: mode_t?, shownAs shown: String) throws(OutputError) -> String {
        let (directory, name) = OutputPath.split(path)
        let temporary = OutputPath.join(directory, ".\(name).tmp-\(processTag)")
        // A leftover of an earlier process with the same id: ours to replace.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode ?? 0o666)
        guard descriptor >= 0 else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
        do throws(OutputError) {
            // open's mode is cut by the umask; a replaced file keeps exactly its bits.
            if let mode { fchmod(descriptor, mode & 0o7777) }
            try writeAll(bytes, to: descriptor, path: shown)
            guard fsync(descriptor) == 0 else { throw OutputError(.io, path: shown, errno: errno) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 || errno == EINTR else {
            let code = errno
            unlink(temporary)
            throw OutputError(.io, path: shown, errno: code)
        }
        return temporary
    }

    /// Renames a staged temporary file over `path` and syncs the directory; on failure
    /// the temporary file is removed.
    static func commit(_ temporary: String, to path: String, shownAs shown: String) throws(OutputError) {
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw OutputError(.io, path: shown, errno: code)
        }
        syncDirectory(OutputPath.split(path).directory)
    }

    /// `HOST-PID`, the suffix of this process's temporary names: on a shared file system
    /// (Slurm, Kubernetes pods, where PIDs repeat across machines) two processes writing
    /// the same shard never remove each other's temporary file.
    static let processTag: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let safe = String(
            host.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0 == ".") }.prefix(64)
                .map(Character.init))
        return safe.isEmpty ? "\(getpid())" : "\(safe)-\(getpid())"
    }()

    /// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemWrite(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(.io, path: path, errno: errno)
            }
            // write(2) returns 0 only for a zero-length request; never loop on it.
            guard written > 0 else { throw OutputError(.io, path: path, errno: EIO) }
            offset += written
        }
    }

    /// fsync(2) of a directory, so a rename in it survives a crash. Best effort: some
    /// file systems refuse to sync a directory, and the data itself is already synced.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// write(2); at file scope, where `write` is not one of `OutputWriter`'s.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
