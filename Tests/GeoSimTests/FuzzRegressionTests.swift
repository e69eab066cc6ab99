import Foundation
import GeoSimFuzzing
import Testing

@testable import GeoSim

/// The fuzzer's promise, kept as a fast test: thousands of seeded mutants of the corpus
/// per parser, each parsed or rejected with a clear error (never a trap, an empty or
/// generic message, a wrong exit code), plus one regression test per bug the fuzzer found.
@Suite struct FuzzRegressionTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpusDirectory = packageRoot.appendingPathComponent("fuzz/corpus").path

    /// Inputs per target: enough to reach past the corpus, few enough for a debug build.
    static func runs(for target: FuzzTarget) -> Int {
        switch target {
        case .commandLine: return 600
        // Each input runs up to three short simulations.
        case .simDistribution, .simFaultFlag, .simFaultFile, .simScenario, .simCommandLine: return 150
        case .faultFlag, .scenario: return 1500
        default: return 3000
        }
    }

    // MARK: Seeded generated inputs

    @Test(arguments: FuzzTarget.allCases)
    func seededMutantsParseOrFailClearly(target: FuzzTarget) {
        let corpus = FuzzCorpus.load(directory: Self.corpusDirectory, target: target.rawValue)
        #expect(!corpus.isEmpty, "no corpus under fuzz/corpus/\(target.rawValue)")
        var session = FuzzSession(target: target, corpus: corpus, seed: 20_240_601, maximumLength: 1024)
        var findings: [String] = []
        var rejected = 0
        for _ in 0..<Self.runs(for: target) {
            let input = session.nextInput()
            switch session.run(input) {
            case .accepted: break
            case .rejected(let message):
                rejected += 1
                if message.isEmpty { findings.append("empty message for \(String(decoding: input, as: UTF8.self))") }
            case .finding(let what):
                findings.append(what)
            }
            if findings.count >= 5 { break }
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
        #expect(rejected > 0, "the mutants never reached an error path")
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCorpusEntryIsAcceptedOrClearlyRejected(target: FuzzTarget) {
        for input in FuzzCorpus.load(directory: Self.corpusDirectory, target: target.rawValue) {
            let verdict = target.run(input)
            #expect(!verdict.isFinding, "\(verdict)")
        }
    }

    @Test func mutationsAreDeterministic() {
        let corpus = [Array("150ms".utf8), Array(#"{"a": [1, 2]}"#.utf8)]
        var first = FuzzMutator(seed: 9, corpus: corpus)
        var second = FuzzMutator(seed: 9, corpus: corpus)
        for index in 0..<200 {
            #expect(first.mutate(corpus[index % 2], pool: corpus) == second.mutate(corpus[index % 2], pool: corpus))
        }
    }

    @Test func unclearMessagesAreFindings() {
        #expect(FuzzVerdict.judge(message: "", context: "x").isFinding)
        #expect(FuzzVerdict.judge(message: "Invalid value.", context: "x").isFinding)
        #expect(FuzzVerdict.judge(message: "   ", context: "x").isFinding)
        #expect(!FuzzVerdict.judge(message: "'5' has no unit; write 5ms or 5s", context: "x").isFinding)
        #expect(FuzzVerdict.judge(InputError(location: "", message: "something is wrong here"), context: "x").isFinding)
        #expect(FuzzVerdict.judge(.internalError("disk full"), context: "x").isFinding)
        #expect(
            FuzzVerdict.judge(CommandFailure.input(InputError(location: "$", message: "no such file")), context: "x").isFinding,
            "an input-file error must name its file")
        #expect(
            FuzzVerdict.judge(ScenarioError.input(InputError(location: "$", message: "no such file")), context: "x").isFinding,
            "a scenario's input-file error must name its file")
    }

    // MARK: Regressions: mixture weights

    /// Found: a weight so large next to another (1e18 and 0.1) or so small (4.9e-324) that
    /// the other's share rounded to zero was accepted; that component was never drawn and
    /// the echoed distribution read back as weight 0, which the parser rejects.
    @Test func aMixtureWeightWhoseShareRoundsToZeroIsRejected() {
        for (weights, path) in [(("1e18", "0.1"), "$.mixture[1].weight"), (("0.9", "4.9e-324"), "$.mixture[1].weight")] {
            let text = #"{"mixture": [{"weight": \#(weights.0), "of": {"constant": "1ms"}}, {"weight": \#(weights.1), "of": {"constant": "2ms"}}]}"#
            #expect(throws: InputError.self) { try Distribution.parse(commandLineText: text) }
            do {
                _ = try Distribution.parse(commandLineText: text)
            } catch {
                #expect(error.location == path)
                #expect(error.message.contains("rounds to zero"), "\(error.message)")
            }
        }
    }

    /// Found alongside: weights adding up to infinity (1e308 + 1e308) made every share 0.
    @Test func mixtureWeightsAddingUpToInfinityAreRejected() throws {
        let text = #"{"mixture": [{"weight": 1e308, "of": {"constant": "1ms"}}, {"weight": 1e308, "of": {"constant": "2ms"}}]}"#
        do {
            _ = try Distribution.parse(commandLineText: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.location == "$.mixture")
            #expect(error.message.contains("add up"))
        }
        let result = CommandLineInterface.main(["--topology", "us-east", "--jitter", text])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("--jitter"))
    }

    @Test func aValidMixtureStillEchoesAsJSONThatParsesBack() throws {
        let text = #"{"mixture": [{"weight": 1e15, "of": {"constant": "1ms"}}, {"weight": 1, "of": {"constant": "2ms"}}]}"#
        let parsed = try Distribution.parse(commandLineText: text)
        let echoed = JSONWriter.string(parsed.jsonValue, pretty: false)
        _ = try Distribution.parse(InputNode(try JSONParser.parse(echoed)))
    }

    // MARK: Regressions: durations

    /// Found: '9199999999999ms' parsed, but formatted as '2555555.556h', which was over the
    /// old 9.2e18 ns limit and did not parse back. The limit is now 2562047h, and every
    /// duration up to it formats as text that parses.
    @Test func durationsNearTheLimitFormatAsTextThatParsesBack() throws {
        for text in ["9199999999999ms", "2562047h", "2562046.9999h", "9223369199999999999ns"] {
            let value = try DurationText.parse(text)
            let again = try DurationText.parse(DurationText.format(value))
            #expect(abs(Double(again) - Double(value)) <= Double(value) * 5e-4, "\(text)")
        }
        #expect(try DurationText.parse("2562047h") == DurationText.maximum)
        #expect(throws: DurationText.ParseError.tooLarge("2562048h")) { try DurationText.parse("2562048h") }
        #expect(DurationText.ParseError.tooLarge("2562048h").description.contains("at most 2562047h"))
    }

    @Test func aHugeDurationTextIsQuotedShortly() {
        let text = String(repeating: "1", count: 100_000) + "ms"
        let result = CommandLineInterface.main(["--topology", "us-east", "--duration", text])
        #expect(result.exitCode == 64)
        #expect(result.standardError.count < 400, "\(result.standardError.count) characters")
        #expect(result.standardError.contains("(100002 characters)"))
    }

    // MARK: Regressions: command lines and fault flags

    /// Found: `--slow` tried every dash of its text as the A-B split, looking up both
    /// halves each time: quadratic, so a long text took seconds.
    @Test func aLongSlowLinkTextIsRejectedQuickly() {
        let text = String(repeating: "a-", count: 50_000) + " x2@1s..2s"
        let clock = ContinuousClock()
        let started = clock.now
        let result = CommandLineInterface.main(["--topology", "us-east,us-west", "--slow", text])
        #expect(clock.now - started < .seconds(2))
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("too long to be two region or node names"))
        #expect(result.standardError.count < 600)
    }

    /// Found: an unknown option of 100,000 characters was echoed whole and compared with
    /// every option by edit distance (half a second).
    @Test func aHugeUnknownOptionIsQuotedShortlyWithoutASuggestion() {
        let word = "--" + String(repeating: "x", count: 100_000)
        let result = CommandLineInterface.main(["run", word])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("Unknown option '--xxx"))
        #expect(result.standardError.count < 400)
    }

    // MARK: Regressions: input files

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-fuzz-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aDirectoryOrAnUnusablePathIsABadInputFileThatNamesIt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(path: String, says: String)] = [
            (directory.path + "/", "is a directory"),
            (directory.path + "/missing.json", "no such file"),
            (directory.path + "/a\u{0}b.json", "NUL"),
        ]
        for (path, says) in cases {
            let result = CommandLineInterface.main(["--topology", path])
            #expect(result.exitCode == 65, "\(path)")
            #expect(result.standardError.contains(says), "\(result.standardError)")
            #expect(result.standardError.contains(directory.path), "the message names the file: \(result.standardError)")
        }
    }

    @Test func aFileLargerThanTheLimitIsRefusedNotRead() throws {
        // An endless device is not a regular file: refused before any byte is read.
        let device = CommandLineInterface.main(["--topology", "/dev/zero"])
        #expect(device.exitCode == 65)
        #expect(device.standardError.contains("/dev/zero"))
        #expect(device.standardError.contains("not a regular file"), "\(device.standardError)")
        // A regular file one byte over the limit (sparse: no disk space used).
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(InputFile.maximumBytes + 1))
        try handle.close()
        let result = CommandLineInterface.main(["--topology", path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains(path))
        #expect(result.standardError.contains("larger than 64 MiB"), "\(result.standardError)")
    }

    @Test func invalidUTF8NamesTheFileAndTheOffset() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.json").path
        try Data([0x7B, 0x22, 0x61, 0xFF, 0x22, 0x3A, 0x31, 0x7D]).write(to: URL(fileURLWithPath: path))
        let result = CommandLineInterface.main(["--scenario", path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("\(path): $: the file is not UTF-8 text (invalid byte at offset 3)"), "\(result.standardError)")
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let node = try InputFile.parseJSON([0xEF, 0xBB, 0xBF] + Array(#"{"regions": ["us-east"]}"#.utf8), file: "bom.json")
        #expect(try Topology.parse(node).regions.count == 1)
    }

    @Test func aDistributionWrittenAsADurationStringSaysHowToWriteIt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("scenario.json").path
        try Data(#"{"topology": "us-east", "service_time": "5ms"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let result = CommandLineInterface.main(["--scenario", path])
        #expect(result.exitCode == 65)
        #expect(
            result.standardError.contains(#"\#(path): $.service_time: expected a distribution object; for a constant write {"constant": "5ms"}"#),
            "\(result.standardError)")
    }

    // MARK: Regressions: JSON syntax messages

    /// Found: an unexpected non-ASCII character was shown by its first UTF-8 byte read as
    /// Latin-1 ('Ã' for 'é'); invisible characters were printed raw.
    @Test func unexpectedCharactersAreShownWhole() {
        for (text, shown) in [("é", "'é'"), ("[🦀]", "'🦀'"), ("\u{FEFF}{}", "U+FEFF"), ("[\u{7F}]", "U+007F"), ("{\"a\": \"\\é\"}", "'é'")] {
            do {
                _ = try JSONParser.parse(text)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.message.contains(shown), "\(error.message)")
            }
        }
    }
}
