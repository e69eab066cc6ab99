import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reading side of `sweep` and `merge`: whether a shard file exists, directory
/// listings in a fixed order, and shard files read with a size cap. (The files a sweep
/// writes go out in its `CommandResult`; the executable writes them.)
enum SweepFiles {
    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

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
}
