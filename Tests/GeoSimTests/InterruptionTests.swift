import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// Ctrl-C (SIGINT) on a real `geosim` process: a long run stops at once with exit 130 and
/// writes nothing; an interrupted sweep shard leaves the completed shard intact and no
/// file of its own, not even a temporary one.
@Suite struct InterruptionTests {
    /// Starts `geosim` with `arguments`, sends SIGINT after `delay`, and returns the exit
    /// status, stderr and the wall time it took.
    func interrupt(_ arguments: [String], after delay: Double) throws -> (status: Int32, standardError: String, seconds: Double) {
        let process = Process()
        process.executableURL = try CommandLineTests.geosimBinary()
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let started = Date()
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGINT)
        let text = String(data: errors.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
        process.waitUntilExit()
        return (process.terminationStatus, text, Date().timeIntervalSince(started))
    }

    @Test func ctrlCStopsALongRunWithExit130() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-interrupt-\(getpid())-run")
        // --out must name a file in an existing directory (a missing one is refused at once).
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-interrupt-\(getpid())-report.txt")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: report)
        }
        // A day of simulated time takes minutes; the report and export must not appear.
        let result = try interrupt(
            [
                "--topology", "us-east,us-west,eu-central", "--duration", "24h",
                "--out", report.path,
                "--export", directory.path,
            ], after: 1.0)
        #expect(result.status == 130)
        #expect(result.standardError.contains("interrupted"))
        #expect(result.seconds < 30)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(!FileManager.default.fileExists(atPath: report.path))
    }

    @Test func ctrlCOnASweepShardLeavesCompletedShardsAndNoPartialFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-interrupt-\(getpid())-sweep")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sweep = [
            "sweep", "--topology", "us-east,us-west,eu-central", "--vary", "rate=1000,2000,3000,4000",
            "--replicates", "16", "--out", directory.path, "--shard-count", "2",
        ]
        let finished = CommandResultWriter.writeFiles(CommandLineInterface.main(sweep + ["--shard-index", "0", "--duration", "1s"]))
        // The library computes the shard file; write it as the executable would have.
        #expect(finished.exitCode == 0)
        let shardZero = directory.appendingPathComponent("shard-0-of-2.jsonl")
        #expect(FileManager.default.fileExists(atPath: shardZero.path))
        let before = try Data(contentsOf: shardZero)
        let result = try interrupt(sweep + ["--shard-index", "1", "--duration", "10m"], after: 1.5)
        #expect(result.status == 130)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["shard-0-of-2.jsonl"])
        #expect(try Data(contentsOf: shardZero) == before)
    }
}
