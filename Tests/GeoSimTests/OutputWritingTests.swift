import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// Issue 15, output that must not lie or destroy: the file writer, the export directory
/// writer and the output-path checks, driven in-process on temporary directories.
@Suite struct OutputWritingTests {
    static let run = ["--topology", "us-east", "--duration", "1s"]

    /// A fresh directory, removed by the caller.
    static func directory(_ name: String) throws -> String {
        try SweepTests.temporaryDirectory("output-\(name)")
    }

    static func names(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }

    @Test func aMissingDirectoryIsExit73InPlainWords() throws {
        let directory = try Self.directory("missing")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/absent/report.txt"
        let error = try #require(throws: OutputError.self) { try OutputWriter.write("x", to: path) }
        #expect(error.kind == .cannotCreate)
        #expect(error.reason.contains("no such directory"))
        for words in [Self.run + ["--out", path], ["report", "--html", path] + Self.run] {
            let result = CommandLineInterface.main(words)
            #expect(result.exitCode == 73, "\(words)")
            #expect(result.standardError.contains(path))
            #expect(result.standardError.contains("no such directory"))
            #expect(!result.standardError.contains("NSCocoaErrorDomain"))
            #expect(result.files.isEmpty)
        }
    }

    @Test func aDirectoryInTheWayIsExit73() throws {
        let directory = try Self.directory("isdir")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CommandLineInterface.main(Self.run + ["--out", directory])
        #expect(result.exitCode == 73)
        #expect(result.standardError.contains("\(directory): is a directory"))
        let file = directory + "/file"
        try "kept".write(toFile: file, atomically: false, encoding: .utf8)
        let export = CommandLineInterface.main(Self.run + ["--export", file])
        #expect(export.exitCode == 73)
        #expect(export.standardError.contains("is not a directory"))
        let sweep = SweepTests.sweep(SweepTests.words + ["--out", file], environment: [:])
        #expect(sweep.exitCode == 73)
        #expect(Self.text(file) == "kept")
    }

    @Test func emptyOutputPathsAreUsageErrors() {
        let cases: [[String]] = [
            Self.run + ["--out", ""], Self.run + ["--export", ""], ["report", "--html", ""] + Self.run,
            ["report", "--export", ""] + Self.run, ["sweep"] + SweepTests.words + ["--out", ""],
            ["sweep"] + SweepTests.words + ["--export", ""], ["merge", "somewhere", "--export", ""],
            ["check", "--topology", "us-east", "--seeds", "1", "--export", ""],
        ]
        for words in cases {
            let result = CommandLineInterface.main(words)
            #expect(result.exitCode == 64, "\(words): \(result.standardError)")
            #expect(result.standardError.contains("needs a path"), "\(words)")
        }
    }

    @Test(.enabled(if: getuid() != 0, "root may write anywhere"))
    func aReadOnlyDirectoryIsPermissionDenied() throws {
        let directory = try Self.directory("readonly")
        defer {
            chmod(directory, 0o755)
            try? FileManager.default.removeItem(atPath: directory)
        }
        chmod(directory, 0o555)
        let result = CommandLineInterface.main(Self.run + ["--out", directory + "/r.txt"])
        #expect(result.exitCode == 73)
        #expect(result.standardError.contains("permission denied"))
    }

