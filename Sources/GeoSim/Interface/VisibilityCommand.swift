import Foundation

/// `geosim visibility`: the PBS t-visibility experiment (`VisibilityExperiment`) for the
/// leaderless store a scenario file describes, printed as a table or as
/// `geosim.visibility/1` JSON (CLI.md).
///
/// The scenario file is read for its `replication` object (`ReplicationSettings.parse`),
/// its `topology` (a region list, a topology file path relative to the scenario, or a
/// topology object), `replicas_per_region` and `seed`; other keys are ignored, so a run
/// scenario can be reused as is. Flags override the file.
public enum VisibilityCommand {
    /// The options, in help order.
    public static let specs: [OptionSpec] = [
        OptionSpec("--scenario", "FILE", "a scenario file (JSON) whose `replication` object describes the store"),
        OptionSpec(
            "--t-grid", "LIST", "times after the commit at which reads start, durations with units, comma-separated",
            default: "0ms,1ms,2ms,5ms,10ms,20ms,50ms,100ms,200ms,500ms,1s"),
        OptionSpec("--trials", "N", "trials (a write and a read each), the same trials for every t", default: "100000"),
        OptionSpec("--seed", "N", "the seed every draw derives from", default: "1"),
        OptionSpec("--format", "text|json", "output format", default: "text"),
        OptionSpec("--out", "FILE", "write the output to FILE instead of stdout"),
        OptionSpec("--export", "DIR", "also write visibility.json, CSV tables, the t-visibility chart, manifest.json and a notebook to DIR"),
        OptionSpec(
            "--topology", "LIST|FILE",
            "regions (or a topology file) giving the legs when the scenario has no replication.legs: half the round trip from the first region to each replica"),
        OptionSpec("--replicas-per-region", "N", "replicas in each region of a --topology LIST", default: "1"),
        OptionSpec("--n", "N", "replicas per key (1..15)", default: "3"),
        OptionSpec("--r", "R", "read quorum (1..N)", default: "1"),
        OptionSpec("--w", "W", "write quorum (1..N)", default: "1"),
    ]

    /// The default grid of t (ns).
    public static let defaultGrid: [Nanoseconds] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map { $0 * .millisecond }
    /// The default number of trials.
    public static let defaultTrials = 100_000
    /// The most trials one run may ask for.
    public static let maximumTrials = 1_000_000_000
    /// The most grid points one run may ask for.
    public static let maximumGridPoints = 10_000

    /// `geosim help visibility`.
    public static var helpText: String {
        var text = """
            Usage: geosim visibility (--scenario FILE | --topology LIST) [options]

            PBS-style experiment (Bailis et al., the WARS model) for a leaderless store with
            N replicas, read quorum R and write quorum W: in each trial a write goes to all N
            replicas and commits at the W-th acknowledgement; a read starts t after the
            commit, asks all N and uses the first R answers. It is consistent when one of
            those had the write when asked. Prints P(consistent) for every t of the grid (the
            same trials for every t), t_999 (the least t with P >= 0.999, searched past the
            grid if needed) and the write and read latencies. Leg latencies come from the
            scenario's replication.legs, else from the topology (half round trips from the
            first region, no jitter).

            Options:

            """
        text += OptionHelp.lines(specs)
        return text
    }

    /// Output formats.
    enum Format: String {
        case text, json
    }

    /// Everything one run needs, after the file and the flags are combined.
    struct Plan {
        var settings: ReplicationSettings
        var topology: Topology?
        var grid: [Nanoseconds]
        var trials: Int
        var seed: UInt64
        var format: Format
        var outputPath: String?
        var exportDirectory: String?
        /// Where the legs come from, for the text header.
        var legSource: String
    }

