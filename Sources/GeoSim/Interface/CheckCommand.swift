/// `geosim check`: a swarm of seeded runs under random faults, each checked against the
/// consistency invariants (`CheckSwarm`). Exit 1 on any violation.
public enum CheckCommand {
    static let ownSpecs: [OptionSpec] = [
        OptionSpec("--seeds", "N", "runs, with seeds --seed, --seed+1, …", default: "100"),
        OptionSpec("--unsafe", "NAME", "a deliberately broken protocol option, to see a checker catch it (repeatable; see below)"),
        OptionSpec("--liveness-bound", "D", "after the faulty phase every fault heals; each range must then acknowledge a write within D", default: "20s"),
        OptionSpec("--no-chaos", nil, "no random faults: only the faults given as flags or files"),
        OptionSpec(
            "--heal", "all|majority",
            "what the liveness phase heals: every fault, or only what keeps a majority core of nodes apart (the rest stay)", default: "all"),
        OptionSpec(
            "--expect", "linearizable|sequential|read-your-writes|durable",
            "hold every run to more than its replication mode promises (a comma list), to see how the mode fails it"),
        OptionSpec("--shrink-runs", "N", "most reruns spent shrinking each failing seed's faults (0: no shrinking)", default: "48"),
        OptionSpec(
            "--lin-budget", "N|D",
            "search steps the linearizability check of one run may take (a count, so verdicts do not depend on the machine); a duration D counts 20M steps a second",
            default: "5s = 1e8 steps"),
        OptionSpec("--jobs", "J", "runs in parallel, one per thread", default: "every core"),
        OptionSpec("--format", "text|json", "output format", default: "text"),
        OptionSpec("--export", "DIR", "also write seeds.csv, violations.csv, faults.csv, manifest.json and a notebook to DIR"),
    ]

    enum Format: String { case text, json }

    /// `geosim help check`.
    public static var helpText: String {
        let unsafe = UnsafeOption.allCases.map { "  \($0.rawValue)\n      \($0.summary)" }.joined(separator: "\n")
        return """
            Usage: geosim check --seeds N [run options] [--chaos-rate R] [--unsafe NAME]

            Runs N seeds of the scenario. Each seed draws random faults over --duration (the
            faulty phase; chaos defaults here: 4 faults per minute, 8s mean), records every
            client operation, then heals every fault for a liveness phase (--liveness-bound
            plus one --timeout) with a probe write to each range every second, and checks:

              linearizability   strong reads and writes, key by key (Wing-Gong/Lowe search)
              staleness         exact/bounded reads saw a version that was the latest at
                                some instant within their bound (plus --max-clock-offset)
              durability        every acknowledged write is in its range's final log
              raft-safety       the five Raft safety properties
              lease-safety      no lease read once another node leads a later term
              cache-staleness   cache hits no older than the cache policy allows
              read-your-writes, monotonic-reads   with --session: per client session,
                                across keys (a session token's promise)
              liveness          every range acknowledges a write within the bound
              serializability   with --txn: no dependency cycle the isolation level
                                forbids (G0, G1a, G1c, G-single, G2-item; Elle-style)
              quorum-reads      leaderless with R+W>N: a read invoked after a write was
                                acknowledged returns it or a newer version
              sequential-consistency   with --expect sequential: one order of the
                                strong reads and writes keeps each client's order

            Each replication mode is held to what it promises: raft to all of the above;
            primary-sync to linearizability, staleness and durability (no acknowledged
            write lost on failover); primary-async to staleness only (writes a promotion
            loses are counted); leaderless with R+W>N to quorum-reads, with R+W<=N to
            nothing but liveness. Liveness holds in every mode; caches and --session in all
            but leaderless (a fill may get an old version; no session token).
            --expect linearizable|sequential|read-your-writes|durable asks for more than
            the mode promises, to show how it fails (leaderless R=W=2 of N=3 is not
            linearizable; with R=W=1 not even sequentially consistent).

            For each failing seed it prints the evidence, a command that replays the seed,
            and the fault schedule shrunk (faults dropped and shortened while the same
            invariant still fails). Exit 1 on any violation.

            Check options:

            """ + OptionHelp.lines(ownSpecs) + "\nUnsafe options (never on by default):\n\n" + unsafe + "\n\nRun options (as for 'geosim run'):\n\n"
                + OptionGroups.help(RunFlagSettings.specs.filter(\.isAvailable))
    }

