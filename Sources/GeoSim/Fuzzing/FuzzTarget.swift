/// The parsers that take user input, each wrapped as a fuzz target: bytes in, a
/// `FuzzVerdict` out. Used by the `geosim-fuzz` driver, the libFuzzer entry point and the
/// fuzz regression tests.
///
/// Every target treats its input as what a user could type or save:
///
/// | target | input | entry point |
/// | --- | --- | --- |
/// | `duration` | text | `DurationText.parse` |
/// | `distribution` | text of `--jitter`/`--service-time` | `Distribution.parse(commandLineText:)`, then samples |
/// | `json` | a JSON document | `JSONParser.parse`, then a write/parse round trip |
/// | `topology` | a topology file's bytes | `InputFile.parseJSON` + `Topology.parse` |
/// | `scenario` | a scenario file's bytes | `ScenarioSettings.parse` + `makeScenario()` |
/// | `fault-flag` | `--FLAG TEXT` (first space splits) | `FaultParser.parse(flag:text:topology:)` |
/// | `fault-file` | a fault file's bytes | `FaultFile.parse` |
/// | `command-line` | words, one per line | `RunOptions.parse`, the commands' `makePlan`/`makeSetup` |
/// | `history` | a recorded history (Jepsen EDN or geosim JSON Lines) | `JepsenHistory.read` / `GeoSimHistoryFile.read`, then `ModelChecker.check` |
/// | `sim-distribution`, `sim-fault-flag`, `sim-fault-file`, `sim-scenario`, `sim-command-line` | as above | the parser, then a short bounded simulation of what parsed (`FuzzSimulation`) |
///
/// `command-line` stops at option parsing: nothing is simulated and no file is written.
/// The `sim-` targets run what parses (`FuzzSimulation`), bounded to milliseconds.
/// Relative paths in inputs resolve against the working directory (run from the repo
/// root, where `topologies/` holds real files to reach).
public enum FuzzTarget: String, CaseIterable, Sendable {
    case duration
    case distribution
    case json
    case topology
    case scenario
    case faultFlag = "fault-flag"
    case faultFile = "fault-file"
    case commandLine = "command-line"
    case simDistribution = "sim-distribution"
    case simFaultFlag = "sim-fault-flag"
    case simFaultFile = "sim-fault-file"
    case simScenario = "sim-scenario"
    case simCommandLine = "sim-command-line"
    case history

    /// The parse-only target whose corpus a simulating target also starts from (its own
    /// folder adds inputs that stress the run), or nil.
    public var baseTarget: FuzzTarget? {
        switch self {
        case .simDistribution: return .distribution
        case .simFaultFlag: return .faultFlag
        case .simFaultFile: return .faultFile
        case .simScenario: return .scenario
        case .simCommandLine: return .commandLine
        default: return nil
        }
    }

    /// The name a scenario input is read as: relative topology and fault paths in it
    /// resolve against `topologies/`.
    public static let scenarioFileName = "topologies/fuzz-scenario.json"

    /// The topology fault flags and fault files are resolved against: us-east with three
    /// nodes in three zones (`us-east/a`…), us-west and eu-central with one each.
    public static let faultTopologyJSON = """
        {"regions": [{"name": "us-east", "nodes": 3}, "us-west", "eu-central"]}
        """

    /// The topology of `faultTopologyJSON`, parsed once.
    static let faultTopology: Topology? = {
        guard let root = try? JSONParser.parse(faultTopologyJSON) else { return nil }
        return try? Topology.parse(InputNode(root))
    }()

    /// Runs the target on `input`. Never traps on its own account; a trap inside is a bug
    /// of the parser under test.
    public func run(_ input: [UInt8]) -> FuzzVerdict {
        switch self {
        case .duration: return FuzzTarget.duration(text(input))
        case .distribution: return FuzzTarget.distribution(text(input))
        case .json: return FuzzTarget.json(text(input))
        case .topology: return FuzzTarget.topology(input)
        case .scenario: return FuzzTarget.scenario(input)
        case .faultFlag: return FuzzTarget.faultFlag(text(input))
        case .faultFile: return FuzzTarget.faultFile(input)
        case .commandLine: return FuzzTarget.commandLine(text(input))
        case .simDistribution: return FuzzTarget.simDistribution(text(input))
        case .simFaultFlag: return FuzzTarget.simFaultFlag(text(input))
        case .simFaultFile: return FuzzTarget.simFaultFile(input)
        case .simScenario: return FuzzTarget.simScenario(input)
        case .simCommandLine: return FuzzTarget.simCommandLine(text(input))
        case .history: return FuzzTarget.history(input)
        }
    }

