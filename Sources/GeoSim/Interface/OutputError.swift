#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output the tool could not write, with the path and the reason in plain words.
/// Cannot-create (the path cannot be opened or created: missing directory, a directory
/// in the way, no permission) exits 73; an I/O error while writing, syncing or renaming
/// (disk full, file too large, a closed pipe) exits 74.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// EX_CANTCREAT (73): the output could not be created or opened.
        case cannotCreate
        /// EX_IOERR (74): writing, flushing, syncing or renaming it failed.
        case io
    }

    public var kind: Kind
    /// The output path as the user gave it (or "standard output").
    public var path: String
    /// Why, in plain words ("no such directory", "permission denied").
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    /// The error for `errno` value `code`.
    public init(_ kind: Kind, path: String, errno code: Int32) {
        self.init(kind, path: path, reason: Self.reason(errno: code))
    }

    public var exitCode: Int32 { kind == .cannotCreate ? ExitCode.cannotCreate : ExitCode.ioError }

    public var description: String {
        switch kind {
        case .cannotCreate: return "cannot create \(path): \(reason)"
        case .io: return "cannot write \(path): \(reason)"
        }
    }

    /// `errno` in plain words; strerror's text for the rare ones.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such directory"
        case ENOTDIR: return "a part of the path is not a directory"
        case EISDIR: return "is a directory"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "read-only file system"
        case ENOSPC: return "no space left on device"
        case EDQUOT: return "disk quota exceeded"
        case EFBIG: return "file too large (over the file size limit)"
        case EIO: return "input/output error"
        case EPIPE: return "broken pipe (the reader went away)"
        case ENAMETOOLONG: return "file name too long"
        case ELOOP: return "too many levels of symbolic links"
        case EBADF: return "not an open file descriptor"
        case ENXIO: return "no such device (or a FIFO with no reader)"
        default: return String(cString: strerror(code))
        }
    }
}
