import Foundation
import GeoSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes an export directory (`--export DIR`) whole or not at all (what may be at DIR
/// is `ExportDestination`'s rule):
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
    /// Writes `files` (paths relative to the directory) as the directory `path`.
    public static func write(_ files: [ExportFile], to path: String) throws(OutputError) {
        for file in files { try ExportDestination.checkRelative(file.path, in: path) }
        let resolved = try ExportDestination.resolve(path)
        let state = try ExportDestination.state(of: resolved, shownAs: path)
        if state == .missing { try createDirectories(OutputPath.split(resolved).directory, shownAs: path) }
        let (parent, name) = OutputPath.split(resolved)
        let temporary = OutputPath.join(parent, ".\(name).tmp-\(OutputWriter.processTag)")
        removeTree(temporary)
        do throws(OutputError) {
            try fill(temporary, with: files, shownAs: path)
        } catch {
            removeTree(temporary)
            throw error
        }
        if state == .previousExport {
            let old = OutputPath.join(parent, ".\(name).old-\(OutputWriter.processTag)")
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
                folder = OutputPath.join(folder, component)
                if !folders.contains(folder) {
                    guard mkdir(folder, 0o777) == 0 || errno == EEXIST else { throw OutputError(.cannotCreate, path: shown, errno: errno) }
                    folders.append(folder)
                }
            }
            let target = OutputPath.join(directory, file.path)
            let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw OutputError(.cannotCreate, path: OutputPath.join(shown, file.path), errno: errno) }
            do throws(OutputError) {
                try OutputWriter.writeAll(Array(file.contents.utf8), to: descriptor, path: OutputPath.join(shown, file.path))
                guard fsync(descriptor) == 0 else { throw OutputError(.io, path: OutputPath.join(shown, file.path), errno: errno) }
            } catch {
                close(descriptor)
                throw error
            }
            guard close(descriptor) == 0 || errno == EINTR else { throw OutputError(.io, path: OutputPath.join(shown, file.path), errno: errno) }
        }
        for folder in folders.reversed() { OutputWriter.syncDirectory(folder) }
    }

    /// mkdir -p; errors name `shown` (the path the user gave).
    public static func createDirectories(_ path: String, shownAs shown: String) throws(OutputError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.cannotCreate, path: shown, reason: "\(path) is not a directory") }
            return
        }
        let parent = OutputPath.split(path).directory
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
