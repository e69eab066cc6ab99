/// `geosim diff A B`: two runs (report JSON files or export folders) or two sweeps
/// (`sweep --out` folders) side by side, every figure with its change and direction,
/// significant changes first. Sweeps compare point by point, mean against mean; a change
/// inside both 95% confidence intervals is marked as noise.
public enum DiffCommand {
    static let specs: [OptionSpec] = [
        OptionSpec("--format", "text|json", "output format", default: "text"),
        OptionSpec("--threshold", "PCT", "the smallest relative change called significant, in percent", default: "5"),
        OptionSpec("--all", nil, "list every figure, not only the changed ones"),
    ]

    static let helpText = """
        Usage: geosim diff A B [--format text|json] [--threshold PCT] [--all]

        Puts two results side by side, every figure with its change and whether it is better
        or worse, significant changes (at least --threshold percent) first. A and B are each
        a run's report (geosim --format json --out A.json), a run's export folder (--export
        DIR, its report.json) or a sweep's folder (sweep --out DIR, its rows.jsonl), both of
        one kind. Sweeps compare point by point (the same --vary values), the mean over the
        replicates with its 95% confidence interval; a change inside both intervals is
        marked "noise". Lower is better for latencies, staleness, lag, outages, waits,
        aborts and failures; higher for availability, successes and hit ratios; counts of
        work and settings only change.

        Options:

        """ + OptionHelp.lines(specs)

    enum Source: String {
        case report, sweep
    }

    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        // The two operands, wherever they stand; the rest are options.
        var paths: [String] = []
        var options: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("-") {
                options.append(word)
                if specs.contains(where: { $0.name == word && $0.takesValue }), index + 1 < words.count {
                    options.append(words[index + 1])
                    index += 1
                }
            } else {
                paths.append(word)
            }
            index += 1
        }
        guard paths.count == 2 else {
            return .failure(
                .usage(UsageError("geosim diff needs two results to compare; got \(paths.count).", hint: "geosim diff A.json B.json (or two folders)")))
        }
        do throws(CommandFailure) {
            let parsed = try scan(options)
            let (kindA, figuresA, jsonA) = try load(paths[0])
            let (kindB, figuresB, jsonB) = try load(paths[1])
            guard kindA == kindB else {
                throw CommandFailure.usage(
                    UsageError("geosim diff compares results of one kind: \(paths[0]) is a \(kindA.rawValue), \(paths[1]) a \(kindB.rawValue)."))
            }
            let rows = FigureComparison.compare(figuresA, figuresB, threshold: parsed.threshold / 100)
            var settings: [String] = []
            if let jsonA, let jsonB { settings = FigureComparison.differingSettings(jsonA, jsonB) }
            let names = (paths[0], paths[1])
            let text =
                parsed.json
                ? JSONWriter.string(json(rows, names: names, kind: kindA)) + "\n"
                : render(rows, names: names, all: parsed.all, threshold: parsed.threshold, settings: settings)
            return CommandResult(standardOutput: text)
        } catch {
            return .failure(error)
        }
    }

    static func scan(_ words: [String]) throws(CommandFailure) -> (json: Bool, threshold: Double, all: Bool) {
        let parsed: [ArgumentScanner.Parsed]
        do { parsed = try ArgumentScanner.scan(words, options: specs, command: "diff") } catch { throw .usage(error) }
        var result = (json: false, threshold: 5.0, all: parsed.contains { $0.name == "--all" })
        if let format = parsed.last(where: { $0.name == "--format" })?.value {
            guard format == "text" || format == "json" else {
                throw .usage(UsageError("Invalid value '\(format.excerpt())' for --format.", hint: "Expected text or json."))
            }
            result.json = format == "json"
        }
        if let text = parsed.last(where: { $0.name == "--threshold" })?.value {
            guard let value = NumberText.decimal(text), value >= 0, value <= 1e6 else {
                throw .usage(UsageError("Invalid value '\(text.excerpt())' for --threshold.", hint: "Expected a percentage such as 5 or 0.5."))
            }
            result.threshold = value
        }
        return result
    }

    /// The figures at `path`: a report JSON file, an export folder or a sweep folder.
    /// What `load` found: the kind, the figures, and for a report its JSON (for settings).
    typealias Loaded = (kind: Source, figures: [(name: String, value: Double?, ci: Double?)], json: JSONValue?)

    static func load(_ path: String) throws(CommandFailure) -> Loaded {
        guard SweepFiles.exists(path) else {
            throw .input(InputError(file: path, location: "", message: "no such file or folder"))
        }
        var file = path
        if ReportSources.isDirectory(path) {
            let report = OutputPath.join(path, "report.json")
            if SweepFiles.exists(OutputPath.join(path, "rows.jsonl")) {
                do {
                    let sweep = try ReportSources.sweep(path)
                    return (.sweep, SweepComparison.figures(rows: sweep.rows, axes: sweep.axes), nil)
                } catch { throw .input(error) }
            }
            guard SweepFiles.exists(report) else {
                throw .input(
                    InputError(file: path, location: "", message: "holds neither report.json (a run's export) nor rows.jsonl (a sweep's --out folder)"))
            }
            file = report
        }
        let value: JSONValue
        do { value = try JSONParser.parse(try SweepFiles.read(file)) } catch { throw .input(error.inFile(file)) }
        guard case .string(let schema)? = value["schema"], schema.hasPrefix("geosim.report") else {
            throw .input(InputError(file: file, location: "$.schema", message: "expected a geosim report (\"schema\": \"geosim.report/…\")"))
        }
        return (.report, FigureComparison.figures(of: value), value)
    }
}
