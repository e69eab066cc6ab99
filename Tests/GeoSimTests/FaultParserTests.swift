import Testing

@testable import GeoSim

/// The fault flags of CLI.md: every shorthand, dashed-name splitting, and error messages.
struct FaultParserTests {
    /// us-east (0), us-west (1), eu-central (2); one node each, named like its region.
    static let three: Topology = {
        do { return try Topology.fromRegionList("us-east,us-west,eu-central") } catch { preconditionFailure("\(error)") }
    }()
    /// The same regions with three nodes each: us-east/a (0), us-east/b (1), us-east/c (2),
    /// us-west/a (3), …, eu-central/c (8).
    static let nine: Topology = {
        do { return try Topology.fromRegionList("us-east,us-west,eu-central", replicasPerRegion: 3) } catch { preconditionFailure("\(error)") }
    }()

    static func parse(_ flag: String, _ text: String, _ topology: Topology = three) throws -> Fault {
        try FaultParser.parse(flag: flag, text: text, topology: topology)
    }

    /// The usage error `text` fails with, or nil when it parses.
    static func failure(_ flag: String, _ text: String, _ topology: Topology = three) -> UsageError? {
        do {
            _ = try FaultParser.parse(flag: flag, text: text, topology: topology)
            return nil
        } catch {
            return error
        }
    }

    let s = Nanoseconds.second

    // MARK: Every shorthand