    /// Makes a character device node (Linux's null 1:3, full 1:7) at `path`. The tests
    /// use their own nodes, never /dev/null itself: a regression would replace the
    /// machine's /dev/null with a regular file (run as root, the old writer did).
    static func makeDevice(_ path: String, minor: UInt32) -> Bool {
        // dev_t of major 1 (Linux's memory devices): Glibc's makedev for small numbers.
        #if os(Linux)
            return mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | minor)) == 0
        #else
            return false
        #endif
    }

    /// Whether this process may make device nodes (root, or CAP_MKNOD, on Linux).
    static let canMakeDevices: Bool = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-mknod-\(getpid())").path
        defer { unlink(path) }
        guard makeDevice(path, minor: 3) else { return false }
        let descriptor = open(path, O_WRONLY)
        defer { if descriptor >= 0 { close(descriptor) } }
        return descriptor >= 0
    }()

    @Test(.enabled(if: canMakeDevices, "needs mknod (root or CAP_MKNOD) and a /tmp without nodev"))
    func aDeviceIsWrittenThroughNotReplaced() throws {
        let directory = try Self.directory("device")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let null = directory + "/null"
        let full = directory + "/full"
        #expect(Self.makeDevice(null, minor: 3))
        #expect(Self.makeDevice(full, minor: 7))
        try OutputWriter.write("a report\n", to: null)
        #expect(Self.fileType(null) == S_IFCHR)
        let error = try #require(throws: OutputError.self) { try OutputWriter.write("a report\n", to: full) }
        #expect(error.kind == .io)
        #expect(error.reason == "no space left on device")
        #expect(Self.fileType(full) == S_IFCHR)
        #expect(try Self.names(directory) == ["full", "null"])
    }

    @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
        let directory = try Self.directory("symlink")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/target.txt"
        let link = directory + "/link.txt"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.txt")
        try OutputWriter.write("new", to: link)
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(Self.text(target) == "new")
        #expect(try Self.names(directory) == ["link.txt", "target.txt"])

        let dangling = directory + "/dangling.txt"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere.txt")
        let error = try #require(throws: OutputError.self) { try OutputWriter.write("x", to: dangling) }
        #expect(error.kind == .cannotCreate)
        #expect(error.reason.contains("symbolic link"))
        #expect(Self.fileType(dangling) == S_IFLNK)
        #expect(!FileManager.default.fileExists(atPath: directory + "/nowhere.txt"))
    }

    @Test func aFIFOIsWrittenThrough() throws {
        let directory = try Self.directory("fifo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = LockedBox()
        let reader = Thread {
            received.set(FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data())
        }
        reader.start()
        try OutputWriter.write("through the pipe\n", to: fifo)
        while received.get() == nil { usleep(1000) }
        #expect(received.get() == Data("through the pipe\n".utf8))
        #expect(Self.fileType(fifo) == S_IFIFO)
    }

    @Test func aDescriptorPathWritesToTheDescriptor() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        try OutputWriter.write("to fd\n", to: "/dev/fd/\(ends[1])")
        close(ends[1])
        let data = FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).readDataToEndOfFile()
        #expect(String(data: data, encoding: .utf8) == "to fd\n")
    }

    @Test func aReplacedFileKeepsItsModeAndNoTemporaryFileIsLeft() throws {
        let directory = try Self.directory("replace")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.txt"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o640)
        try OutputWriter.write("new", to: path)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o640)
        #expect(Self.text(path) == "new")
        #expect(try Self.names(directory) == ["out.txt"])
    }

    @Test func filesWrittenTogetherAreAllOrNone() throws {
        let directory = try Self.directory("together")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "old a".write(toFile: directory + "/a", atomically: false, encoding: .utf8)
        // The second cannot be created after the first is staged: the first stays old.
        #expect(throws: OutputError.self) {
            try OutputWriter.write([(directory + "/a", "new a"), (directory + "/missing/b", "new b")])
        }
        #expect(Self.text(directory + "/a") == "old a")
        #expect(try Self.names(directory) == ["a"])
        try OutputWriter.write([(directory + "/a", "new a"), (directory + "/b", "new b")])
        #expect(Self.text(directory + "/a") == "new a")
        #expect(Self.text(directory + "/b") == "new b")
        #expect(try Self.names(directory) == ["a", "b"])
    }

    @Test func errnoValuesReadAsPlainWords() {
        #expect(OutputError.reason(errno: ENOENT) == "no such directory")
        #expect(OutputError.reason(errno: EISDIR) == "is a directory")
        #expect(OutputError.reason(errno: EACCES) == "permission denied")
        #expect(OutputError.reason(errno: ENOSPC) == "no space left on device")
        #expect(OutputError.reason(errno: EFBIG).hasPrefix("file too large"))
        #expect(CommandFailure.output(OutputError(.cannotCreate, path: "p", reason: "r")).exitCode == 73)
        #expect(CommandFailure.output(OutputError(.io, path: "p", reason: "r")).exitCode == 74)
    }
}

/// A value handed from one thread to another.
final class LockedBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Data?
    func set(_ data: Data) {
        lock.lock()
        value = data
        lock.unlock()
    }
    func get() -> Data? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
