#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one output file (`--out`, `--html`, sweep and shard files) so that it never
/// lies and never destroys:
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
    /// Where the bytes for a path go.
    enum Target: Equatable {
        /// A path to create or replace through a temporary file; `mode` is the
        /// permission bits of the file replaced, nil for a new file.
        case replace(path: String, mode: mode_t?)
        /// An existing non-regular file, opened and written through.
        case through(path: String)
        /// An open descriptor of this process.
        case descriptor(Int32)
    }

    /// Checks, without writing anything, that `path` can be written: for refusing a bad
    /// `--out` before a long run rather than after it.
    public static func check(_ path: String) throws(OutputError) {
        _ = try target(path)
    }

    /// Writes `text` as UTF-8 to `path` (see the type's rules).
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` (see the type's rules).
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        switch try target(path) {
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
                guard case .replace(let resolved, let mode) = try target(file.path) else {
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
        let (directory, name) = split(path)
        let temporary = join(directory, ".\(name).tmp-\(processTag)")
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
        syncDirectory(split(path).directory)
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

    /// Where `path`'s bytes go, or why they cannot.
    static func target(_ path: String) throws(OutputError) -> Target {
        guard !path.isEmpty else { throw OutputError(.cannotCreate, path: "''", reason: "the path is empty") }
        guard !path.utf8.contains(0) else { throw OutputError(.cannotCreate, path: path, reason: "the path contains a NUL character") }
        if let descriptor = openDescriptor(named: path) {
            guard fcntl(descriptor, F_GETFD) >= 0 else { throw OutputError(.cannotCreate, path: path, errno: EBADF) }
            return .descriptor(descriptor)
        }
        return try target(path, shownAs: path)
    }

    private static func target(_ path: String, shownAs shown: String) throws(OutputError) -> Target {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let code = errno
            guard code == ENOENT else { throw OutputError(.cannotCreate, path: shown, errno: code) }
            try checkCreatable(inDirectoryOf: path, shownAs: shown)
            return .replace(path: path, mode: nil)
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            guard let resolved = realpath(path, nil) else {
                let code = errno
                if code == ENOENT {
                    throw OutputError(.cannotCreate, path: shown, reason: "is a symbolic link to a file that does not exist")
                }
                throw OutputError(.cannotCreate, path: shown, errno: code)
            }
            defer { free(resolved) }
            return try target(String(cString: resolved), shownAs: shown)
        case S_IFDIR:
            throw OutputError(.cannotCreate, path: shown, errno: EISDIR)
        case S_IFREG:
            guard access(path, W_OK) == 0 else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
            try checkCreatable(inDirectoryOf: path, shownAs: shown)
            return .replace(path: path, mode: info.st_mode & 0o7777)
        default:
            return .through(path: path)
        }
    }

    /// Throws unless a new file can be created in `path`'s directory.
    private static func checkCreatable(inDirectoryOf path: String, shownAs shown: String) throws(OutputError) {
        let directory = split(path).directory
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw OutputError(.cannotCreate, path: shown, reason: errno == ENOENT ? "no such directory (\(directory))" : reason(errno, directory))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw OutputError(.cannotCreate, path: shown, reason: "\(directory) is not a directory")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw OutputError(.cannotCreate, path: shown, reason: reason(errno, directory))
        }
    }

    private static func reason(_ code: Int32, _ directory: String) -> String {
        "\(OutputError.reason(errno: code)) (directory \(directory))"
    }

    /// The descriptor `path` names literally (/dev/stdout, /dev/fd/3, /proc/self/fd/3).
    static func openDescriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                let number = path.dropFirst(prefix.count)
                if let descriptor = Int32(number), descriptor >= 0, String(descriptor) == number { return descriptor }
            }
            return nil
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

    /// (directory, last component) of `path`; "." for a bare name.
    static func split(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        let directory = trimmed[..<slash]
        return (directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// `directory/name`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

/// write(2); at file scope, where `write` is not one of `OutputWriter`'s.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