    @Test func isolate() throws {
        #expect(
            try Self.parse("--isolate", "us-west@10s..40s")
                == Fault(
                    kind: .partition(sideA: [.region(1)], sideB: []), start: 10 * s, end: 40 * s,
                    label: "--isolate us-west@10s..40s"))
    }

    @Test func isolateByAWSCodeWithOpenWindow() throws {
        #expect(
            try Self.parse("--isolate", "eu-central-1@1.5s..")
                == Fault(
                    kind: .partition(sideA: [.region(2)], sideB: []), start: 1_500 * .millisecond, end: nil,
                    label: "--isolate eu-central-1@1.5s.."))
    }

    @Test func partitionOfRegions() throws {
        #expect(
            try Self.parse("--partition", "us-east|us-west,eu-central@10s..40s")
                == Fault(
                    kind: .partition(sideA: [.region(0)], sideB: [.region(1), .region(2)]), start: 10 * s, end: 40 * s,
                    label: "--partition us-east|us-west,eu-central@10s..40s"))
    }

    @Test func partitionOfNodes() throws {
        let fault = try Self.parse("--partition", "us-east/a,us-west/b|eu-central@2m..3m", Self.nine)
        #expect(fault.kind == .partition(sideA: [.node(0), .node(4)], sideB: [.region(2)]))
        #expect(fault.start == 2 * .minute && fault.end == 3 * .minute)
    }

    @Test func oneWay() throws {
        #expect(
            try Self.parse("--one-way", "us-east,us-west->eu-central@5s..15s")
                == Fault(
                    kind: .oneWay(from: [.region(0), .region(1)], to: [.region(2)]), start: 5 * s, end: 15 * s,
                    label: "--one-way us-east,us-west->eu-central@5s..15s"))
    }

    @Test func crashRegionWithRestart() throws {
        #expect(
            try Self.parse("--crash", "us-west@20s..35s")
                == Fault(kind: .crash(.region(1)), start: 20 * s, end: 35 * s, label: "--crash us-west@20s..35s"))
    }

    @Test func crashNodeForever() throws {
        #expect(
            try Self.parse("--crash", "us-west/c@250ms", Self.nine)
                == Fault(kind: .crash(.node(5)), start: 250 * .millisecond, end: nil, label: "--crash us-west/c@250ms"))
    }

    @Test func slowMultiplier() throws {
        #expect(
            try Self.parse("--slow", "us-east-us-west x3@1s..2s")
                == Fault(
                    kind: .slow(sideA: [.region(0)], sideB: [.region(1)], multiplier: 3, addedDelay: 0),
                    start: 1 * s, end: 2 * s, label: "--slow us-east-us-west x3@1s..2s"))
    }

    /// The one-word form `A~B:SLOWDOWN` needs no quotes; it means what the older,
    /// spaced form does, node names included, and replays print it.
    @Test func slowInOneWord() throws {
        #expect(
            try Self.parse("--slow", "us-east~us-west:x3@1s..2s").kind == Self.parse("--slow", "us-east-us-west x3@1s..2s").kind)
        #expect(
            try Self.parse("--slow", "us-east/a~us-east/b:x2+5ms@1s..2s", Self.nine).kind
                == Self.parse("--slow", "us-east/a-us-east/b x2+5ms@1s..2s", Self.nine).kind)
        let fault = try Self.parse("--slow", "eu-central~us-east:+30ms@5s..6s")
        #expect(FaultFlags.flag(for: fault, in: Self.three)?.value == "eu-central~us-east:+30ms@5s..6s")
        #expect(Self.failure("--slow", "us-east~us-west@1s..2s")?.message.contains("A~B:SLOWDOWN") == true)
        #expect(Self.failure("--slow", "us-east~us-east:x2@1s..2s")?.message.contains("overlap") == true)
        #expect(Self.failure("--slow", "us-east~us-wset:x2@1s..2s")?.hint?.contains("us-west") == true)
        #expect(Self.failure("--slow", "us-east~us-west~eu-central:x2@1s..2s")?.message.contains("one '~'") == true)
    }

    /// A node is also named through its region's code or alias: `us-east-1/b` is
    /// `us-east/b`, and on Azure `eastus/a` is `us-east/a`.
    @Test func aNodeAnswersToItsRegionsOtherNames() throws {
        #expect(try Self.parse("--crash", "us-east-1/b@1s", Self.nine).kind == .crash(.node(1)))
        let azure = CommandLineInterface.main([
            "--topology", "eastus,westus2", "--catalog", "azure", "--replicas-per-region", "3", "--crash", "eastus/a@1s", "--duration", "2s", "--rate", "20",
        ])
        #expect(azure.exitCode == 0, "\(azure.standardError)")
    }

    /// A zone-qualified name on a topology without zones says which flag makes zones.
    @Test func aNodeNameWithoutZonesSaysWhereZonesComeFrom() throws {
        let error = try #require(Self.failure("--crash", "us-east/a@1s"))
        #expect(error.message.contains("us-east/a") && error.hint?.contains("--replicas-per-region") == true, "\(error)")
        #expect(error.hint?.contains("us-east, us-east-1, us-west") == true, "\(error)")
    }

    @Test func slowAddedDelay() throws {
        #expect(
            try Self.parse("--slow", "us-west-eu-central +50ms@0s..").kind
                == .slow(sideA: [.region(1)], sideB: [.region(2)], multiplier: 1, addedDelay: 50 * .millisecond))
    }

    @Test func slowBoth() throws {
        #expect(
            try Self.parse("--slow", "eu-central-us-east x2.5+30ms@5s..6s").kind
                == .slow(sideA: [.region(2)], sideB: [.region(0)], multiplier: 2.5, addedDelay: 30 * .millisecond))
        #expect(
            try Self.parse("--slow", "eu-central-us-east +30ms x2.5@5s..6s").kind
                == .slow(sideA: [.region(2)], sideB: [.region(0)], multiplier: 2.5, addedDelay: 30 * .millisecond))
    }

    @Test func lossWholeRun() throws {
        #expect(
            try Self.parse("--loss", "0.01")
                == Fault(kind: .loss(probability: 0.01, sideA: [], sideB: []), start: 0, end: nil, label: "--loss 0.01"))
    }

    @Test func lossWindow() throws {
        #expect(
            try Self.parse("--loss", "0.2@30s..40s")
                == Fault(kind: .loss(probability: 0.2, sideA: [], sideB: []), start: 30 * s, end: 40 * s, label: "--loss 0.2@30s..40s"))
    }

    @Test func duplicate() throws {
        #expect(
            try Self.parse("duplicate", "1@1m..")
                == Fault(kind: .duplicate(probability: 1, sideA: [], sideB: []), start: .minute, end: nil, label: "--duplicate 1@1m.."))
    }

    @Test func clockSkew() throws {
        #expect(
            try Self.parse("--clock-skew", "us-west=+5ms")
                == Fault(kind: .clock(node: 1, offset: 5 * .millisecond, drift: 0), start: 0, end: nil, label: "--clock-skew us-west=+5ms"))
        #expect(
            try Self.parse("--clock-skew", "us-east/b=-2ms,drift=0.001", Self.nine).kind
                == .clock(node: 1, offset: -2 * .millisecond, drift: 0.001))
        #expect(
            try Self.parse("--clock-skew", "eu-central=3ms,drift=-0.2@10s..20s")
                == Fault(
                    kind: .clock(node: 2, offset: 3 * .millisecond, drift: -0.2), start: 10 * s, end: 20 * s,
                    label: "--clock-skew eu-central=3ms,drift=-0.2@10s..20s"))
    }

    // MARK: Dashed names

    @Test func dashedRegionNamesSplitWhereBothSidesResolve() throws {
        #expect(
            try Self.parse("--slow", "us-east-eu-central x3@1s..2s").kind
                == .slow(sideA: [.region(0)], sideB: [.region(2)], multiplier: 3, addedDelay: 0))
        // AWS codes carry digits and dashes too.
        #expect(
            try Self.parse("--slow", "us-west-2-us-east-1 x3@1s..2s").kind
                == .slow(sideA: [.region(1)], sideB: [.region(0)], multiplier: 3, addedDelay: 0))
        // Node names.
        #expect(
            try Self.parse("--slow", "us-east/a-us-east/b x2@1s..2s", Self.nine).kind
                == .slow(sideA: [.node(0)], sideB: [.node(1)], multiplier: 2, addedDelay: 0))
    }

    @Test func ambiguousSplitIsAnError() throws {
        // Custom regions "a", "a-b", "b", "b-c" … make "a-b-c" readable two ways if "c" exists too.
        let region = { (name: String) in Region(name: name, city: "", latitude: 0, longitude: 0) }
        let names = ["a", "a-b", "b-c", "c"]
        let topology = Topology(
            regions: names.map(region), roundTrips: Array(repeating: 1, count: 16),
            nodes: Topology.placeNodes(
                regions: names.map(region), nodeCounts: [1, 1, 1, 1],
                zoneCounts: [1, 1, 1, 1]),
            zoneCounts: [1, 1, 1, 1])
        let error = try #require(Self.failure("--slow", "a-b-c x2@1s..2s", topology))
        #expect(error.message.contains("'a-b-c' is ambiguous"))
        #expect(error.message.contains("a / b-c") && error.message.contains("a-b / c"))
    }

    @Test func unresolvableLinkIsAnError() throws {
        let error = try #require(Self.failure("--slow", "us-east-us-wset x3@1s..2s"))
        #expect(error.message.contains("'us-east-us-wset x3@1s..2s'"))
        #expect(error.hint == "Did you mean 'us-west'?")
        let same = try #require(Self.failure("--slow", "us-east-us-east x3@1s..2s"))
        #expect(same.message.contains("overlap"))
    }

    // MARK: Malformed input

    @Test func missingAt() throws {
        let error = try #require(Self.failure("--isolate", "us-east"))
        #expect(error.message.contains("'us-east'"))
        #expect(error.message.contains("missing '@'"))
        #expect(error.hint?.contains("REGION@START..END") == true)
    }

    @Test func partitionWithoutEnd() throws {
        let error = try #require(Self.failure("--partition", "us-east|us-west@10s"))
        #expect(error.message.contains("Invalid --partition 'us-east|us-west@10s'"))
        #expect(error.message.contains("START..END"))
    }

    @Test func partitionWithoutTwoSides() throws {
        let error = try #require(Self.failure("--partition", "us-east,us-west@10s..20s"))
        #expect(error.message == "Invalid --partition 'us-east,us-west@10s..20s': expected A,B|C@START..END, e.g. us-east|us-west,eu-central@10s..40s.")
    }

    @Test func endNotAfterStart() throws {
        for text in ["us-east@10s..10s", "us-east@10s..5s"] {
            let error = try #require(Self.failure("--isolate", text))
            #expect(error.message.contains("'\(text)'"))
            #expect(error.message.contains("must be after the start 10s"))
        }
    }

    @Test func bareNumberTime() throws {
        let error = try #require(Self.failure("--crash", "us-east@10..20s"))
        #expect(error.message.contains("'us-east@10..20s'"))
        #expect(error.message.contains("'10' has no unit"))
    }

    @Test func unknownRegionGetsAHint() throws {
        let error = try #require(Self.failure("--partition", "us-east|us-wset@10s..20s"))
        #expect(error.message.contains("'us-east|us-wset@10s..20s'"))
        #expect(error.message.contains("unknown region or node 'us-wset'"))
        #expect(error.hint == "Did you mean 'us-west'?")
        let node = try #require(Self.failure("--crash", "us-east/d@1s", Self.nine))
        #expect(node.message.contains("'us-east/d'"))
        #expect(node.hint?.hasPrefix("Did you mean 'us-east/") == true)
    }

    @Test func probabilityOutOfRange() throws {
        for text in ["1.5", "-0.1", "nan", "0x1p-1", "5%@1s..2s"] {
            let error = try #require(Self.failure("--loss", text))
            #expect(error.message.contains("'\(text)'"))
            #expect(error.message.contains("between 0 and 1"))
        }
        #expect(Self.failure("--duplicate", "1.5") != nil)
    }

    @Test func badMultiplier() throws {
        for text in ["us-east-us-west x0.5@1s..2s", "us-east-us-west xfast@1s..2s", "us-east-us-west x@1s..2s"] {
            let error = try #require(Self.failure("--slow", text))
            #expect(error.message.contains("'\(text)'"))
            #expect(error.message.contains("multiplier"))
        }
        let missing = try #require(Self.failure("--slow", "us-east-us-west@1s..2s"))
        #expect(missing.message.contains("A~B:SLOWDOWN"))
        let unitless = try #require(Self.failure("--slow", "us-east-us-west +50@1s..2s"))
        #expect(unitless.message.contains("'50' has no unit"))
    }

    @Test func overlappingSides() throws {
        let error = try #require(Self.failure("--partition", "us-east|us-east/b@1s..2s", Self.nine))
        #expect(error.message.contains("overlap"))
        #expect(Self.failure("--one-way", "us-west->us-west@1s..2s") != nil)
        #expect(Self.failure("--partition", "us-west,us-west|us-east@1s..2s")?.message.contains("listed twice") == true)
    }

    @Test func clockSkewErrors() throws {
        #expect(Self.failure("--clock-skew", "us-west")?.message.contains("NODE=±D") == true)
        #expect(Self.failure("--clock-skew", "us-west=5")?.message.contains("'5' has no unit") == true)
        #expect(Self.failure("--clock-skew", "us-west=5ms,drift=0.5")?.message.contains("drift '0.5'") == true)
        #expect(Self.failure("--clock-skew", "us-west=5ms,speed=2")?.message.contains("'speed=2'") == true)
        let region = try #require(Self.failure("--clock-skew", "us-east=5ms", Self.nine))
        #expect(region.message.contains("region with 3 nodes"))
    }

    @Test func moreThanOneAtAndUnknownFlag() throws {
        #expect(Self.failure("--isolate", "us-east@1s..2s@3s")?.message.contains("more than one '@'") == true)
        let unknown = try #require(Self.failure("--isolat", "us-east@1s..2s"))
        #expect(unknown.hint == "Did you mean '--isolate'?")
    }

    // MARK: Help

    @Test func syntaxHelpCoversEveryFlagWithinEightyColumns() {
        for line in FaultParser.syntaxHelp.split(separator: "\n") {
            #expect(line.count <= 80, "too wide: \(line)")
        }
        for flag in FaultParser.flags {
            #expect(FaultParser.syntaxHelp.contains("e.g. \(flag) "), "no example for \(flag)")
        }
    }

    /// Every example the help shows parses.
    @Test func helpExamplesParse() {
        let words = FaultParser.syntaxHelp.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var checked = 0
        for (index, word) in words.enumerated() where FaultParser.flags.contains(word) && index + 1 < words.count {
            let value = words[index + 1]
            guard value.first?.isUppercase == false else { continue }  // the syntax line, not an example
            let text = value
            // Examples name nodes of one-replica or three-replica regions.
            #expect(
                Self.failure(word, text, Self.three) == nil || Self.failure(word, text, Self.nine) == nil,
                "example does not parse: \(word) \(text)")
            checked += 1
        }
        #expect(checked >= 12)
    }
}