    /// Runs `geosim visibility` with the words after `visibility`.
    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        let plan: Plan
        do {
            plan = try makePlan(words)
            try OutputPathCheck.fileOutside(plan.outputPath, export: plan.exportDirectory, flag: "--out")
            try OutputPathCheck.file(plan.outputPath, flag: "--out")
            try OutputPathCheck.export(plan.exportDirectory)
        } catch {
            return .failure(error)
        }
        let result = VisibilityExperiment.run(
            settings: plan.settings, topology: plan.topology, grid: plan.grid,
            trials: plan.trials, seed: plan.seed)
        let text: String
        switch plan.format {
        case .json: text = JSONWriter.string(json(result, plan: plan)) + "\n"
        case .text: text = render(result, plan: plan)
        }
        let export = plan.exportDirectory.map { directory in
            CommandResult.ExportOutput(
                directory: directory,
                files: VisibilityExport.files(
                    result: result, document: JSONWriter.string(json(result, plan: plan)) + "\n",
                    scenario: [("command", (["geosim", "visibility"] + words.map(FaultFlags.shellQuoted)).joined(separator: " ")), ("legs", plan.legSource)],
                    seed: plan.seed, version: CommandLineInterface.version))
        }
        if let path = plan.outputPath { return CommandResult(files: [.init(path: path, contents: text)], export: export) }
        return CommandResult(standardOutput: text, export: export)
    }

    // MARK: Options

    /// What the scenario file and the flags say, before the topology is resolved.
    struct Draft {
        var settings: ReplicationSettings = {
            var leaderless = ReplicationSettings()
            leaderless.mode = .leaderless
            return leaderless
        }()
        var seed: UInt64 = 1
        var grid = defaultGrid
        var trials = defaultTrials
        var format = Format.text
        /// The scenario file's `topology` and the file's path.
        var fileTopology: (node: InputNode, file: String)?
        var fileReplicasPerRegion: Int?
        var topologyFlag: String?
        var replicasPerRegion: Int?
    }

    static func makePlan(_ words: [String]) throws(CommandFailure) -> Plan {
        let parsed: [ArgumentScanner.Parsed]
        do {
            parsed = try ArgumentScanner.scan(words, options: specs, command: "visibility")
        } catch {
            throw .usage(error)
        }
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }
        var draft = Draft()
        if let path = last("--scenario") {
            do { try readScenario(path, into: &draft) } catch { throw .input(error) }
        }
        do { try applyFlags(parsed, to: &draft) } catch { throw .usage(error) }
        let topology = try resolveTopology(draft)
        let legSource = try legSource(draft.settings, topology: topology)
        return Plan(
            settings: draft.settings, topology: topology, grid: draft.grid, trials: draft.trials, seed: draft.seed,
            format: draft.format, outputPath: last("--out"), exportDirectory: last("--export"), legSource: legSource)
    }

    /// Reads `--scenario`'s replication (leaderless only), seed, replicas per region and
    /// topology; errors name the file.
    static func readScenario(_ path: String, into draft: inout Draft) throws(InputError) {
        let root = try InputFile.readJSON(path: path)
        do throws(InputError) {
            if let replication = try root.optional("replication") {
                draft.settings = try ReplicationSettings.parse(replication)
                if let modeNode = try replication.optional("mode"), draft.settings.mode != .leaderless {
                    throw modeNode.error(
                        "the visibility experiment models a leaderless store; mode must be \"leaderless\", got \"\(draft.settings.mode.rawValue)\"")
                }
                draft.settings.mode = .leaderless
            }
            if let node = try root.optional("seed") { draft.seed = UInt64(try node.integer(in: 0...Int.max)) }
            if let node = try root.optional("replicas_per_region") {
                draft.fileReplicasPerRegion = try node.integer(in: 1...Topology.maximumNodesPerRegion)
            }
            if let node = try root.optional("topology") { draft.fileTopology = (node, path) }
        } catch {
            throw error.inFile(path)
        }
    }

    /// Applies the flags over the scenario file's values, then checks the quorums.
    static func applyFlags(_ parsed: [ArgumentScanner.Parsed], to draft: inout Draft) throws(UsageError) {
        for option in parsed {
            let value = option.value ?? ""
            switch option.name {
            case "--t-grid": draft.grid = try parseGrid(value)
            case "--trials": draft.trials = try integer(value, flag: option.name, in: 1...maximumTrials)
            case "--seed":
                guard let number = NumberText.unsigned(value) else {
                    throw UsageError("Invalid value '\(value)' for --seed: expected a whole number from 0 to \(UInt64.max).")
                }
                draft.seed = number
            case "--format":
                guard let chosen = Format(rawValue: value.trimmingSpaces) else {
                    let hint =
                        Suggestion.closest(to: value, among: ["text", "json"]).map { "Did you mean '\($0)'?" }
                        ?? "Expected text or json."
                    throw UsageError("Invalid value '\(value)' for --format.", hint: hint)
                }
                draft.format = chosen
            case "--topology": draft.topologyFlag = value
            case "--replicas-per-region":
                draft.replicasPerRegion = try integer(value, flag: option.name, in: 1...Topology.maximumNodesPerRegion)
            case "--n": draft.settings.n = try integer(value, flag: option.name, in: 1...ReplicationSettings.maximumReplicas)
            case "--r": draft.settings.r = try integer(value, flag: option.name, in: 1...ReplicationSettings.maximumReplicas)
            case "--w": draft.settings.w = try integer(value, flag: option.name, in: 1...ReplicationSettings.maximumReplicas)
            default: break  // --scenario (read before), --out and --export (by makePlan)
            }
        }
        // Flags may change N after the file set R and W, or the other way round.
        for (name, quorum) in [("--r", draft.settings.r), ("--w", draft.settings.w)] where quorum > draft.settings.n {
            throw UsageError(
                "The quorum \(name.dropFirst(2).uppercased())=\(quorum) is larger than N=\(draft.settings.n).",
                hint: "Quorums must lie in 1...N; set \(name) or --n.")
        }
    }

    /// The topology of `--topology` (a region list or a file), else the scenario file's;
    /// nil when neither gives one.
    static func resolveTopology(_ draft: Draft) throws(CommandFailure) -> Topology? {
        let replicasPerRegion = draft.replicasPerRegion ?? draft.fileReplicasPerRegion ?? 1
        if let flag = draft.topologyFlag {
            if flag.lowercased().hasSuffix(".json") || flag.contains("/") {
                do { return try Topology.load(path: flag) } catch { throw .input(error) }
            }
            do { return try Topology.fromRegionList(flag, replicasPerRegion: replicasPerRegion) } catch { throw .usage(error) }
        }
        guard let source = draft.fileTopology else { return nil }
        do {
            return try fileTopology(source.node, scenarioPath: source.file, replicasPerRegion: replicasPerRegion)
        } catch {
            throw .input(error.inFile(source.file))
        }
    }

    /// Where the legs come from, for the text header: the file's `replication.legs`, else
    /// half round trips over `topology`, which must then exist and have N replicas.
    static func legSource(_ settings: ReplicationSettings, topology: Topology?) throws(CommandFailure) -> String {
        // The topology matters only when the legs do not come from the file.
        guard settings.legs == nil else { return "replication.legs" }
        guard let topology else {
            throw .usage(
                UsageError(
                    "No leg latencies: the scenario has no replication.legs and there is no topology.",
                    hint: "Add \"legs\" to the scenario's replication object, or --topology us-east,us-west,eu-central."))
        }
        guard topology.nodes.count >= settings.n else {
            let perRegion = (settings.n + topology.regions.count - 1) / topology.regions.count
            throw .usage(
                UsageError(
                    "The topology has \(topology.nodes.count) replica\(topology.nodes.count == 1 ? "" : "s") but N=\(settings.n).",
                    hint: "Add regions, use --replicas-per-region \(perRegion), or lower --n."))
        }
        let first = topology.regions.first?.name ?? "?"
        return "half round trips from \(first) to \(topology.nodes.prefix(settings.n).map(\.name).joined(separator: ", "))"
    }

    /// A topology written in a scenario file: a region list, a topology file path (relative
    /// to the scenario's folder), `{"regions": ["us-east", …], "replicas_per_region": N,
    /// "cross_zone_rtt": D}`, or a full topology object. Errors name the JSON path.
    static func fileTopology(_ node: InputNode, scenarioPath: String, replicasPerRegion: Int) throws(InputError) -> Topology {
        if case .string(let text) = node.value {
            if text.lowercased().hasSuffix(".json") {
                let directory = (scenarioPath as NSString).deletingLastPathComponent
                let resolved = text.hasPrefix("/") || directory.isEmpty ? text : directory + "/" + text
                return try Topology.load(path: resolved)
            }
            do {
                return try Topology.fromRegionList(text, replicasPerRegion: replicasPerRegion)
            } catch {
                throw node.error(error.description)
            }
        }
        return try ScenarioSettings.inlineTopology(
            node, replicasPerRegion: replicasPerRegion,
            crossZoneRoundTrip: Topology.defaultCrossZoneRoundTrip)
    }

    /// A comma-separated list of durations with units (`0ms,1ms,5ms`), sorted ascending
    /// without repeats.
    static func parseGrid(_ text: String) throws(UsageError) -> [Nanoseconds] {
        var values: [Nanoseconds] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = String(item).trimmingSpaces
            do {
                values.append(try DurationText.parse(word))
            } catch {
                throw UsageError(
                    "Invalid value for --t-grid: \(error.description).",
                    hint: "For example: --t-grid 0ms,1ms,5ms,10ms,100ms.")
            }
        }
        guard values.count <= maximumGridPoints else {
            throw UsageError("--t-grid has \(values.count) points; at most \(maximumGridPoints) are allowed.")
        }
        var sorted: [Nanoseconds] = []
        for value in values.sorted() where sorted.last != value { sorted.append(value) }
        return sorted
    }

    static func integer(_ value: String, flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let number = NumberText.integer(value), range.contains(number) else {
            throw UsageError("Invalid value '\(value)' for \(flag): expected a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    // MARK: Output

    /// The `geosim.visibility/1` document (keys sorted by the writer).
    static func json(_ result: VisibilityResult, plan: Plan) -> JSONValue {
        let curve = result.curve.map { point -> JSONValue in
            let band = interval(point.pConsistent, trials: result.trials)
            return .object([
                ("t_ms", milliseconds(point.t)), ("p_consistent", .rounded(point.pConsistent, decimals: 9)),
                ("ci95_low", .rounded(band.low, decimals: 9)), ("ci95_high", .rounded(band.high, decimals: 9)),
            ])
        }
        return .object([
            ("schema", .string("geosim.visibility/1")),
            ("trials", .number(Double(result.trials))),
            ("n", .number(Double(plan.settings.n))),
            ("r", .number(Double(plan.settings.r))),
            ("w", .number(Double(plan.settings.w))),
            ("seed", .number(Double(plan.seed))),
            ("curve", .array(curve)),
            ("t_999_ms", result.t999.map(milliseconds) ?? .null),
            ("write_latency_ms", latencyBlock(result.writeLatency)),
            ("read_latency_ms", latencyBlock(result.readLatency)),
        ])
    }

    /// The 95% Wilson interval of a point of the curve: `p` is a count of consistent
    /// trials over `trials`, so the count is recovered exactly.
    static func interval(_ p: Double, trials: Int) -> (low: Double, high: Double) {
        VisibilityCurve.wilson(successes: Int((p * Double(trials)).rounded()), trials: trials)
    }

    /// Why every point is 1 when the legs come from the topology, or nil. Its legs are
    /// constant (no jitter) and the same both ways, so the replicas that answer a read
    /// first are the nearest, which had the write before the commit: every read sees it.
    /// With every replica in one region all legs are the intra-region round trips.
    static func alwaysConsistentNote(_ result: VisibilityResult, plan: Plan) -> String? {
        guard plan.settings.legs == nil, let topology = plan.topology, result.trials > 0,
            result.curve.allSatisfy({ $0.pConsistent == 1 })
        else { return nil }
        let nodes = topology.nodes.prefix(plan.settings.n)
        let oneRegion = nodes.allSatisfy { $0.region == 0 }
        let place =
            oneRegion
            ? "all \(plan.settings.n) replicas are in \(topology.regions.first?.name ?? "one region"), so every leg is an intra-region half round trip "
                + "(\(DurationText.format(topology.sameZoneRoundTrip / 2)) in the coordinator's zone, \(DurationText.format(topology.crossZoneRoundTrip / 2)) across zones)"
            : "the legs are half round trips between regions"
        return "every point is 1: \(place), constant (no jitter) and equal both ways, so the replicas that answer a read first "
            + "are the nearest, which had the write before it committed. Give replication.legs distributions in a scenario file "
            + "(--scenario) to model variable delays."
    }

    /// A duration in ms, exact to the nanosecond.
    static func milliseconds(_ value: Nanoseconds) -> JSONValue {
        .rounded(Double(value) / 1e6, decimals: 6)
    }

    /// `{p50, p90, p99, p999, max, mean}` in ms, three decimals.
    static func latencyBlock(_ histogram: LatencyHistogram) -> JSONValue {
        func ms(_ value: Nanoseconds) -> JSONValue { .rounded(Double(value) / 1e6, decimals: 3) }
        return .object([
            ("p50", ms(histogram.percentile(0.50))),
            ("p90", ms(histogram.percentile(0.90))),
            ("p99", ms(histogram.percentile(0.99))),
            ("p999", ms(histogram.percentile(0.999))),
            ("max", ms(histogram.max)),
            ("mean", .rounded(histogram.mean / 1e6, decimals: 3)),
        ])
    }

    /// The human-readable table.
    static func render(_ result: VisibilityResult, plan: Plan) -> String {
        let settings = plan.settings
        var lines = [
            "geosim visibility: leaderless N=\(settings.n) R=\(settings.r) W=\(settings.w), \(result.trials) trials, seed \(plan.seed)",
            "legs: \(plan.legSource)",
            "",
            ReportText.pad("t", 10, left: true) + ReportText.pad("P(consistent)", 15) + ReportText.pad("95% CI", 21)
                + ReportText.pad("stale reads", 13),
        ]
        for point in result.curve {
            let stale = Int64((1 - point.pConsistent) * Double(result.trials) + 0.5)
            let band = interval(point.pConsistent, trials: result.trials)
            lines.append(
                ReportText.pad(point.t == 0 ? "0ms" : DurationText.format(point.t), 10, left: true)
                    + ReportText.pad(ReportText.fixed(point.pConsistent, decimals: 6), 15)
                    + ReportText.pad(ReportText.fixed(band.low, decimals: 6) + "–" + ReportText.fixed(band.high, decimals: 6), 21)
                    + ReportText.pad(String(stale), 13))
        }
        lines.append("(P: the share of trials whose read saw the write, the same trials at every t, so")
        lines.append("non-decreasing in t; 95% CI: Wilson score interval over the trials)")
        if let note = alwaysConsistentNote(result, plan: plan) { lines += HelpTextWrap.wrap(note, width: 88) }
        lines.append("")
        if let t999 = result.t999 {
            lines.append(
                "t_999: \(t999 == 0 ? "0ms" : DurationText.format(t999)) (least t with P(consistent) >= 0.999, exact over the trials)")
        } else {
            lines.append("t_999: never (no t gives P(consistent) >= 0.999)")
        }
        lines.append("")
        lines.append(ReportText.pad("latency (ms)", 18, left: true) + ["p50", "p90", "p99", "p99.9", "max", "mean"].map { ReportText.pad($0, 10) }.joined())
        for (name, histogram) in [("write (W acks)", result.writeLatency), ("read (R answers)", result.readLatency)] {
            let figures = [0.5, 0.9, 0.99, 0.999].map { histogram.percentile($0) } + [histogram.max]
            lines.append(
                ReportText.pad(name, 18, left: true)
                    + figures.map { ReportText.pad(ReportText.fixed(Double($0) / 1e6, decimals: 3), 10) }.joined()
                    + ReportText.pad(ReportText.fixed(histogram.mean / 1e6, decimals: 3), 10))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
