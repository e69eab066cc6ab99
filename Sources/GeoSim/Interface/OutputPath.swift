import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Path arithmetic and read-only checks shared by the output checks (`OutputPathCheck`)
/// and the writers of GeoSimIO: splitting and joining paths, whether one path lies inside
/// another, and whether a directory can hold files. Nothing here writes.
public enum OutputPath {
    /// (directory, last component) of `path`; "." for a bare name.
    public static func split(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        let directory = trimmed[..<slash]
        return (directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// `directory/name`.
    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Checks that `path` is a directory files can be written into (`sweep --out DIR`),
    /// or can be created.
    public static func checkFolder(_ path: String) throws(OutputError) {
        guard !path.isEmpty else { throw OutputError(.cannotCreate, path: "''", reason: "the path is empty") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw OutputError(.cannotCreate, path: path, errno: errno) }
            return try checkCreatable(path, shownAs: path)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: path, reason: "is not a directory") }
        guard access(path, W_OK | X_OK) == 0 else { throw OutputError(.cannotCreate, path: path, errno: errno) }
    }

    /// Throws unless `path`'s nearest existing ancestor is a writable directory.
    static func checkCreatable(_ path: String, shownAs shown: String) throws(OutputError) {
        var ancestor = split(path).directory
        var info = stat()
        while stat(ancestor, &info) != 0 {
            guard errno == ENOENT, ancestor != "/", ancestor != "." else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
            ancestor = split(ancestor).directory
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: shown, reason: "\(ancestor) is not a directory") }
        guard access(ancestor, W_OK | X_OK) == 0 else {
            throw OutputError(.cannotCreate, path: shown, reason: "\(OutputError.reason(errno: errno)) (directory \(ancestor))")
        }
    }

    /// Whether `inner` is `outer` or inside it (after following symbolic links, when the
    /// paths exist).
    public static func contains(_ outer: String, _ inner: String) -> Bool {
        // The deepest existing ancestor with its links resolved, then the missing rest.
        func canonical(_ path: String) -> String {
            var existing = URL(fileURLWithPath: path).standardizedFileURL.path
            var rest: [String] = []
            while true {
                if let resolved = realpath(existing, nil) {
                    defer { free(resolved) }
                    return ([String(cString: resolved)] + rest.reversed()).joined(separator: "/")
                }
                let (parent, name) = split(existing)
                guard parent != existing else { return path }
                rest.append(name)
                existing = parent
            }
        }
        let outside = canonical(outer)
        let inside = canonical(inner)
        return inside == outside || inside.hasPrefix(outside.hasSuffix("/") ? outside : outside + "/")
    }
}