    /// Command-line text as the shell would hand it over: bytes decoded as UTF-8, invalid
    /// sequences replaced.
    private func text(_ input: [UInt8]) -> String {
        String(decoding: input, as: UTF8.self)
    }

    // MARK: Targets

    static func duration(_ text: String) -> FuzzVerdict {
        do {
            let value = try DurationText.parse(text)
            guard value >= 0 else { return .finding("duration '\(text)' parsed to a negative \(value) ns") }
            // Formatting and reading back stays within the formatter's rounding (0.05%).
            let formatted = DurationText.format(value)
            guard let again = try? DurationText.parse(formatted) else {
                return .finding("duration '\(text)' = \(value) ns formats as '\(formatted)', which does not parse")
            }
            let tolerance = max(1, Double(value) * 5e-4)
            guard abs(Double(again) - Double(value)) <= tolerance else {
                return .finding("duration '\(text)' = \(value) ns formats as '\(formatted)' = \(again) ns")
            }
            return .accepted
        } catch {
            return FuzzVerdict.judge(message: error.description, context: "duration '\(text)'")
        }
    }

    static func distribution(_ text: String) -> FuzzVerdict {
        let distribution: Distribution
        do {
            distribution = try Distribution.parse(commandLineText: text)
        } catch {
            return FuzzVerdict.judge(error, context: "distribution")
        }
        return checkDistribution(distribution, context: "distribution '\(text)'")
    }

    /// A parsed distribution must sample non-negative values, have a non-NaN mean, and
    /// echo (`jsonValue`) as JSON that parses back.
    static func checkDistribution(_ distribution: Distribution, context: String) -> FuzzVerdict {
        var random = RandomStream(seed: 7)
        for _ in 0..<16 {
            let draw = distribution.sample(using: &random)
            guard draw >= 0 else { return .finding("\(context): negative sample \(draw)") }
        }
        guard !distribution.mean.isNaN else { return .finding("\(context): mean is NaN") }
        let echoed = JSONWriter.string(distribution.jsonValue, pretty: false)
        do {
            _ = try Distribution.parse(InputNode(try JSONParser.parse(echoed)))
        } catch {
            return .finding("\(context): its echo \(echoed) does not parse back: \(error.description)")
        }
        return .accepted
    }

