import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// Issue 15: an export is replaced whole or not at all, a torn shard file is redone, and
/// shard files are read with a size cap.
@Suite struct ExportWritingTests {
    /// An export of `files` (plus its manifest listing them).
    static func export(_ files: [String: String]) -> [ExportFile] {
        let names = files.keys.sorted()
        let listed = (names + ["manifest.json"]).map { "{\"path\": \"\($0)\"}" }.joined(separator: ", ")
        return names.map { ExportFile(path: $0, contents: files[$0] ?? "") }
            + [ExportFile(path: "manifest.json", contents: "{\"files\": [\(listed)]}\n")]
    }

    /// Every file under `directory`, with its text.
    static func tree(_ directory: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: directory) {
            var isDirectory: ObjCBool = false
            let full = directory + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = OutputWritingTests.text(full)
            }
        }
        return result
    }

    @Test func aFailedReExportLeavesThePreviousExportWhole() throws {
        let parent = try OutputWritingTests.directory("reexport")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/export"
        let first = Self.export(["a.csv": "1\n", "charts/a.svg": "<svg/>"])
        try OutputDirectory.write(first, to: target)
        let before = try Self.tree(target)
        #expect(before.count == 3)
        // "x" as a file and as a folder: the second file cannot be created half-way through.
        let broken = Self.export(["a.csv": "2\n", "x": "file", "x/y.csv": "inside"])
        #expect(throws: OutputError.self) { try OutputDirectory.write(broken, to: target) }
        #expect(try Self.tree(target) == before)
        #expect(try OutputWritingTests.names(parent) == ["export"])

        // A successful one replaces it whole: files the new export lacks are gone.
        let second = Self.export(["b.csv": "3\n"])
        try OutputDirectory.write(second, to: target)
        #expect(try Self.tree(target) == Dictionary(uniqueKeysWithValues: second.map { ($0.path, $0.contents) }))
        #expect(try OutputWritingTests.names(parent) == ["export"])
    }

    @Test func anExportNeverDeletesFilesItDidNotWrite() throws {
        let parent = try OutputWritingTests.directory("foreign")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/mine"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try "my notes".write(toFile: target + "/notes.txt", atomically: false, encoding: .utf8)
        let error = try #require(throws: OutputError.self) { try OutputDirectory.write(Self.export(["a.csv": "1"]), to: target) }
        #expect(error.kind == .cannotCreate)
        #expect(error.reason.contains("notes.txt"))
        #expect(try Self.tree(target) == ["notes.txt": "my notes"])
        let command = CommandLineInterface.main(OutputWritingTests.run + ["--export", target])
        #expect(command.exitCode == 73)
        #expect(command.standardError.contains("notes.txt"))

        for unnamed in [".", "..", "/", target + "/."] {
            #expect(throws: OutputError.self) { try OutputDirectory.write(Self.export(["a.csv": "1"]), to: unnamed) }
        }
        // An empty directory is taken, and the export lands in it.
        let empty = parent + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try OutputDirectory.write(Self.export(["a.csv": "1"]), to: empty)
        #expect(try Self.tree(empty)["a.csv"] == "1")
    }

    @Test func anExportThroughASymbolicLinkReplacesItsTarget() throws {
        let parent = try OutputWritingTests.directory("exportlink")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try OutputDirectory.write(Self.export(["a.csv": "1"]), to: parent + "/real")
        try FileManager.default.createSymbolicLink(atPath: parent + "/link", withDestinationPath: "real")
        try OutputDirectory.write(Self.export(["b.csv": "2"]), to: parent + "/link")
        #expect(OutputWritingTests.fileType(parent + "/link") == S_IFLNK)
        #expect(try Self.tree(parent + "/real")["b.csv"] == "2")
        #expect(try Self.tree(parent + "/real")["a.csv"] == nil)
    }

    @Test func aTornOrEmptyShardFileIsRedone() throws {
        let directory = try SweepTests.temporaryDirectory("torn-shard")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let words = SweepTests.words + ["--out", directory, "--shard-index", "1", "--shard-count", "2", "--jobs", "1"]
        #expect(SweepTests.sweep(words, environment: [:]).exitCode == 0)
        let path = directory + "/shard-1-of-2.jsonl"
        let whole = try #require(OutputWritingTests.text(path))
        let lines = whole.split(separator: "\n", omittingEmptySubsequences: false)
        for torn in ["", String(whole.prefix(whole.count / 2)), lines.prefix(2).joined(separator: "\n") + "\n"] {
            try torn.write(toFile: path, atomically: false, encoding: .utf8)
            let again = SweepTests.sweep(words, environment: [:])
            #expect(again.exitCode == 0)
            #expect(again.standardError.contains("is incomplete"), "\(torn.count) bytes")
            #expect(again.standardOutput.contains("rows written"))
            #expect(OutputWritingTests.text(path) == whole)
        }
        // A complete file is kept; one of another sweep is refused, not overwritten.
        #expect(SweepTests.sweep(words, environment: [:]).standardOutput.contains("exists; skipped"))
        // The same sweep but for its seed: another sweep's shard.
        let otherWords = words.enumerated().map { $0.offset > 0 && words[$0.offset - 1] == "--seed" ? "8" : $0.element }
        #expect(otherWords != words)
        let other = SweepTests.sweep(otherWords, environment: [:])
        #expect(other.exitCode == 65)
        #expect(other.standardError.contains("another sweep") && other.standardError.contains("--seed"), "\(other.standardError)")
        #expect(OutputWritingTests.text(path) == whole)
        #expect(try OutputWritingTests.names(directory) == ["shard-1-of-2.jsonl"])
    }

    @Test func shardFilesAreReadWithASizeCap() throws {
        let directory = try SweepTests.temporaryDirectory("shard-cap")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shard-0-of-1.jsonl"
        try String(repeating: "x", count: 100).write(toFile: path, atomically: false, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try SweepFiles.read(path, limit: 64) }
        #expect(error.message.contains("larger than 64 bytes"))
        #expect(try SweepFiles.read(path, limit: 100).count == 100)
        // An endless stream is refused before anything is read.
        let endless = directory + "/shard-1-of-2.jsonl"
        try FileManager.default.createSymbolicLink(atPath: endless, withDestinationPath: "/dev/zero")
        let stream = try #require(throws: InputError.self) { try SweepFiles.read(endless) }
        #expect(stream.message.contains("not a regular file"))
        let fifo = directory + "/shard-0-of-2.jsonl"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: InputError.self) { try SweepFiles.read(fifo) }
        try FileManager.default.removeItem(atPath: path)
        let merge = MergeCommand.run([directory])
        #expect(merge.exitCode == 65)
        #expect(merge.standardError.contains("not a regular file"))
    }

    @Test func aFileOutputInsideTheExportIsRefused() throws {
        let directory = try SweepTests.temporaryDirectory("file-in-export")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = CommandLineInterface.main(OutputWritingTests.run + ["--out", directory + "/e/r.txt", "--export", directory + "/e"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("replaced whole"))
        let report = CommandLineInterface.main(["report", "--html", directory + "/page.html", "--export", directory] + OutputWritingTests.run)
        #expect(report.exitCode == 64)
        #expect(try OutputWritingTests.names(directory).isEmpty)
    }

    @Test func sweepOutputInsideItsExportIsRefused() throws {
        let directory = try SweepTests.temporaryDirectory("sweep-overlap")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for export in [directory, directory + "/"] {
            let result = SweepTests.sweep(SweepTests.words + ["--out", directory, "--export", export], environment: [:])
            #expect(result.exitCode == 64)
            #expect(result.standardError.contains("replaced whole"))
        }
    }
}
