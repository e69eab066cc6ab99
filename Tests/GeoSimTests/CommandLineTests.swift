import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// The command-line contract of CLI.md, driven in-process, plus one check across two
/// real processes.
@Suite struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func unknownRegionIsAUsageErrorWithASuggestion() {
        let result = CommandLineInterface.main(["--topology", "us-east,us-wset"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("Unknown region 'us-wset'."))
        #expect(result.standardError.contains("Did you mean 'us-west'?"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func aDurationWithoutAUnitIsAUsageError() {
        let result = CommandLineInterface.main(["--topology", "us-east", "--duration", "30"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("'30' has no unit"))
    }

    @Test func unknownOptionGetsDidYouMean() {
        let result = CommandLineInterface.main(["--topolgy", "us-east"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("Unknown option '--topolgy'."))
        #expect(result.standardError.contains("Did you mean '--topology'?"))
    }

    @Test func exportAsksForTheFilesTheManifestLists() throws {
        let result = CommandLineInterface.main(["--topology", "us-east,us-west", "--duration", "5s", "--export", "out/run"])
        #expect(result.exitCode == 0)
        let export = try #require(result.export)
        #expect(export.directory == "out/run")
        let paths = export.files.map(\.path)
        for expected in ["report.json", "latency.csv", "timeline.csv", "manifest.json", "geosim.ipynb", "charts/latency_cdf_writes.svg"] {
            #expect(paths.contains(expected), "\(paths)")
        }
        // The stdout report is still there, and report.json is the run's JSON report.
        #expect(result.standardOutput.contains("Writes (ms)"))
        let json = try #require(export.files.first { $0.path == "report.json" }?.contents)
        #expect(try JSONParser.parse(json)["command"] == .array(["--topology", "us-east,us-west", "--duration", "5s"].map { .string($0) }))
    }

    @Test func malformedTopologyFileExits65NamingFileAndPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let badUnit = directory.appendingPathComponent("bad-unit.json")
        try #"{"regions": [{"name": "us-east"}, {"name": "us-west"}], "cross_zone_rtt": 2}"#.write(to: badUnit, atomically: true, encoding: .utf8)
        let result = CommandLineInterface.main(["--topology", badUnit.path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains(badUnit.path))
        #expect(result.standardError.contains("$.cross_zone_rtt"))

        let badSyntax = directory.appendingPathComponent("bad-syntax.json")
        try "{\"regions\": [\n  {\"name\": \"us-east\"},,\n]}".write(to: badSyntax, atomically: true, encoding: .utf8)
        let syntax = CommandLineInterface.main(["--topology", badSyntax.path])
        #expect(syntax.exitCode == 65)
        #expect(syntax.standardError.contains("line 2"))

        let missing = CommandLineInterface.main(["--topology", directory.appendingPathComponent("absent.json").path])
        #expect(missing.exitCode == 65)
    }

    @Test func aBadScenarioFileNamesTheField() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-scenario-\(getpid()).json")
        try #"{"topology": "us-east,us-west", "duration": "10s", "service_time": {"exponential": {"mean": "0ms"}}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = CommandLineInterface.main(["--scenario", file.path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("$.service_time.exponential.mean"))
    }

    @Test func aScenarioFileRunsAndFlagsOverrideIt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-scenario-ok-\(getpid()).json")
        try #"{"topology": {"regions": ["us-east"], "replicas_per_region": 3}, "duration": "2s", "rate": 100, "seed": 4}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = CommandLineInterface.main(["--scenario", file.path, "--seed", "7", "--format", "json"])
        #expect(result.exitCode == 0)
        let json = try JSONParser.parse(result.standardOutput)
        #expect(json["seed"] == .number(7))
        #expect(json["raft"]?["replicas"] == .number(3))
    }

    @Test func aMalformedFaultIsAUsageErrorQuotingIt() {
        let result = CommandLineInterface.main(["--topology", "us-east,us-west,eu-central", "--isolate", "us-east@20s..10s"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("us-east@20s..10s"))
    }

    @Test func aTimelineAndAvailabilityComeOutInJSON() throws {
        let result = CommandLineInterface.main([
            "--topology", "us-east,us-west,eu-central", "--duration", "20s", "--rate", "200",
            "--isolate", "eu-central@5s..12s", "--timeline", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let json = try JSONParser.parse(result.standardOutput)
        guard case .array(let rows) = json["timeline"] else {
            Issue.record("no timeline array")
            return
        }
        #expect(rows.count >= 20)
        let during = rows[7]
        #expect(during["faults"] == .array([.string("--isolate eu-central@5s..12s")]))
        #expect(during["by_region"]?["eu-central"]?["writes"]?["ok"] == .number(0))
        #expect(during["leader_region"] == .string("us-east"))
        guard case .number(let outage) = json["availability"]?["longest_outage_s"]?["eu-central"] else {
            Issue.record("no longest_outage_s")
            return
        }
        #expect(outage >= 5 && outage <= 9)
        #expect(json["availability"]?["by_region"]?["us-east"]?["writes"] == .number(1))
        #expect(json["raft"]?["elections"] == .number(0))
    }

    @Test func aBadFaultFileExits65() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-faults-\(getpid()).json")
        try #"{"faults": [{"kind": "crash", "region": "us-wset", "start": "1s"}]}"#.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = CommandLineInterface.main(["--topology", "us-east,us-west,eu-central", "--faults", file.path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("$.faults[0].region"))
    }

    @Test func helpAndVersionGoToStandardOutput() {
        let help = CommandLineInterface.main(["--help"])
        #expect(help.exitCode == 0)
        #expect(help.standardOutput.contains("geosim regions"))
        #expect(help.standardError.isEmpty)
        let runHelp = CommandLineInterface.main(["help", "run"])
        #expect(runHelp.standardOutput.contains("--topology"))
        #expect(CommandLineInterface.main(["--version"]).standardOutput.hasPrefix("geosim "))
    }

    @Test func equalsFormAndValuesThatStartWithADashAreAccepted() throws {
        let parsed = try ArgumentScanner.scan(
            ["--a=1", "--b", "-5ms", "--c"],
            options: [
                OptionSpec("--a", "X", ""), OptionSpec("--b", "X", ""), OptionSpec("--c", nil, ""),
            ], command: "run")
        #expect(parsed == [.init(name: "--a", value: "1"), .init(name: "--b", value: "-5ms"), .init(name: "--c", value: nil)])
    }

    @Test func aJSONReportFollowsTheSchema() throws {
        let result = CommandLineInterface.main(["--topology", "us-east,us-west,eu-central", "--duration", "3s", "--format", "json"])
        #expect(result.exitCode == 0)
        let json = try JSONParser.parse(result.standardOutput)
        #expect(json["schema"] == .string("geosim.report/1"))
        #expect(json["leader_region"] == .string("us-east"))
        #expect(json["duration_s"] == .number(3))
        for key in ["writes", "reads"] {
            let block = json[key]?["by_region"]?["eu-central"]
            #expect(block?["latency_ms"]?["p99"] != nil)
            #expect(block?["count"] != nil && block?["ok"] != nil && block?["failed"] != nil && block?["unknown"] != nil)
        }
        #expect(json["reads"]?["by_mode"]?["strong"] != nil)
        // Keys come out sorted.
        if case .object(let members) = json {
            #expect(members.map(\.key) == members.map(\.key).sorted())
        }
    }

    @Test func theRegionsCommandListsTheCatalog() {
        let result = CommandLineInterface.main(["regions", "--from", "us-east"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("eu-central-1"))
        #expect(CommandLineInterface.main(["regions", "--from", "mars"]).exitCode == 64)
    }

    /// Two separate processes (so two different hash seeds) print identical JSON bytes.
    @Test func twoProcessesPrintIdenticalReports() throws {
        let binary = try Self.geosimBinary()
        let arguments = ["--topology", "us-east,us-west,eu-central", "--duration", "5s", "--format", "json"]
        let first = try Self.runProcess(binary, arguments)
        let second = try Self.runProcess(binary, arguments)
        #expect(first.status == 0)
        #expect(!first.output.isEmpty)
        #expect(first.output == second.output)
        let otherSeed = try Self.runProcess(binary, arguments + ["--seed", "2"])
        #expect(otherSeed.output != first.output)
        let usage = try Self.runProcess(binary, ["--topology", "us-east", "--duration", "5"])
        #expect(usage.status == 64)
    }

    /// The `geosim` executable next to the test bundle (swift build puts every product of
    /// the package in one folder), or GEOSIM_BINARY.
    static func geosimBinary() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["GEOSIM_BINARY"] { return URL(fileURLWithPath: explicit) }
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("geosim"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/geosim"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw BinaryNotFound(searched: candidates.map(\.path))
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "geosim executable not found; run 'swift build' first. Looked in: \(searched.joined(separator: ", "))" }
    }

    static func runProcess(_ binary: URL, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