    static func json(_ text: String) -> FuzzVerdict {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            return FuzzVerdict.judge(error, context: "JSON")
        }
        let written = JSONWriter.string(value, pretty: false)
        do {
            let again = try JSONParser.parse(written)
            let rewritten = JSONWriter.string(again, pretty: false)
            guard rewritten == written else { return .finding("JSON round trip changed \(written) into \(rewritten)") }
        } catch {
            return .finding("JSON written as \(written) does not parse back: \(error.description)")
        }
        return .accepted
    }

    /// The name file inputs are attributed to.
    static let inputFileName = "fuzz-input.json"

    static func topology(_ input: [UInt8]) -> FuzzVerdict {
        let topology: Topology
        do throws(InputError) {
            let root = try InputFile.parseJSON(input, file: inputFileName)
            do { topology = try Topology.parse(root) } catch { throw error.inFile(inputFileName) }
        } catch {
            return FuzzVerdict.judge(error, context: "topology file", file: inputFileName)
        }
        return checkTopology(topology, context: "topology file")
    }

    /// The invariants `Topology` documents.
    static func checkTopology(_ topology: Topology, context: String) -> FuzzVerdict {
        let count = topology.regions.count
        guard count > 0, topology.roundTrips.count == count * count, topology.linkJitter.count == count * count,
            topology.zoneCounts.count == count
        else {
            return .finding("\(context): table sizes do not match \(count) regions")
        }
        for i in 0..<count {
            guard topology.zoneCounts[i] >= 1 else { return .finding("\(context): region \(i) has no zone") }
            for j in 0..<count where i != j {
                let rtt = topology.roundTrip(fromRegion: i, toRegion: j)
                guard rtt > 0, rtt == topology.roundTrip(fromRegion: j, toRegion: i) else {
                    return .finding("\(context): round trip \(i)-\(j) is \(rtt) ns or not symmetric")
                }
            }
        }
        guard topology.crossZoneRoundTrip > 0, topology.sameZoneRoundTrip > 0 else {
            return .finding("\(context): zone round trips must be positive")
        }
        var names = Set<String>()
        for node in topology.nodes {
            guard names.insert(node.name).inserted else { return .finding("\(context): node name '\(node.name)' twice") }
            guard node.region >= 0, node.region < count, node.zone >= 0, node.zone < topology.zoneCounts[node.region] else {
                return .finding("\(context): node '\(node.name)' has region \(node.region), zone \(node.zone)")
            }
        }
        if let jitter = topology.jitter, case .finding(let what) = checkDistribution(jitter, context: "\(context) jitter") {
            return .finding(what)
        }
        return .accepted
    }

    static func scenario(_ input: [UInt8]) -> FuzzVerdict {
        let file = scenarioFileName
        let settings: ScenarioSettings
        do throws(InputError) {
            let root = try InputFile.parseJSON(input, file: file)
            do { settings = try ScenarioSettings.parse(root, file: file) } catch { throw error.inFile(file) }
        } catch {
            return FuzzVerdict.judge(error, context: "scenario file", file: file)
        }
        do {
            let scenario = try settings.makeScenario()
            return checkTopology(scenario.topology, context: "scenario file")
        } catch {
            return FuzzVerdict.judge(error, context: "scenario file")
        }
    }

    static func faultFlag(_ text: String) -> FuzzVerdict {
        guard let topology = faultTopology else { return .finding("the fault topology does not parse") }
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let flag = String(parts[0])
        let value = parts.count > 1 ? String(parts[1]) : ""
        do {
            let fault = try FaultParser.parse(flag: flag, text: value, topology: topology)
            return checkFault(fault, topology: topology, context: "fault flag '\(text)'")
        } catch {
            return FuzzVerdict.judge(error, context: "fault flag '\(text)'")
        }
    }

    /// A parsed fault has a non-negative start, an end after it, and targets that exist.
    static func checkFault(_ fault: Fault, topology: Topology, context: String) -> FuzzVerdict {
        guard fault.start >= 0 else { return .finding("\(context): start \(fault.start) ns is negative") }
        if let end = fault.end, end <= fault.start { return .finding("\(context): end \(end) is not after start \(fault.start)") }
        return .accepted
    }

    /// The verdict on an input that did not parse, carried as an error.
    struct Refusal: Error {
        var verdict: FuzzVerdict
    }

    /// A fault file's faults against the fault topology (the parse-only and the simulating
    /// target share it), or the verdict on an input that does not parse.
    static func parseFaultFile(_ input: [UInt8]) -> Result<(faults: [Fault], topology: Topology), Refusal> {
        guard let topology = faultTopology else { return .failure(Refusal(verdict: .finding("the fault topology does not parse"))) }
        do throws(InputError) {
            let root = try InputFile.parseJSON(input, file: inputFileName)
            do { return .success((try FaultFile.parse(root, topology: topology), topology)) } catch { throw error.inFile(inputFileName) }
        } catch {
            return .failure(Refusal(verdict: FuzzVerdict.judge(error, context: "fault file", file: inputFileName)))
        }
    }

    static func faultFile(_ input: [UInt8]) -> FuzzVerdict {
        let faults: [Fault]
        let topology: Topology
        switch parseFaultFile(input) {
        case .success(let parsed): (faults, topology) = parsed
        case .failure(let refusal): return refusal.verdict
        }
        for fault in faults {
            if case .finding(let what) = checkFault(fault, topology: topology, context: "fault file") { return .finding(what) }
        }
        return .accepted
    }
}
