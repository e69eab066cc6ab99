import Foundation

/// `geosim plan`: the largest client rate meeting every SLO (`CapacitySearch`), for the
/// base settings or for each value of `--compare`, ranked best first. Exit 1 when no
/// candidate meets the SLOs even at the low end of the range; 64 on a malformed SLO.
public enum PlanCommand {
    static let ownSpecs: [OptionSpec] = [
        OptionSpec(
            "--slo", "TEXT", "an objective: 'p50|p90|p99|p999 write|read < DURATION' or 'availability [write|read] > FRACTION'; repeatable, all must hold"),
        OptionSpec("--vary", "rate=LOW..HIGH", "the range of client rates (ops/s) searched"),
        OptionSpec("--replicates", "R", "runs per probe, each with its own seed (the same seeds at every probe)", default: "3"),
        OptionSpec("--compare", "NAME=V1,V2,...", "search once per value of a run flag (e.g. leader=us-east,us-west) and rank them"),
        OptionSpec(
            "--rank-by", "cost|capacity",
            "rank the candidates: the cheapest first among those meeting every SLO at LOW (the load to carry), or the highest capacity first",
            default: "cost"),
        OptionSpec("--jobs", "J", "runs in parallel, one per thread", default: "every core"),
        OptionSpec("--format", "text|json", "output format", default: "text"),
    ]

    enum Format: String { case text, json }

    /// `geosim help plan`.
    public static var helpText: String {
        """
        Usage: geosim plan [run options] --slo "p99 write < 250ms" [--slo ...]
                           --vary rate=LOW..HIGH [--replicates R] [--compare NAME=V1,V2,...]

        Finds the largest client rate in [LOW, HIGH] at which every SLO holds, by
        bisection: LOW is probed first (if it fails, nothing meets the SLOs: exit 1), then
        HIGH (if it passes, the answer is at least HIGH), then the geometric middle of the
        bracket until first failing / last passing < 1.02 (2% precision). A probe runs R
        replicates and passes when their mean meets every SLO; every probe uses the same
        R seeds. The answer is the last passing rate; the knee lies between it and the
        first failing rate. With --compare, each value is searched and ranked, best first:
        by default the cheapest first among those meeting every SLO at LOW (so LOW is the
        load you must carry), by the month's cost at list prices (transfer between regions
        and zones, plus nodes with --node-cost); --rank-by capacity ranks by the answer.

        SLOs: 'p50|p90|p99|p999 write|read < DURATION' (latency of operations that ended
        ok) and 'availability [write|read] > FRACTION' (share that ended ok; 99.9% works).

        Plan options:

        """ + OptionHelp.lines(ownSpecs) + "\nRun options (as for 'geosim run'):\n\n" + OptionGroups.help(RunFlagSettings.specs.filter(\.isAvailable))
    }

    struct Setup {
        var search: CapacitySearch
        var candidates: [CapacitySearch.Candidate]
        var compareName: String?
        var jobs: Int
        var format: Format
        var rankBy = CapacitySearch.RankBy.cost
    }