/// Faults the end of the run drops or cuts short are named on stderr.
@Suite struct FaultWindowWarningTests {
    @Test func faultsPastTheEndAreNamed() {
        let result = CommandLineInterface.main([
            "--topology", "us-east,us-west", "--duration", "10s", "--rate", "50", "--isolate", "us-east@12s..14s", "--crash", "us-west@5s..20s",
            "--loss", "0.01@2s..4s",
        ])
        #expect(result.exitCode == 0)
        #expect(result.standardError.contains("'--isolate us-east@12s..14s' starts at 12s") && result.standardError.contains("never happens"))
        #expect(result.standardError.contains("'--crash us-west@5s..20s' runs to 20s") && result.standardError.contains("cut short"))
        #expect(!result.standardError.contains("--loss"), "\(result.standardError)")
    }

    @Test func checkSaysWhatSeedMeans() {
        let result = CommandLineInterface.main(["check", "--topology", "us-east", "--duration", "1s", "--rate", "20", "--seed", "3", "--seeds", "1"])
        #expect(!result.standardError.contains("--seeds 3"))
        let bare = CommandLineInterface.main([
            "check", "--topology", "us-east", "--duration", "1s", "--rate", "5", "--seed", "2", "--no-chaos", "--liveness-bound", "2s",
        ])
        #expect(bare.standardError.contains("For 2 seeds, write --seeds 2"), "\(bare.standardError)")
    }
}
