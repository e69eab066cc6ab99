import Foundation
import Testing

@testable import GeoSim

/// `geosim check-history` on the command line: exit codes, outputs, and geosim's own
/// JSON Lines histories.
@Suite struct CheckHistoryCommandTests {
    /// Writes `text` to a fresh temporary file named `name` and returns its path.
    func file(_ text: String, name: String = "history.edn") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-check-history-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let stale = """
        {:type :invoke, :f :write, :value 1, :process 0}
        {:type :ok, :f :write, :value 1, :process 0}
        {:type :invoke, :f :write, :value 2, :process 0}
        {:type :ok, :f :write, :value 2, :process 0}
        {:type :invoke, :f :write, :value 3, :process 2}
        {:type :info, :f :write, :value 3, :process 2}
        {:type :invoke, :f :read, :value nil, :process 1}
        {:type :ok, :f :read, :value 1, :process 1}

        """

    @Test func exitCodesFollowTheVerdict() throws {
        let bad = CommandLineInterface.main(["check-history", try file(stale)])
        #expect(bad.exitCode == 1)
        #expect(bad.standardOutput.contains("NOT linearizable"))
        #expect(bad.standardOutput.contains("process 1  read 1"))
        let good = CommandLineInterface.main(["check-history", try file(stale.replacingOccurrences(of: ":value 1, :process 1", with: ":value 2, :process 1"))])
        #expect(good.exitCode == 0, "\(good.standardOutput)\(good.standardError)")
        #expect(good.standardOutput.contains("linearizable ("))
        let inconclusive = CommandLineInterface.main(["check-history", try file(stale), "--budget", "2"])
        #expect(inconclusive.exitCode == 2)
        #expect(inconclusive.standardOutput.contains("inconclusive"))
    }

    @Test func aMalformedFileExits65WithLineAndColumn() throws {
        let path = try file("{:type :invoke, :f :write, :value 1, :process 0}\n{:type :ok, :f :write :value [1 :process 0}\n")
        let result = CommandLineInterface.main(["check-history", path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains(path))
        #expect(result.standardError.contains("line 2, column 43"))
        #expect(result.standardError.contains("expected ']'"))
        let missing = CommandLineInterface.main(["check-history", path + ".missing"])
        #expect(missing.exitCode == 65)
        let jsonl = CommandLineInterface.main(["check-history", try file("{\"type\":\"invoke\",\n", name: "h.jsonl")])
        #expect(jsonl.exitCode == 65)
        #expect(jsonl.standardError.contains("line 1, column"))
    }

    @Test func usageErrorsExit64() throws {
        let path = try file(stale)
        #expect(CommandLineInterface.main(["check-history"]).exitCode == 64)
        #expect(CommandLineInterface.main(["check-history", path, path]).exitCode == 64)
        #expect(CommandLineInterface.main(["check-history", path, "--model", "queue"]).exitCode == 64)
        #expect(CommandLineInterface.main(["check-history", path, "--budget", "0"]).exitCode == 64)
        #expect(CommandLineInterface.main(["check-history", path, "--initial", "[1"]).exitCode == 64)
        #expect(CommandLineInterface.main(["check-history", path, "--budgte", "5"]).standardError.contains("--budget"))
        #expect(CommandLineInterface.main(["help", "check-history"]).standardOutput.contains("Usage: geosim check-history FILE"))
        #expect(CommandLineInterface.main(["help"]).standardOutput.contains("check-history"))
    }

    @Test func jsonSVGAndOutDirectory() throws {
        let path = try file(stale)
        let result = CommandLineInterface.main(["check-history", path, "--format", "json", "--svg", "/tmp/x-timeline.svg", "--out", "/tmp/x-out"])
        #expect(result.exitCode == 1)
        let root = try JSONParser.parse(result.standardOutput)
        #expect(root["schema"] == .string("geosim.check-history/1"))
        #expect(root["verdict"] == .string("not-linearizable"))
        guard case .array(let operations)? = root["sub_history"] else {
            Issue.record("no sub_history")
            return
        }
        #expect(operations.count == 3)
        #expect(result.files.map(\.path) == ["/tmp/x-timeline.svg", "/tmp/x-out/verdict.json", "/tmp/x-out/timeline.svg", "/tmp/x-out/sub-history.edn"])
        #expect(result.directories == ["/tmp/x-out"])
        let svg = result.files[0].contents
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.contains(">process 0</text>") && svg.contains(">process 1</text>"))
        #expect(svg.contains("stroke=\"#c0392b\""))
        // The sub-history written as EDN reads back and is still not linearizable.
        let again = CommandLineInterface.main(["check-history", try file(result.files[3].contents)])
        #expect(again.exitCode == 1)
        // A linearizable history writes no timeline.
        let good = CommandLineInterface.main(["check-history", try file("{:type :invoke, :f :read, :process 0}\n"), "--svg", "/tmp/x.svg"])
        #expect(good.exitCode == 0)
        #expect(good.files.isEmpty)
    }