    /// Runs `geosim plan` with the words after `plan`; `io` shows progress.
    public static func run(_ words: [String], io: CommandIO = .silent) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        let setup: Setup
        let outcomes: [CapacitySearch.Outcome]
        do {
            setup = try makeSetup(words)
            try setup.search.validate(setup.candidates)
            let most = setup.search.maximumRuns(candidates: setup.candidates.count)
            outcomes = try setup.search.run(setup.candidates, jobs: setup.jobs, progress: io.progress("geosim plan", most, atMost: true))
            io.clearProgress()
        } catch {
            return .failure(CommandFailure(error))
        }
        let anyMet = outcomes.contains { $0.lastPassing != nil }
        let text: String
        switch setup.format {
        case .text: text = render(outcomes, setup: setup)
        case .json: text = JSONWriter.string(json(outcomes, setup: setup)) + "\n"
        }
        return CommandResult(
            standardOutput: text,
            standardError: RunFlagSettings.faultWarnings(setup.search.base, command: "plan") + (anyMet ? "" : "geosim: no rate in the range meets every SLO\n"),
            exitCode: anyMet ? ExitCode.ok : ExitCode.violation)
    }

    static func makeSetup(_ words: [String]) throws(CommandFailure) -> Setup {
        let parsed: [ArgumentScanner.Parsed]
        do { parsed = try ArgumentScanner.scan(words, options: RunFlagSettings.specs + ownSpecs, command: "plan") } catch { throw .usage(error) }
        let base = try RunFlagSettings.settings(from: parsed, commandOptions: ownSpecs)
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }
        do throws(UsageError) {
            var objectives: [ServiceLevelObjective] = []
            for option in parsed where option.name == "--slo" {
                objectives.append(try ServiceLevelObjective.parse(option.value ?? ""))
            }
            guard !objectives.isEmpty else {
                throw UsageError("'geosim plan' needs at least one --slo.", hint: "For example: --slo \"p99 write < 250ms\".")
            }
            guard let range = last("--vary") else {
                throw UsageError("'geosim plan' needs the range to search.", hint: "For example: --vary rate=100..5000.")
            }
            let (low, high) = try parseRange(range)
            let replicates =
                try last("--replicates").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--replicates", in: 1...10_000)
                } ?? 3
            let jobs =
                try last("--jobs").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--jobs", in: 1...4096)
                } ?? RunFlagSettings.defaultJobs
            var format = Format.text
            if let text = last("--format") {
                guard let chosen = Format(rawValue: text) else { throw UsageError("Invalid value '\(text)' for --format.", hint: "Expected text or json.") }
                format = chosen
            }
            var candidates = [CapacitySearch.Candidate()]
            var compareName: String?
            let compares = parsed.filter { $0.name == "--compare" }
            guard compares.count <= 1 else {
                throw UsageError(
                    "--compare is given \(compares.count) times; one is allowed.", hint: "Compare one flag's values: --compare leader=us-east,us-west.")
            }
            if let compare = compares.first {
                let axis = try SweepAxis.parse(compare.value ?? "")
                guard axis.name != "rate" else { throw UsageError("--compare cannot name rate: the rate is what plan searches.") }
                try RunFlagSettings.validate(axis, on: base, option: "--compare")
                candidates = axis.values.map { CapacitySearch.Candidate(name: axis.name, value: $0) }
                compareName = axis.name
            }
            let search = CapacitySearch(base: base, objectives: objectives, low: low, high: high, replicates: replicates)
            var rankBy = CapacitySearch.RankBy.cost
            if let text = last("--rank-by") {
                guard let chosen = CapacitySearch.RankBy(rawValue: text) else {
                    throw UsageError("Invalid value '\(text)' for --rank-by.", hint: "Expected cost or capacity.")
                }
                rankBy = chosen
            }
            return Setup(search: search, candidates: candidates, compareName: compareName, jobs: jobs, format: format, rankBy: rankBy)
        } catch {
            throw .usage(error)
        }
    }

    /// `rate=LOW..HIGH`, 0 < LOW < HIGH ≤ 1e9.
    static func parseRange(_ text: String) throws(UsageError) -> (low: Double, high: Double) {
        let hint = "For example: --vary rate=100..5000."
        guard let equals = text.firstIndex(of: "=") else { throw UsageError("Invalid --vary '\(text)': expected rate=LOW..HIGH.", hint: hint) }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard name == "rate" || name == "--rate" else {
            throw UsageError("'geosim plan' searches the rate; --vary '\(name)' is not supported.", hint: hint)
        }
        let bounds = text[text.index(after: equals)...].components(separatedBy: "..")
        guard bounds.count == 2, let low = NumberText.decimal(bounds[0]), let high = NumberText.decimal(bounds[1]),
            low.isFinite, high.isFinite, low > 0, low < high, high <= 1e9
        else {
            throw UsageError("Invalid --vary '\(text)': expected rate=LOW..HIGH with 0 < LOW < HIGH ≤ 1e9.", hint: hint)
        }
        return (low, high)
    }

    // MARK: Output

    /// A rate without spurious decimals: `2000`, `1051.56`.
    static func rateText(_ rate: Double) -> String { ReportText.rateText(rate) }

    static func render(_ outcomes: [CapacitySearch.Outcome], setup: Setup) -> String {
        let search = setup.search
        var text = "geosim plan: the largest rate meeting every SLO: " + search.objectives.map(\.text).joined(separator: "; ") + "\n"
        text +=
            "searched \(rateText(search.low))..\(rateText(search.high)) ops/s by bisection until first failing / last passing < \(JSONWriter.format(search.precision));\n"
        text +=
            "\(search.replicates) replicate\(search.replicates == 1 ? "" : "s") per probe (the same seeds at every probe); a probe passes when the replicates' mean meets every SLO\n"
        let label = setup.compareName ?? "scenario"
        if setup.compareName != nil {
            text +=
                setup.rankBy == .cost
                ? "ranked by cost at \(rateText(search.low)) ops/s among those meeting the SLOs there, then by max rate\n"
                : "ranked by max rate\n"
        }
        text += "$/month: list-price transfer between regions and zones, plus nodes with --node-cost\n\n"
        let lowCost = "$/month at \(rateText(search.low))"
        var table: [[String]] = [["rank", label, "max rate ops/s", "first failing", lowCost, "$/month at max", "verdict"]]
        for (position, index) in CapacitySearch.ranking(outcomes, by: setup.rankBy).enumerated() {
            let outcome = outcomes[index]
            let verdict: String
            switch (outcome.lastPassing, outcome.firstFailing) {
            case (nil, _): verdict = "fails at \(rateText(search.low)): nothing in the range meets the SLOs"
            case (.some, nil): verdict = "meets the SLOs at the top of the range: the knee is higher"
            case (.some(let pass), .some(let fail)): verdict = "knee in [\(rateText(pass)), \(rateText(fail))) ops/s"
            }
            table.append([
                String(position + 1), outcome.candidate.value ?? "base",
                outcome.lastPassing.map(rateText) ?? "none",
                outcome.firstFailing.map(rateText) ?? (outcome.lastPassing == nil ? "-" : "> \(rateText(search.high))"),
                outcome.costAtLow.map { TrafficText.dollars($0) } ?? "-", outcome.costAtCapacity.map { TrafficText.dollars($0) } ?? "-",
                verdict,
            ])
        }
        text += layout(table, rightAligned: [0, 2, 3, 4, 5])
        for outcome in outcomes {
            text += "\nprobes" + (setup.compareName == nil ? "" : " for \(outcome.candidate.label)") + " (in order; mean ± 95% half-width):\n"
            var rows: [[String]] = []
            for probe in outcome.probes {
                var cells = [rateText(probe.rate), probe.passed ? "pass" : "fail"]
                for (objective, statistic) in zip(search.objectives, probe.objectives) {
                    let figure: String
                    if let statistic, !objective.isUpperBound {
                        // Availability in percent, as every command's text shows it.
                        figure = ReportText.availabilityText(mean: statistic.mean, halfWidth: statistic.halfWidth, decimals: 3)
                    } else if let statistic {
                        let decimals = objective.isUpperBound ? 2 : 5
                        figure =
                            ReportText.fixed(statistic.mean, decimals: decimals)
                            + (statistic.halfWidth.map { " ± " + ReportText.fixed($0, decimals: decimals) } ?? "")
                            + (objective.isUpperBound ? "ms" : "")
                    } else {
                        figure = "no figure"
                    }
                    cells.append("\(objective.metric) \(figure)")
                }
                if let cost = probe.cost { cells.append(TrafficText.dollars(cost.mean) + "/month") }
                rows.append(cells)
            }
            text += layout(rows, rightAligned: [0], indent: "  ")
        }
        return text
    }

    static func layout(_ table: [[String]], rightAligned: [Int], indent: String = "") -> String {
        guard let columns = table.map(\.count).max() else { return "" }
        let widths = (0..<columns).map { column in table.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        var text = ""
        for row in table {
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if rightAligned.contains(column) { return padding + cell }
                return column == row.count - 1 ? cell : cell + padding
            }
            text += indent + cells.joined(separator: "  ") + "\n"
        }
        return text
    }

    /// `geosim.plan/1`.
    static func json(_ outcomes: [CapacitySearch.Outcome], setup: Setup) -> JSONValue {
        let search = setup.search
        func rate(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        let ranking = CapacitySearch.ranking(outcomes, by: setup.rankBy)
        let capacityRanking = CapacitySearch.ranking(outcomes, by: .capacity)
        let costRanking = CapacitySearch.ranking(outcomes, by: .cost)
        func money(_ value: Double?) -> JSONValue { value.map { .rounded($0, decimals: 2) } ?? .null }
        let candidates = outcomes.enumerated().map { index, outcome -> JSONValue in
            let probes = outcome.probes.map { probe -> JSONValue in
                .object([
                    ("rate", .number(probe.rate)),
                    ("pass", .bool(probe.passed)),
                    (
                        "slos",
                        .array(
                            zip(search.objectives, probe.objectives).map { objective, statistic in
                                .object([
                                    ("slo", .string(objective.text)),
                                    ("metric", .string(objective.metric)),
                                    ("mean", statistic.map { .rounded($0.mean, decimals: 6) } ?? .null),
                                    ("ci95", statistic?.halfWidth.map { .rounded($0, decimals: 6) } ?? .null),
                                ])
                            })
                    ),
                    ("cost_usd_per_month", money(probe.cost?.mean)),
                ])
            }
            return .object([
                ("candidate", .string(outcome.candidate.label)),
                ("rank", .number(Double((ranking.firstIndex(of: index) ?? 0) + 1))),
                ("max_rate", rate(outcome.lastPassing)),
                ("first_failing_rate", rate(outcome.firstFailing)),
                ("probes", .array(probes)),
                ("capacity_rank", .number(Double((capacityRanking.firstIndex(of: index) ?? 0) + 1))),
                ("cost_rank", .number(Double((costRanking.firstIndex(of: index) ?? 0) + 1))),
                ("cost_usd_per_month_at_low", money(outcome.costAtLow)),
                ("cost_usd_per_month_at_max_rate", money(outcome.costAtCapacity)),
            ])
        }
        return .object([
            ("schema", .string("geosim.plan/1")),
            ("slos", .array(search.objectives.map { .string($0.text) })),
            ("low", .number(search.low)),
            ("high", .number(search.high)),
            ("precision", .number(search.precision)),
            ("replicates", .number(Double(search.replicates))),
            ("pass_rule", .string("mean")),
            ("compare", setup.compareName.map { .string($0) } ?? .null),
            ("rank_by", .string(setup.rankBy.rawValue)),
            ("candidates", .array(candidates)),
        ])
    }
}
