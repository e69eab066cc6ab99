import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// `geosim check` on the command line: exit codes, the JSON contract, replay commands,
/// and fault schedules written back as flags the parser reads.
@Suite struct CheckCommandTests {
    static let base = [
        "check", "--topology", "us-east,us-west,eu-central", "--duration", "10s", "--rate", "200",
        "--liveness-bound", "10s", "--shrink-runs", "0",
    ]

    @Test func aPassingSwarmExitsZeroAndSaysSo() {
        let result = CommandLineInterface.main(Self.base + ["--seeds", "3"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("geosim check: 3 runs (seeds 1…3), 10s faulty phase + 10s liveness bound"))
        #expect(result.standardOutput.contains("passed 3, failed 0"))
    }

    @Test func aViolationExitsOneWithTheJSONContract() throws {
        let words =
            Self.base + [
                "--seeds", "2", "--seed", "5", "--no-chaos", "--isolate", "us-east@3s..8s",
                "--unsafe", "commit-without-quorum", "--format", "json",
            ]
        let result = CommandLineInterface.main(words)
        #expect(result.exitCode == 1)
        let root = try JSONParser.parse(result.standardOutput)
        let check = try #require(root["check"])
        #expect(check["seeds"] == .number(2))
        #expect(check["failed"].map { $0 != .number(0) } == true)
        guard case .array(let violations)? = check["violations"], let first = violations.first else {
            Issue.record("no violations in \(result.standardOutput)")
            return
        }
        #expect(first["seed"] == .number(5))
        #expect(first["invariant"].flatMap { if case .string(let name) = $0 { Invariant(rawValue: name) } else { nil } } != nil)
        guard case .string(let replay)? = first["replay"] else {
            Issue.record("no replay command")
            return
        }
        // The replay command is itself a valid check of that one seed that fails the same way.
        #expect(replay.hasPrefix("geosim check "))
        #expect(replay.hasSuffix("--seed 5 --seeds 1"))
        let replayWords = replay.split(separator: " ").dropFirst().map(String.init).map { $0.replacingOccurrences(of: "'", with: "") }
        let again = CommandLineInterface.main(replayWords + ["--format", "json"])
        #expect(again.exitCode == 1)
        let againRoot = try JSONParser.parse(again.standardOutput)
        #expect(againRoot["check"]?["seeds"] == .number(1))
    }

    @Test func badCheckOptionsAreUsageErrors() {
        let unknown = CommandLineInterface.main(Self.base + ["--unsafe", "commit-without-quorom"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("Did you mean 'commit-without-quorum'?"))
        #expect(CommandLineInterface.main(Self.base + ["--seeds", "0"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--liveness-bound", "20"]).exitCode == 64)
        let leaderless = CommandLineInterface.main(Self.base + ["--replication", "leaderless", "--expect", "durable"])
        #expect(leaderless.exitCode == 64)
        #expect(leaderless.standardError.contains("cannot be judged on leaderless quorums"))
    }

    @Test func helpListsEveryUnsafeOptionAndInvariant() {
        let help = CommandLineInterface.main(["help", "check"]).standardOutput
        for option in UnsafeOption.allCases { #expect(help.contains(option.rawValue)) }
        for invariant in Invariant.allCases { #expect(help.contains(invariant.rawValue)) }
        #expect(CommandLineInterface.main(["help"]).standardOutput.contains("check      seeded runs"))
    }

    @Test func faultsWrittenAsFlagsParseBackToTheSameFaults() throws {
        // Two replicas per region, so node names differ from region names.
        let topology = try Topology.fromRegionList("us-east,us-west,eu-central", replicasPerRegion: 2)
        let second = Nanoseconds.second
        let faults: [Fault] = [
            Fault(kind: .partition(sideA: [.region(0)], sideB: []), start: 3 * second, end: 4500 * .millisecond, label: ""),
            Fault(kind: .partition(sideA: [.region(0), .region(2)], sideB: [.region(1)]), start: 1, end: 2 * second, label: ""),
            Fault(kind: .oneWay(from: [.region(1)], to: [.region(0), .region(2)]), start: 0, end: second, label: ""),
            Fault(kind: .crash(.node(2)), start: 7 * second, end: nil, label: ""),
            Fault(kind: .crash(.region(1)), start: 7 * second, end: 9 * second, label: ""),
            Fault(kind: .slow(sideA: [.region(0)], sideB: [.region(2)], multiplier: 3.5, addedDelay: 20 * .millisecond), start: 0, end: second, label: ""),
            Fault(kind: .loss(probability: 0.25, sideA: [], sideB: []), start: second, end: 2 * second, label: ""),
            Fault(kind: .duplicate(probability: 0.01, sideA: [], sideB: []), start: 0, end: nil, label: ""),
            Fault(kind: .clock(node: 1, offset: -5 * .millisecond, drift: 0.25), start: 0, end: 30 * second, label: ""),
        ]
        for fault in faults {
            let (flag, value) = try #require(FaultFlags.flag(for: fault, in: topology))
            let parsed = try FaultParser.parse(flag: flag, text: value, topology: topology)
            #expect(parsed.kind == fault.kind, "\(flag) \(value)")
            #expect(parsed.start == fault.start && parsed.end == fault.end, "\(flag) \(value)")
        }
        #expect(
            FaultFlags.flag(
                for: Fault(kind: .loss(probability: 0.1, sideA: [.region(0)], sideB: [.region(1)]), start: 0, end: nil, label: "x"),
                in: topology) == nil)
        #expect(FaultFlags.shellQuoted("us-east|us-west@1s..2s") == "'us-east|us-west@1s..2s'")
        #expect(FaultFlags.shellQuoted("us-east@1s..2s") == "us-east@1s..2s")
    }
}