    @Test func anInfoOperationIsDrawnOpenEnded() throws {
        let text = """
            {:type :invoke, :f :write, :value 1, :process 0}
            {:type :invoke, :f :write, :value 2, :process 1}
            {:type :info, :f :write, :value 2, :process 1}
            {:type :ok, :f :write, :value 1, :process 0}
            {:type :invoke, :f :read, :process 0}
            {:type :ok, :f :read, :value 2, :process 0}
            {:type :invoke, :f :read, :process 0}
            {:type :ok, :f :read, :value 1, :process 0}

            """
        let result = CommandLineInterface.main(["check-history", try file(text), "--svg", "/tmp/y.svg"])
        #expect(result.exitCode == 1)
        let svg = try #require(result.files.first?.contents)
        #expect(svg.contains("stroke-dasharray=\"5 3\""))
        #expect(svg.contains("(unknown outcome)"))
    }

    @Test func geosimJSONLinesRoundTripAgreesWithTheInSimulationChecker() throws {
        for seed in UInt64(1)...4 {
            var operations = RandomHistory.linearizable(operations: 600, keys: 5, clients: 8, unknownFraction: 0.1, failedFraction: 0.05, seed: seed).operations
            if seed % 2 == 0, let index = operations.lastIndex(where: { $0.kind == .read && $0.outcome == .ok && $0.value != 0 }) {
                operations[index].value += 100_000  // a read of a value never written
            }
            let text = GeoSimHistoryFile.write(operations, seed: seed)
            let history = try GeoSimHistoryFile.read(Array(text.utf8), model: nil, initial: nil)
            #expect(history.model == .kv)
            #expect(history.values.text(history.initial) == "0")
            let ours = ModelChecker.check(history, budget: 10_000_000)
            let theirs = LinearizabilityChecker.check(OperationHistory(operations: operations), budget: 10_000_000)
            let oursLinearizable = if case .linearizable = ours { true } else { false }
            #expect(oursLinearizable == (theirs == .linearizable), "seed \(seed)")
            #expect(oursLinearizable == (seed % 2 == 1), "seed \(seed)")
        }
    }

    @Test func checkExportWritesEachFailingSeedsHistory() throws {
        let operation = HistoryOperation(client: 0, key: 1, kind: .write, invoked: 5, completed: 9, outcome: .ok, value: 3)
        let failing = CheckSwarm.SeedResult(
            seed: 7, faults: [], violations: [Violation(.linearizability, "x")], inconclusive: [], operations: 1, strongOperations: 1,
            history: [operation])
        let passing = CheckSwarm.SeedResult(seed: 8, faults: [], violations: [], inconclusive: [], operations: 1, strongOperations: 1)
        let files = CheckExport.bundle(CheckSwarm.Summary(results: [failing, passing]), version: "test").files()
        let history = try #require(files.first { $0.path == "histories/seed-7.jsonl" })
        #expect(!files.contains { $0.path == "histories/seed-8.jsonl" })
        let lines = history.contents.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains("\"schema\":\"geosim.history/1\""))
        #expect(lines[1].contains("\"type\":\"invoke\"") && lines[2].contains("\"type\":\"ok\""))
        #expect(files.first { $0.path == "manifest.json" }?.contents.contains("histories/seed-7.jsonl") == true)
    }
}
