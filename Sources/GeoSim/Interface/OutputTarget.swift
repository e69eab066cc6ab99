#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the bytes for an output file (`--out`, `--html`, sweep and shard files) go, found
/// without writing anything (stat, access, realpath), so a bad path is refused before a
/// long run and the writer (GeoSimIO's `OutputWriter`) follows the same rules:
///
/// - A regular file, or a path that does not exist yet, is replaced through a temporary
///   file (`replace`); a replaced file keeps its permission bits.
/// - Anything else that exists (a character device such as /dev/null, a FIFO, a socket)
///   is written through (`through`), never replaced by a regular file.
/// - /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name an open descriptor.
/// - A symbolic link is followed: the rules apply to its final target, and the link
///   stays a link. A link to nothing (dangling) is refused.
///
/// Errors are `OutputError`s: cannot-create (exit 73).
public enum OutputTarget: Equatable, Sendable {
    /// A path to create or replace through a temporary file; `mode` is the permission
    /// bits of the file replaced, nil for a new file.
    case replace(path: String, mode: mode_t?)
    /// An existing non-regular file, opened and written through.
    case through(path: String)
    /// An open descriptor of this process.
    case descriptor(Int32)

    /// Checks, without writing anything, that `path` can be written: for refusing a bad
    /// `--out` before a long run rather than after it.
    public static func check(_ path: String) throws(OutputError) {
        _ = try of(path)
    }

    /// Where `path`'s bytes go, or why they cannot.
    public static func of(_ path: String) throws(OutputError) -> OutputTarget {
        guard !path.isEmpty else { throw OutputError(.cannotCreate, path: "''", reason: "the path is empty") }
        guard !path.utf8.contains(0) else { throw OutputError(.cannotCreate, path: path, reason: "the path contains a NUL character") }
        if let descriptor = openDescriptor(named: path) {
            guard fcntl(descriptor, F_GETFD) >= 0 else { throw OutputError(.cannotCreate, path: path, errno: EBADF) }
            return .descriptor(descriptor)
        }
        return try of(path, shownAs: path)
    }

    private static func of(_ path: String, shownAs shown: String) throws(OutputError) -> OutputTarget {
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
            return try of(String(cString: resolved), shownAs: shown)
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
        let directory = OutputPath.split(path).directory
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
    public static func openDescriptor(named path: String) -> Int32? {
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
}
