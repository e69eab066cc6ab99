import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes an export directory (`--export DIR`) whole or not at all:
///
/// - The files go into `.NAME.tmp-HOST-PID` beside DIR (each fsync'd), which then takes DIR's
///   place by rename(2). A previous export in DIR is renamed aside first and removed only
///   once the new one is in place, so a failed export leaves the previous one whole,
///   never a mix of two.
/// - DIR may be missing (its parents are created), empty, or a previous geosim export:
///   a directory whose files are all listed in its manifest.json. A directory holding
///   anything else is refused (exit 73) rather than deleted.
/// - A symbolic link is followed; the export replaces its target directory and the link
///   stays. A link to nothing, or DIR being a file, is refused.
public enum OutputDirectory {
    /// What is at the export path now.
    enum State: Equatable {
        case missing, empty, previousExport
    }

    /// Checks, without writing anything, that an export can go to `path`.
    public static func check(_ path: String) throws(OutputError) {
        let resolved = try resolve(path)
        if try state(of: resolved, shownAs: path) == .missing {
            try checkCreatable(resolved, shownAs: path)
        } else {
            try checkWritableParent(of: resolved, shownAs: path)
        }
    }

    /// Checks that `path` is a directory files can be written into, or can be created.
    static func checkFolder(_ path: String) throws(OutputError) {
        guard !path.isEmpty else { throw OutputError(.cannotCreate, path: "''", reason: "the path is empty") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw OutputError(.cannotCreate, path: path, errno: errno) }
            return try checkCreatable(path, shownAs: path)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: path, reason: "is not a directory") }
        guard access(path, W_OK | X_OK) == 0 else { throw OutputError(.cannotCreate, path: path, errno: errno) }
    }

    /// Writes `files` (paths relative to the directory) as the directory `path`.
    public static func write(_ files: [ExportFile], to path: String) throws(OutputError) {
        for file in files { try checkRelative(file.path, in: path) }
        let resolved = try resolve(path)
        let state = try state(of: resolved, shownAs: path)
        if state == .missing { try createDirectories(OutputWriter.split(resolved).directory, shownAs: path) }
        let (parent, name) = OutputWriter.split(resolved)
        let temporary = OutputWriter.join(parent, ".\(name).tmp-\(OutputWriter.processTag)")
        removeTree(temporary)
        do throws(OutputError) {
            try fill(temporary, with: files, shownAs: path)
        } catch {
            removeTree(temporary)
            throw error
        }
        if state == .previousExport {
            let old = OutputWriter.join(parent, ".\(name).old-\(OutputWriter.processTag)")
            removeTree(old)
            guard rename(resolved, old) == 0 else {
                let code = errno
                removeTree(temporary)
                throw OutputError(.io, path: path, errno: code)
            }
            guard rename(temporary, resolved) == 0 else {
                let code = errno
                rename(old, resolved)
                removeTree(temporary)
                throw OutputError(.io, path: path, errno: code)
            }
            OutputWriter.syncDirectory(parent)
            removeTree(old)
        } else {
            // rename(2) replaces an empty directory in one step.
            guard rename(temporary, resolved) == 0 else {
                let code = errno
                removeTree(temporary)
                throw OutputError(
                    code == ENOTEMPTY || code == EEXIST ? .cannotCreate : .io, path: path,
                    reason: code == ENOTEMPTY || code == EEXIST ? "the directory was filled while exporting" : OutputError.reason(errno: code))
            }
        }
        OutputWriter.syncDirectory(parent)
    }

    /// Creates `directory` and writes every file into it, syncing files and folders.
    private static func fill(_ directory: String, with files: [ExportFile], shownAs shown: String) throws(OutputError) {
        guard mkdir(directory, 0o777) == 0 else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
        var folders: [String] = [directory]
        for file in files {
            let components = file.path.split(separator: "/").map(String.init)
            var folder = directory
            for component in components.dropLast() {
                folder = OutputWriter.join(folder, component)
                if !folders.contains(folder) {
                    guard mkdir(folder, 0o777) == 0 || errno == EEXIST else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
                    folders.append(folder)
                }
            }
            let target = OutputWriter.join(directory, file.path)
            let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw OutputError(.cannotCreate, path: OutputWriter.join(shown, file.path), errno: errno) }
            do throws(OutputError) {
                try OutputWriter.writeAll(Array(file.contents.utf8), to: descriptor, path: OutputWriter.join(shown, file.path))
                guard fsync(descriptor) == 0 else { throw OutputError(.io, path: OutputWriter.join(shown, file.path), errno: errno) }
            } catch {
                close(descriptor)
                throw error
            }
            guard close(descriptor) == 0 || errno == EINTR else { throw OutputError(.io, path: OutputWriter.join(shown, file.path), errno: errno) }
        }
        for folder in folders.reversed() { OutputWriter.syncDirectory(folder) }
    }

    /// Refuses a file path that would leave the directory (absolute, `..`, empty parts).
    static func checkRelative(_ path: String, in directory: String) throws(OutputError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !components.contains(".."), !components.contains("."), !components.contains(""), !path.utf8.contains(0) else {
            throw OutputError(.cannotCreate, path: OutputWriter.join(directory, path), reason: "the file name leaves the export directory")
        }
    }

    /// `path` with a symbolic link at its end followed.
    static func resolve(_ path: String) throws(OutputError) -> String {
        guard !path.isEmpty else { throw OutputError(.cannotCreate, path: "''", reason: "the path is empty") }
        guard !path.utf8.contains(0) else { throw OutputError(.cannotCreate, path: path, reason: "the path contains a NUL character") }
        // The directory is replaced by rename(2), which needs a name in a parent.
        let name = OutputWriter.split(path).name
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
    static func state(of path: String, shownAs shown: String) throws(OutputError) -> State {
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
            let isFile = lstat(OutputWriter.join(path, entry), &entryInfo) == 0 && entryInfo.st_mode & S_IFMT == S_IFREG
            if listed.contains(entry), isFile { continue }
            guard folders.contains(entry), !isFile else {
                throw OutputError(
                    .cannotCreate, path: shown,
                    reason: "it holds \(entry), which is not part of a geosim export; export to a new or empty directory (a previous export is replaced whole)")
            }
            pending += try entries(of: OutputWriter.join(path, entry), shownAs: shown).map { entry + "/" + $0 }
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
        let manifest = OutputWriter.join(directory, "manifest.json")
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

    /// Throws unless `path`'s nearest existing ancestor is a writable directory.
    private static func checkCreatable(_ path: String, shownAs shown: String) throws(OutputError) {
        var ancestor = OutputWriter.split(path).directory
        var info = stat()
        while stat(ancestor, &info) != 0 {
            guard errno == ENOENT, ancestor != "/", ancestor != "." else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
            ancestor = OutputWriter.split(ancestor).directory
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: shown, reason: "\(ancestor) is not a directory") }
        guard access(ancestor, W_OK | X_OK) == 0 else {
            throw OutputError(.cannotCreate, path: shown, reason: "\(OutputError.reason(errno: errno)) (directory \(ancestor))")
        }
    }

    private static func checkWritableParent(of path: String, shownAs shown: String) throws(OutputError) {
        let parent = OutputWriter.split(path).directory
        guard access(parent, W_OK | X_OK) == 0 else {
            throw OutputError(.cannotCreate, path: shown, reason: "\(OutputError.reason(errno: errno)) (directory \(parent))")
        }
    }

    /// Whether `inner` is `outer` or inside it (after following symbolic links, when the
    /// paths exist).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        // The deepest existing ancestor with its links resolved, then the missing rest.
        func canonical(_ path: String) -> String {
            var existing = URL(fileURLWithPath: path).standardizedFileURL.path
            var rest: [String] = []
            while true {
                if let resolved = realpath(existing, nil) {
                    defer { free(resolved) }
                    return ([String(cString: resolved)] + rest.reversed()).joined(separator: "/")
                }
                let (parent, name) = OutputWriter.split(existing)
                guard parent != existing else { return path }
                rest.append(name)
                existing = parent
            }
        }
        let outside = canonical(outer)
        let inside = canonical(inner)
        return inside == outside || inside.hasPrefix(outside.hasSuffix("/") ? outside : outside + "/")
    }

    /// mkdir -p; errors name `shown` (the path the user gave).
    public static func createDirectories(_ path: String, shownAs shown: String) throws(OutputError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: shown, reason: "\(path) is not a directory") }
            return
        }
        let parent = OutputWriter.split(path).directory
        if parent != path { try createDirectories(parent, shownAs: shown) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            let reason = errno == ENOENT ? "no such directory" : OutputError.reason(errno: errno)
            throw OutputError(.cannotCreate, path: shown, reason: path == shown ? reason : "\(reason) (creating \(path))")
        }
    }

    /// Removes a tree this process made (a temporary or set-aside export); best effort.
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
