import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at an export path (`--export DIR`), found without writing anything, so that a
/// bad export is refused before a long run and the writer (GeoSimIO's `OutputDirectory`)
/// follows the same rules: DIR may be missing (its parents are created), empty, or a
/// previous geosim export (a directory whose files are all listed in its manifest.json),
/// which is replaced whole. A directory holding anything else is refused (exit 73)
/// rather than deleted. A symbolic link is followed; a link to nothing, or DIR being a
/// file, is refused.
public enum ExportDestination: Equatable, Sendable {
    case missing, empty, previousExport

    /// Checks, without writing anything, that an export can go to `path`.
    public static func check(_ path: String) throws(OutputError) {
        let resolved = try resolve(path)
        if try state(of: resolved, shownAs: path) == .missing {
            try OutputPath.checkCreatable(resolved, shownAs: path)
        } else {
            try checkWritableParent(of: resolved, shownAs: path)
        }
    }

    /// Refuses a file path that would leave the directory (absolute, `..`, empty parts).
    public static func checkRelative(_ path: String, in directory: String) throws(OutputError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !components.contains(".."), !components.contains("."), !components.contains(""), !path.utf8.contains(0) else {
            throw OutputError(.cannotCreate, path: OutputPath.join(directory, path), reason: "the file name leaves the export directory")
        }
    }

    /// `path` with a symbolic link at its end followed.
    public static func resolve(_ path: String) throws(OutputError) -> String {
        guard !path.isEmpty else { throw OutputError(.cannotCreate, path: "''", reason: "the path is empty") }
        guard !path.utf8.contains(0) else { throw OutputError(.cannotCreate, path: path, reason: "the path contains a NUL character") }
        // The directory is replaced by rename(2), which needs a name in a parent.
        let name = OutputPath.split(path).name
        guard name != ".", name != "..", name != "", name != "/" else {
            throw OutputError(
                .cannotCreate, path: path, reason: "an export replaces its directory, so it needs the directory's own name (e.g. --export results/run)")
        }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else {
            throw OutputError(
                .cannotCreate, path: path,
                reason: errno == ENOENT
                    ? "is a symbolic link to a directory that does not exist"
                    : OutputError.reason(errno: errno))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is missing, an empty directory or a previous export; throws for
    /// anything else.
    public static func state(of path: String, shownAs shown: String) throws(OutputError) -> ExportDestination {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw OutputError(.cannotCreate, path: shown, errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: shown, reason: "is not a directory") }
        let top = try entries(of: path, shownAs: shown)
        if top.isEmpty { return .empty }
        let listed = manifestFiles(in: path)
        var folders: Set<String> = []
        for file in listed {
            var parts = file.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        // Only folders the manifest names are entered, so a big unrelated tree is
        // refused at its first entry instead of being walked.
        var pending = top
        while let entry = pending.first {
            pending.removeFirst()
            var entryInfo = stat()
            let isFile = lstat(OutputPath.join(path, entry), &entryInfo) == 0 && entryInfo.st_mode & S_IFMT == S_IFREG
            if listed.contains(entry), isFile { continue }
            guard folders.contains(entry), !isFile else {
                throw OutputError(
                    .cannotCreate, path: shown,
                    reason: "it holds \(entry), which is not part of a geosim export; export to a new or empty directory (a previous export is replaced whole)")
            }
            pending += try entries(of: OutputPath.join(path, entry), shownAs: shown).map { entry + "/" + $0 }
        }
        return .previousExport
    }

    /// The names in `directory`, sorted by their bytes.
    private static func entries(of directory: String, shownAs shown: String) throws(OutputError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw OutputError(.cannotCreate, path: shown, reason: "cannot list \(directory) (permission denied?)")
        }
    }

    /// The files a previous export's manifest.json lists, and manifest.json; empty when
    /// there is no readable manifest.
    static func manifestFiles(in directory: String) -> Set<String> {
        let manifest = OutputPath.join(directory, "manifest.json")
        guard let data = FileManager.default.contents(atPath: manifest), data.count <= InputFile.maximumBytes,
            let text = String(data: data, encoding: .utf8), let root = try? JSONParser.parse(text),
            case .array(let files)? = root["files"]
        else { return [] }
        var paths: Set<String> = ["manifest.json"]
        for file in files {
            if case .string(let path)? = file["path"] { paths.insert(path) }
        }
        return paths
    }

    private static func checkWritableParent(of path: String, shownAs shown: String) throws(OutputError) {
        let parent = OutputPath.split(path).directory
        guard access(parent, W_OK | X_OK) == 0 else {
            throw OutputError(.cannotCreate, path: shown, reason: "\(OutputError.reason(errno: errno)) (directory \(parent))")
        }
    }
}
