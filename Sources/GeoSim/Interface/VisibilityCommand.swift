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

    static func makePlan(_ words: [String]) throws(CommandFailure) -> Plan {
        let parsed: [ArgumentScanner.Parsed]
        do {
            parsed = try ArgumentScanner.scan(words, options: specs, command: "visibility")
        } catch {
            throw .usage(error)
        }
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }

        var settings = ReplicationSettings()
        settings.mode = .leaderless
        var seed: UInt64 = 1
        var topologySource: (node: InputNode, file: String)?
        var fileReplicasPerRegion: Int?
        if let path = last("--scenario") {
            do throws(InputError) {
                let root = try InputFile.readJSON(path: path)
                do throws(InputError) {
                    if let replication = try root.optional("replication") {
                        settings = try ReplicationSettings.parse(replication)
                        if let modeNode = try replication.optional("mode"), settings.mode != .leaderless {
                            throw modeNode.error(
                                "the visibility experiment models a leaderless store; mode must be \"leaderless\", got \"\(settings.mode.rawValue)\"")
                        }
                        settings.mode = .leaderless
                    }
                    if let node = try root.optional("seed") { seed = UInt64(try node.integer(in: 0...Int.max)) }
                    if let node = try root.optional("replicas_per_region") {
                        fileReplicasPerRegion = try node.integer(in: 1...Topology.maximumNodesPerRegion)
                    }
                    if let node = try root.optional("topology") { topologySource = (node, path) }
                } catch {
                    throw error.inFile(path)
                }
            } catch {
                throw .input(error)
            }
        }

        var grid = defaultGrid
        var trials = defaultTrials
        var format = Format.text
        var topologyFlag: String?
        var replicasPerRegion: Int?
        do throws(UsageError) {
            for option in parsed {
                let value = option.value ?? ""
                switch option.name {
                case "--t-grid": grid = try parseGrid(value)
                case "--trials": trials = try integer(value, flag: option.name, in: 1...maximumTrials)
                case "--seed":
                    guard let number = NumberText.unsigned(value) else {
                        throw UsageError("Invalid value '\(value)' for --seed: expected a whole number from 0 to \(UInt64.max).")
                    }
                    seed = number
                case "--format":
                    guard let chosen = Format(rawValue: value.trimmingSpaces) else {
                        let hint =
                            Suggestion.closest(to: value, among: ["text", "json"]).map { "Did you mean '\($0)'?" }
                            ?? "Expected text or json."
                        throw UsageError("Invalid value '\(value)' for --format.", hint: hint)
                    }
                    format = chosen
                case "--topology": topologyFlag = value
                case "--replicas-per-region":
                    replicasPerRegion = try integer(value, flag: option.name, in: 1...Topology.maximumNodesPerRegion)
                case "--n": settings.n = try integer(value, flag: option.name, in: 1...ReplicationSettings.maximumReplicas)
                case "--r": settings.r = try integer(value, flag: option.name, in: 1...ReplicationSettings.maximumReplicas)
                case "--w": settings.w = try integer(value, flag: option.name, in: 1...ReplicationSettings.maximumReplicas)
                default: break  // --scenario (read above), --out (below)
                }
            }
            // Flags may change N after the file set R and W, or the other way round.
            for (name, quorum) in [("--r", settings.r), ("--w", settings.w)] where quorum > settings.n {
                throw UsageError(
                    "The quorum \(name.dropFirst(2).uppercased())=\(quorum) is larger than N=\(settings.n).",
                    hint: "Quorums must lie in 1...N; set \(name) or --n.")
            }
        } catch {
            throw .usage(error)
        }

        // The topology matters only when the legs do not come from the file.
        var topology: Topology?
        var legSource = "replication.legs"
        if let flag = topologyFlag {
            if flag.lowercased().hasSuffix(".json") || flag.contains("/") {
                do { topology = try Topology.load(path: flag) } catch { throw .input(error) }
            } else {
                do {
                    topology = try Topology.fromRegionList(flag, replicasPerRegion: replicasPerRegion ?? fileReplicasPerRegion ?? 1)
                } catch { throw .usage(error) }
            }
        } else if let source = topologySource {
            do {
                topology = try fileTopology(
                    source.node, scenarioPath: source.file,
                    replicasPerRegion: replicasPerRegion ?? fileReplicasPerRegion ?? 1)
            } catch {
                throw .input(error.inFile(source.file))
            }
        }
        if settings.legs == nil {
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
            legSource = "half round trips from \(first) to \(topology.nodes.prefix(settings.n).map(\.name).joined(separator: ", "))"
        }
        return Plan(
            settings: settings, topology: topology, grid: grid, trials: trials, seed: seed,
            format: format, outputPath: last("--out"), exportDirectory: last("--export"), legSource: legSource)
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
            .object([("t_ms", milliseconds(point.t)), ("p_consistent", .rounded(point.pConsistent, decimals: 9))])
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
            ReportText.pad("t", 10, left: true) + ReportText.pad("P(consistent)", 15) + ReportText.pad("stale reads", 13),
        ]
        for point in result.curve {
            let stale = Int64((1 - point.pConsistent) * Double(result.trials) + 0.5)
            lines.append(
                ReportText.pad(point.t == 0 ? "0ms" : DurationText.format(point.t), 10, left: true)
                    + ReportText.pad(ReportText.fixed(point.pConsistent, decimals: 6), 15) + ReportText.pad(String(stale), 13))
        }
        lines.append("")
        let gridReaches = result.t999.map { t in result.curve.contains { $0.t == t } } ?? false
        if let t999 = result.t999 {
            lines.append(
                "t_999: \(t999 == 0 ? "0ms" : DurationText.format(t999)) (least t with P(consistent) >= 0.999"
                    + (gridReaches ? " on the grid)" : ", found past the grid)"))
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
