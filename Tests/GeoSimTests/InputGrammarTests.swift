import Foundation
import Testing

@testable import GeoSim

/// Small input-handling rules: one number grammar for every numeric option, options that
/// are not repeatable refused when given twice, FIFOs and other non-regular files refused
/// as input files without blocking, and a scenario file's mistakes reported against it.
@Suite struct InputGrammarTests {
    static let base = ["--topology", "us-east,us-west", "--duration", "1s"]

    @Test(arguments: [
        ("5", 5.0), ("0", 0), ("-3", -3), ("0.25", 0.25), (".5", 0.5), ("5.", 5), ("1e6", 1e6),
        ("2.5E-3", 0.0025), ("1e+3", 1000), ("-1e3", -1000),
    ])
    func plainDecimalsAreNumbers(text: String, value: Double) {
        #expect(NumberText.decimal(text) == value)
    }

    @Test(arguments: [
        "", " 5", "5 ", "+5", "0x10", "0X1p3", "inf", "nan", "Infinity", "1_000", "1,5", "e5", ".", "-", "1e", "1e+",
        "--5", "5-", "١٢", "1e400", "\t5", "5\n",
    ])
    func otherSpellingsAreNotNumbers(text: String) {
        #expect(NumberText.decimal(text) == nil)
        #expect(NumberText.integer(text) == nil)
        #expect(NumberText.unsigned(text) == nil)
    }

    @Test func integersAreDigitsOnly() {
        #expect(NumberText.integer("42") == 42)
        #expect(NumberText.integer("-7") == -7)
        #expect(NumberText.integer("1e3") == nil)
        #expect(NumberText.integer("1.0") == nil)
        #expect(NumberText.integer("99999999999999999999") == nil)
        #expect(NumberText.unsigned("18446744073709551615") == UInt64.max)
        #expect(NumberText.unsigned("-1") == nil)
    }

    /// Every numeric run flag refuses the spellings `--rate` used to accept.
    @Test(arguments: [
        "--rate", "--seed", "--keys", "--write-fraction", "--retries", "--replicas-per-region", "--cores",
        "--max-clock-drift", "--local-share", "--ranges", "--chaos-rate", "--clients",
    ])
    func numericFlagsShareOneGrammar(flag: String) {
        for spelling in ["0x10", " 1", "1 ", "+1"] {
            let result = CommandLineInterface.main(Self.base + [flag, spelling])
            #expect(result.exitCode == 64, "\(flag) '\(spelling)': \(result.exitCode) \(result.standardError)")
        }
        let valid = flag == "--max-clock-drift" ? "0.001" : "1"
        let plain = CommandLineInterface.main(Self.base + [flag, valid])
        #expect(plain.exitCode == 0, "\(flag) \(valid): \(plain.standardError)")
    }

    @Test func cacheOptionsAndOtherCommandsUseTheGrammarToo() {
        let beta = CommandLineInterface.main(Self.base + ["--cache-ttl", "10s", "--cache-beta", "1e300"])
        #expect(beta.exitCode == 64)
        #expect(beta.standardError.contains("below 100"), "\(beta.standardError)")
        #expect(CommandLineInterface.main(Self.base + ["--cache-ttl", "10s", "--cache-beta", "+2"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--cache-ttl", "10s", "--cache-beta", "2"]).exitCode == 0)
        #expect(CommandLineInterface.main(Self.base + ["--key-dist", "zipf:0x1"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--duration", " 2s"]).exitCode == 64)
        #expect(CommandLineInterface.main(["check"] + Self.base + ["--seeds", " 2"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--limit", "events=0x10000"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--limit", "events=+10000"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--limit", "events= 10000"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--limit", "memory= 4GB"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.base + ["--limit", "events=1e+7"]).exitCode == 0)
        #expect(CommandLineInterface.main(["plan"] + Self.base + ["--slo", "p99 write < 250ms", "--vary", "rate=0x10..100"]).exitCode == 64)
        #expect(CommandLineInterface.main(["plan"] + Self.base + ["--slo", "availability > 0x1p-1", "--vary", "rate=10..100"]).exitCode == 64)
        #expect(
            CommandLineInterface.main(["sweep"] + Self.base + ["--vary", "rate=10,20", "--shard-count", "+2", "--shard-index", "0", "--out", "x"]).exitCode
                == 64)
    }

    // MARK: Duplicated options

    @Test func aNonRepeatableOptionGivenTwiceIsAUsageError() {
        for words in [
            ["--rate", "5", "--rate", "6"], ["--rate=5", "--rate", "6"], ["--timeline", "--timeline"],
            ["--leader", "us-east", "--leader=us-west"], ["--seed", "1", "--seed", "1"],
        ] {
            let result = CommandLineInterface.main(Self.base + words)
            #expect(result.exitCode == 64, "\(words)")
            #expect(result.standardError.contains("is given more than once"), "\(words): \(result.standardError)")
        }
        #expect(CommandLineInterface.main(["--topology", "us-east", "--topology", "us-west"]).exitCode == 64)
    }

    @Test func repeatableOptionsStayRepeatable() {
        let faults = CommandLineInterface.main(
            Self.base + [
                "--isolate", "us-east@0.1s..0.2s", "--isolate", "us-west@0.3s..0.4s",
                "--crash", "us-east@0.5s..0.6s", "--crash", "us-west@0.7s..0.8s",
                "--limit", "regions=10", "--limit", "nodes=100",
            ])
        #expect(faults.exitCode == 0, "\(faults.standardError)")
        for name in [
            "--isolate", "--partition", "--one-way", "--crash", "--slow", "--loss", "--duplicate", "--clock-skew",
            "--limit", "--vary", "--compare", "--slo", "--unsafe",
        ] {
            #expect(OptionSpec.repeatableNames.contains(name), "\(name)")
        }
        let specs = RunOptions.specs.filter(\.isRepeatable).map(\.name)
        #expect(!specs.contains("--rate") && !specs.contains("--topology") && specs.contains("--partition"))
    }

    // MARK: Non-regular input files

    @Test(.timeLimit(.minutes(1)), arguments: ["--topology", "--scenario", "--faults"])
    func aFIFOIsRefusedWithoutBlocking(flag: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-fifo-\(getpid())-\(UUID().uuidString)").path
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let words = flag == "--topology" ? [flag, path] : ["--topology", "us-east", flag, path]
        let result = CommandLineInterface.main(words)
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains(path) && result.standardError.contains("not a regular file"), "\(result.standardError)")
    }

    @Test func aDeviceIsRefusedToo() {
        let result = CommandLineInterface.main(["--topology", "us-east", "--faults", "/dev/null"])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("not a regular file"))
    }

    // MARK: Scenario files

    @Test(arguments: ["us-east,nowhere", "us-east,,us-west", "us-east,us-east"])
    func aScenarioFilesBadTopologyNamesTheFileAndField(topology: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-scenario-\(getpid())-\(UUID().uuidString).json").path
        try JSONWriter.string(.object([("topology", .string(topology))]), pretty: false).write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let result = CommandLineInterface.main(["--scenario", path])
        #expect(result.exitCode == 65, "\(result.standardError)")
        #expect(result.standardError.contains("\(path): $.topology: "), "\(result.standardError)")
        // The same list as a flag is the command line's mistake, and the flag replaces the file's.
        #expect(CommandLineInterface.main(["--topology", topology]).exitCode == 64)
        #expect(CommandLineInterface.main(["--scenario", path, "--topology", "us-east", "--duration", "1s"]).exitCode == 0)
    }
}