    struct Setup {
        var base: ScenarioSettings
        var seeds: [UInt64]
        var unsafe: [UnsafeOption]
        var options: CheckSwarm.Options
        var format: Format
        var exportDirectory: String?
        /// Lines for stderr: faults past the faulty phase, `--seed` without `--seeds`.
        var warnings = ""
    }

    /// Runs `geosim check` with the words after `check`; `io` shows progress.
    public static func run(_ words: [String], io: CommandIO = .silent) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        let setup: Setup
        let summary: CheckSwarm.Summary
        do {
            setup = try makeSetup(words)
            try OutputPathCheck.export(setup.exportDirectory)
            summary = try CheckSwarm.run(
                base: setup.base, seeds: setup.seeds, unsafe: setup.unsafe, options: setup.options,
                progress: io.progress("geosim check", setup.seeds.count))
            io.clearProgress()
        } catch {
            return .failure(CommandFailure(error))
        }
        let text: String
        switch setup.format {
        case .text: text = render(summary, setup: setup)
        case .json: text = JSONWriter.string(json(summary)) + "\n"
        }
        let failed = summary.failed.count
        let export = setup.exportDirectory.map { directory in
            var bundle = CheckExport.bundle(
                summary, scenario: [("command", (["geosim", "check"] + words.map(FaultFlags.shellQuoted)).joined(separator: " "))],
                version: CommandLineInterface.version)
            bundle.documents += timelines(summary, setup: setup)
            return CommandResult.ExportOutput(directory: directory, files: bundle.files())
        }
        return CommandResult(
            standardOutput: text,
            standardError: setup.warnings + (failed == 0 ? "" : "geosim: \(failed) of \(summary.results.count) seeds broke an invariant\n"),
            exitCode: failed == 0 ? ExitCode.ok : ExitCode.violation, export: export)
    }

    static func makeSetup(_ words: [String]) throws(CommandFailure) -> Setup {
        let parsed: [ArgumentScanner.Parsed]
        do { parsed = try ArgumentScanner.scan(words, options: RunFlagSettings.specs + ownSpecs, command: "check") } catch { throw .usage(error) }
        var base = try RunFlagSettings.settings(from: parsed, commandOptions: ownSpecs)
        if !parsed.contains(where: { $0.name == "--duration" }) && base.duration == Scenario.Defaults.duration {
            base.duration = 30 * .second
        }
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }
        var setup: Setup
        do throws(UsageError) {
            let count =
                try last("--seeds").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--seeds", in: 1...1_000_000)
                } ?? 100
            var options = CheckSwarm.Options()
            options.commandWords = words
            options.chaos = !parsed.contains { $0.name == "--no-chaos" }
            if let text = last("--heal") {
                guard text == "all" || text == "majority" else {
                    throw UsageError("Invalid value '\(text.excerpt())' for --heal.", hint: "Expected all or majority.")
                }
                options.healMajority = text == "majority"
            }
            if let text = last("--expect") {
                guard let expectations = ExpectedProperty.parseList(text) else {
                    throw UsageError(
                        "Invalid value '\(text.excerpt())' for --expect.",
                        hint: "Expected a comma list of \(ExpectedProperty.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                options.expectations = expectations
            }
            if let text = last("--liveness-bound") {
                options.livenessBound = try RunFlagSettings.positiveDuration(text, flag: "--liveness-bound", example: "20s")
            }
            if let text = last("--lin-budget") { options.linearizabilitySteps = try linearizationSteps(text) }
            options.shrinkRuns =
                try last("--shrink-runs").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--shrink-runs", in: 0...10_000)
                } ?? options.shrinkRuns
            options.jobs =
                try last("--jobs").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--jobs", in: 1...4096)
                } ?? RunFlagSettings.defaultJobs
            var unsafe: [UnsafeOption] = []
            for option in parsed where option.name == "--unsafe" {
                let name = option.value ?? ""
                guard let chosen = UnsafeOption(rawValue: name) else {
                    let names = UnsafeOption.allCases.map(\.rawValue)
                    let hint = Suggestion.closest(to: name, among: names).map { "Did you mean '\($0)'?" } ?? "Options are \(names.joined(separator: ", "))."
                    throw UsageError("Unknown --unsafe option '\(name)'.", hint: hint)
                }
                if !unsafe.contains(chosen) { unsafe.append(chosen) }
            }
            var format = Format.text
            if let text = last("--format") {
                guard let chosen = Format(rawValue: text) else { throw UsageError("Invalid value '\(text)' for --format.", hint: "Expected text or json.") }
                format = chosen
            }
            let (first, overflow) = base.seed.addingReportingOverflow(UInt64(count - 1))
            guard !overflow, first >= base.seed else { throw UsageError("--seed \(base.seed) with --seeds \(count) runs past the largest seed.") }
            let seeds = (0..<UInt64(count)).map { base.seed + $0 }
            setup = Setup(base: base, seeds: seeds, unsafe: unsafe.sorted(), options: options, format: format, exportDirectory: last("--export"))
        } catch {
            throw .usage(error)
        }
        // Each seed's run passes the limits alone; together they may still run for hours.
        var scenario: Scenario
        do { scenario = try base.makeScenario() } catch { throw CommandFailure(error) }
        scenario.recordHistory = true
        setup.warnings = RunFlagSettings.warnings(scenario, command: "check")
        if let seed = parsed.last(where: { $0.name == "--seed" })?.value, !parsed.contains(where: { $0.name == "--seeds" }) {
            setup.warnings +=
                "geosim check: note: --seed \(seed) sets the first seed; it checks --seeds 100 seeds from it. For \(seed) seeds, write --seeds \(seed).\n"
        }
        do { try base.limits.checkTotal("The check's \(setup.seeds.count) runs", runs: [(scenario, setup.seeds.count)]) } catch { throw .usage(error) }
        return setup
    }

    /// The network the seeds ran on, when not the default: the jitter, another cloud's
    /// catalog, one's own round trips.
    static func networkLine(_ base: ScenarioSettings) -> String? {
        var parts: [String] = []
        if base.measuredJitter { parts.append("jitter measured") } else if let jitter = base.jitter { parts.append("jitter \(jitter.description)") }
        if base.catalog != .aws { parts.append(CloudCatalog.of(base.catalog).description) }
        if let file = base.roundTripMatrixFile { parts.append("round trips measured in \(file)") }
        return parts.isEmpty ? nil : "network: " + parts.joined(separator: "; ")
    }

    /// The summary, then each failing seed: its violations, replay command and shrunk
    /// schedule.
    static func render(_ summary: CheckSwarm.Summary, setup: Setup) -> String {
        var lines: [String] = []
        let seeds = setup.seeds
        let range = seeds.count == 1 ? "seed \(seeds[0])" : "seeds \(seeds.first ?? 0)…\(seeds.last ?? 0)"
        let unsafe = setup.unsafe.isEmpty ? "" : ", unsafe: " + setup.unsafe.map(\.rawValue).joined(separator: ",")
        lines.append(
            "geosim check: \(seeds.count) runs (\(range)), \(DurationText.format(setup.base.duration)) faulty phase"
                + " + \(DurationText.format(setup.options.livenessBound)) liveness bound\(setup.options.healMajority ? " (majority healed)" : "")"
                + "\(setup.options.chaos ? "" : ", no chaos")\(unsafe)")
        if let network = networkLine(setup.base) { lines.append(network) }
        let operations = summary.results.reduce(0) { $0 + $1.operations }
        let strong = summary.results.reduce(0) { $0 + $1.strongOperations }
        let faults = summary.results.reduce(0) { $0 + $1.faults.count }
        let transactions = summary.results.reduce(0) { $0 + $1.transactions }
        let serializable = transactions > 0 ? " and \(transactions) transactions for serializability" : ""
        lines.append("checked \(operations) operations (\(strong) for linearizability)\(serializable) under \(faults) faults")
        lines.append(summary.promise)
        let lost = summary.results.reduce(0) { $0 + $1.lostAcknowledgedWrites }
        if lost > 0 && !summary.promised.contains(.durability) {
            lines.append("acknowledged writes lost at promotions: \(lost) (not a violation: the mode does not promise durability; --expect durable)")
        }
        lines.append("passed \(summary.passedCount), failed \(summary.failed.count)")
        var counts: [(Invariant, Int)] = []
        for invariant in Invariant.allCases {
            let count = summary.failed.filter { $0.violations.contains { $0.invariant == invariant } }.count
            if count > 0 { counts.append((invariant, count)) }
        }
        if !counts.isEmpty {
            lines.append("failing seeds by invariant: " + counts.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", "))
        }
        let inconclusive = summary.results.filter { !$0.inconclusive.isEmpty }
        if !inconclusive.isEmpty {
            lines.append("inconclusive (linearizability budget ran out): seeds " + inconclusive.map { String($0.seed) }.joined(separator: ", "))
        }
        for result in summary.failed {
            lines.append("")
            lines.append("seed \(result.seed): " + Set(result.violations.map(\.invariant)).sorted().map(\.rawValue).joined(separator: ", "))
            lines.append("  faults: " + (result.faults.isEmpty ? "none" : result.faults.map(\.label).joined(separator: "; ")))
            for violation in result.violations {
                let detail = violation.detail.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
                lines.append("  \(violation.invariant.rawValue): \(detail)")
            }
            if let replay = result.replay { lines.append("  replay: \(replay)") }
            if let shrunk = result.shrunk {
                lines.append(
                    "  shrunk (\(shrunk.invariant.rawValue), \(result.faults.count) → \(shrunk.faults.count) faults, \(shrunk.runs) reruns): "
                        + (shrunk.flags.isEmpty ? "no faults needed" : shrunk.flags))
                if let replay = shrunk.replay { lines.append("  replay shrunk: \(replay)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `geosim.check/1`: `check.{seeds, passed, failed, violations: [{seed, invariant,
    /// detail, replay, …}]}`.
    /// For each seed whose linearizability failed, the timeline of the smallest
    /// sub-history that is still not linearizable (`histories/seed-N.svg`), as
    /// `geosim check-history --svg` draws it from the exported history; for one that
    /// failed only sequential consistency, the timeline of a cycle's operations.
    static func timelines(_ summary: CheckSwarm.Summary, setup: Setup) -> [ExportFile] {
        var files: [ExportFile] = []
        for result in summary.failed {
            guard let operations = result.history else { continue }
            let failed = Set(result.violations.map(\.invariant))
            if failed.contains(.linearizability) {
                files += linearizabilityPictures(result, operations: operations, setup: setup)
            } else if failed.contains(.sequentialConsistency) {
                files += sequentialConsistencyPictures(result, operations: operations, setup: setup)
            }
        }
        return files
    }

    static func linearizabilityPictures(_ result: CheckSwarm.SeedResult, operations: [HistoryOperation], setup: Setup) -> [ExportFile] {
        let name = "seed-\(result.seed).jsonl"
        let model: ModelHistory
        do {
            model = try GeoSimHistoryFile.read(Array(GeoSimHistoryFile.write(operations, seed: result.seed).utf8), model: nil, initial: nil)
        } catch { return [] }
        let report = CheckHistoryReport(
            file: name, input: "jsonl", history: model, result: ModelChecker.check(model, budget: ModelChecker.defaultBudget),
            budget: ModelChecker.defaultBudget)
        guard let violation = report.violation else { return [] }
        var files = [
            ExportFile(
                path: "histories/seed-\(result.seed).svg", contents: report.timeline(violation),
                description: "Seed \(result.seed): the smallest sub-history that is not linearizable, one lane per client process, violating operations in red."
            )
        ]
        let strong = operations.filter { $0.kind == .write || $0.mode == .strong }
        if case .violation(let key, let subHistory, _) = LinearizabilityChecker.check(
            OperationHistory(operations: strong), budget: setup.options.linearizabilitySteps),
            let messages = messageDiagram(result, key: key, operations: subHistory, setup: setup)
        {
            files.append(messages)
        }
        return files
    }

    /// A cycle of operations no order can serve, numbered in cycle order, every one red.
    static func sequentialConsistencyPictures(_ result: CheckSwarm.SeedResult, operations: [HistoryOperation], setup: Setup) -> [ExportFile] {
        var history = RunHistory()
        history.operations = operations
        history.rolledBack = result.rolledBack
        guard let cycle = SequentialConsistencyChecker.firstCycle(history) else { return [] }
        let bars = cycle.operations.enumerated().map { place, operation in
            HistoryTimelineSVG.Bar(
                process: operation.client, start: Int(operation.invoked), end: operation.completed.map { Int($0) },
                label: "\(operation.kind == .write ? "write" : "read") k=\(operation.key) v=\(operation.value)", violating: true, order: place + 1)
        }
        let svg = HistoryTimelineSVG.render(
            title: "Seed \(result.seed): not sequentially consistent",
            subtitle: "a cycle of \(cycle.operations.count) operations, numbered in cycle order; x: order of events", bars: bars, legend: .cycle)
        var files = [
            ExportFile(
                path: "histories/seed-\(result.seed).svg", contents: svg,
                description: "Seed \(result.seed): a cycle of operations no single order can serve while keeping each client's order, one lane per client.")
        ]
        if let messages = messageDiagram(result, key: cycle.key, operations: cycle.operations, setup: setup) { files.append(messages) }
        return files
    }

    /// The messages about `key` between replicas while `operations` ran (100 ms either
    /// side, at most 10 s), from a replay of the seed with a message trace:
    /// `histories/seed-N-messages.svg`.
    static func messageDiagram(_ result: CheckSwarm.SeedResult, key: Int, operations: [HistoryOperation], setup: Setup) -> ExportFile? {
        guard let first = operations.map(\.invoked).min() else { return nil }
        let last = operations.map { $0.completed ?? $0.invoked }.max() ?? first
        let end = last +| 100 * .millisecond
        let window = max(first -| 100 * .millisecond, end -| 10 * .second, 0)...end
        guard var scenario = try? CheckSwarm.scenario(base: setup.base, seed: result.seed, unsafe: setup.unsafe, options: setup.options) else { return nil }
        scenario.traceWindow = window
        scenario.traceKey = key
        guard let trace = Simulation.run(scenario).messageTrace else { return nil }
        let svg = MessageSequenceSVG.render(
            title: "Seed \(result.seed): messages about key \(key) between replicas around the violation", trace: trace,
            nodes: scenario.topology.nodes.map(\.name), highlight: first...last)
        return ExportFile(
            path: "histories/seed-\(result.seed)-messages.svg", contents: svg,
            description: "Seed \(result.seed): a message-sequence diagram of the messages between replicas while its offending operations ran (shaded).")
    }

    static func json(_ summary: CheckSwarm.Summary) -> JSONValue {
        var violations: [JSONValue] = []
        for result in summary.failed {
            for violation in result.violations {
                var fields: [(String, JSONValue)] = [
                    ("seed", .number(Double(result.seed))),
                    ("invariant", .string(violation.invariant.rawValue)),
                    ("detail", .string(violation.detail)),
                    ("replay", result.replay.map { .string($0) } ?? .null),
                    ("faults", .array(result.faults.map { .string($0.label) })),
                ]
                if let shrunk = result.shrunk {
                    fields.append(("shrunk_faults", .string(shrunk.flags)))
                    fields.append(("shrunk_invariant", .string(shrunk.invariant.rawValue)))
                    fields.append(("shrunk_replay", shrunk.replay.map { .string($0) } ?? .null))
                }
                violations.append(.object(fields))
            }
        }
        return .object([
            ("schema", .string("geosim.check/1")),
            (
                "check",
                .object([
                    ("seeds", .number(Double(summary.results.count))),
                    ("passed", .number(Double(summary.passedCount))),
                    ("failed", .number(Double(summary.failed.count))),
                    ("operations", .number(Double(summary.results.reduce(0) { $0 + $1.operations }))),
                    ("promised", .array(summary.promised.map { .string($0.rawValue) })),
                    ("lost_acknowledged_writes", .number(Double(summary.results.reduce(0) { $0 + $1.lostAcknowledgedWrites }))),
                    ("inconclusive_seeds", .array(summary.results.filter { !$0.inconclusive.isEmpty }.map { .number(Double($0.seed)) })),
                    ("violations", .array(violations)),
                ])
            ),
        ])
    }

    /// `--lin-budget`: a step count (`1e8`), or a duration at the fixed rate of
    /// `LinearizabilityChecker.stepsPerSecond` (the flag once took wall time).
    static func linearizationSteps(_ text: String) throws(UsageError) -> Int {
        if let count = NumberText.decimal(text) {
            guard count >= 1, count <= 1e15, count.rounded() == count else {
                throw UsageError("Invalid --lin-budget '\(text)': expected a whole number of search steps from 1 to 1e15, or a duration such as 5s.")
            }
            return Int(count)
        }
        let duration = try RunFlagSettings.positiveDuration(text, flag: "--lin-budget", example: "5s or 1e8")
        let steps = Double(duration) / 1e9 * Double(LinearizabilityChecker.stepsPerSecond)
        return Int(min(max(steps, 1), 1e15))
    }
}
