import Foundation
import Testing

@testable import GeoSim

/// Issue 15 through the real executable: failed writes to stdout and to files exit 74
/// with a message and leave neither a truncated file that looks fine nor a temporary
/// file; arguments that are not UTF-8 are refused.
@Suite struct OutputProcessTests {
    static let run = ["--topology", "us-east,us-west", "--duration", "2s", "--format", "json"]

    /// Runs `script` under bash with $GEOSIM set to the executable, in `directory`.
    static func shell(_ script: String, in directory: String) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GEOSIM"] = try CommandLineTests.geosimBinary().path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(data: errors.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static var arguments: String { run.joined(separator: " ") }

    @Test func standardOutputOnAFullDeviceExits74() throws {
        let directory = try OutputWritingTests.directory("devfull")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.shell("exec \"$GEOSIM\" \(Self.arguments) > /dev/full", in: directory)
        #expect(result.status == 74)
        #expect(result.standardError.contains("cannot write standard output: no space left on device"))
    }

    @Test func aFileSizeLimitExits74AndLeavesNoTemporaryFile() throws {
        let directory = try OutputWritingTests.directory("ulimit")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "old report\n".write(toFile: directory + "/out.json", atomically: false, encoding: .utf8)
        // 1 KiB: the JSON report is bigger.
        let file = try Self.shell("ulimit -f 1; exec \"$GEOSIM\" \(Self.arguments) --out out.json", in: directory)
        #expect(file.status == 74)
        #expect(file.standardError.contains("cannot write out.json: file too large"))
        #expect(OutputWritingTests.text(directory + "/out.json") == "old report\n")
        #expect(try OutputWritingTests.names(directory) == ["out.json"])

        let stdout = try Self.shell("ulimit -f 1; exec \"$GEOSIM\" \(Self.arguments) > stdout.json", in: directory)
        #expect(stdout.status == 74)
        #expect(stdout.standardError.contains("cannot write standard output: file too large"))
    }

    @Test func aFailedExportLeavesThePreviousExportWhole() throws {
        let directory = try OutputWritingTests.directory("ulimit-export")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Self.shell("exec \"$GEOSIM\" \(Self.arguments) --export run", in: directory)
        #expect(first.status == 0)
        let before = try ExportWritingTests.tree(directory + "/run")
        #expect(before["manifest.json"] != nil)
        let failed = try Self.shell("ulimit -f 4; exec \"$GEOSIM\" \(Self.arguments) --seed 2 --export run", in: directory)
        #expect(failed.status == 74)
        #expect(failed.standardError.contains("file too large"))
        #expect(try ExportWritingTests.tree(directory + "/run") == before)
        #expect(try OutputWritingTests.names(directory) == ["run"])
    }

    @Test func anArgumentThatIsNotUTF8IsRefused() throws {
        let directory = try OutputWritingTests.directory("utf8")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.shell("exec \"$GEOSIM\" \(Self.arguments) --out \"$(printf 'a\\377b')\"", in: directory)
        #expect(result.status == 64)
        #expect(result.standardError.contains("not valid UTF-8"))
        #expect(try OutputWritingTests.names(directory).isEmpty)
    }

    /// On a device node of its own (see OutputWritingTests.makeDevice), never /dev/null.
    @Test(.enabled(if: OutputWritingTests.canMakeDevices, "needs mknod (root or CAP_MKNOD) and a /tmp without nodev"))
    func aDeviceStaysADeviceThroughTheExecutable() throws {
        let directory = try OutputWritingTests.directory("devnull")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(OutputWritingTests.makeDevice(directory + "/null", minor: 3))
        let result = try Self.shell("exec \"$GEOSIM\" \(Self.arguments) --out null", in: directory)
        #expect(result.status == 0)
        #expect(OutputWritingTests.fileType(directory + "/null") == S_IFCHR)
        #expect(try OutputWritingTests.names(directory) == ["null"])
    }
}
