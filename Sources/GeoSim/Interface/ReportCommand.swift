import Foundation

/// `geosim report`: turns a run into an HTML page (`--html FILE`) and/or an export
/// directory (`--export DIR`). The run is given by run options, or by a JSON report
/// (`--from REPORT.json`): a report carries the command that made it, and since runs are
/// deterministic geosim re-runs it, checks the re-run gives the same report, and draws
/// it (charts need the full histograms, which the JSON only summarizes).
public enum ReportCommand {
    static let ownSpecs: [OptionSpec] = [
        OptionSpec(
            "--from", "REPORT.json|DIR|PLAN.json",
            "a JSON report of 'geosim run --format json' (it records its command), a directory of 'geosim sweep --out DIR', or the JSON of 'geosim plan --format json'"
        ),
        OptionSpec("--html", "FILE", "write one self-contained HTML page: charts as inline SVG, tables, no scripts or network fonts"),
        OptionSpec("--export", "DIR", "write report.json, CSV tables, SVG charts, manifest.json and a Jupyter notebook to DIR"),
    ]

    /// `geosim help report`.
    public static var helpText: String {
        """
        Usage: geosim report --html FILE [--export DIR] (--from REPORT.json | run options)
               geosim report --html FILE --from SWEEP-DIR|PLAN.json

        Draws one run: an HTML page with everything the text report says (latency
        against the floor, with CDFs and log-scale tails per region; availability and
        p99 per second with fault windows shaded and leader changes marked; elections
        and failover; staleness and t-visibility; caches, replication lag, pools and
        transactions when present; the busiest nodes), light or dark as the reader
        prefers; and/or an export directory for notebooks. The run is either given by
        run options (as for 'geosim run'), or read from a JSON report: the report
        records its command, which geosim re-runs (runs are deterministic) and checks
        against the file before drawing, since the charts need full histograms the JSON
        only summarizes.

        --from also takes the directory 'geosim sweep --out DIR' (or 'geosim merge')
        wrote, drawing every metric against each swept flag's values, or the JSON of
        'geosim plan --format json', drawing each SLO's figure against the probed rates.

        Report options:

        """ + OptionHelp.lines(ownSpecs) + "\nRun options (as for 'geosim run'):\n\n"
            + OptionGroups.help(RunOptions.specs.filter { $0.isAvailable && !RunOptions.outputOptions.contains($0.name) })
    }

    /// Runs `geosim report` with the words after `report`.
    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        do {
            return try execute(words)
        } catch {
            return .failure(error)
        }
    }

    static func execute(_ words: [String]) throws(CommandFailure) -> CommandResult {
        let runSpecs = RunOptions.specs.filter { !RunOptions.outputOptions.contains($0.name) }
        let parsed: [ArgumentScanner.Parsed]
        do { parsed = try ArgumentScanner.scan(words, options: runSpecs + ownSpecs, command: "report") } catch { throw .usage(error) }
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }
        let html = last("--html")
        let exportDirectory = last("--export")
        guard html != nil || exportDirectory != nil else {
            throw .usage(
                UsageError(
                    "'geosim report' needs --html FILE or --export DIR (or both).",
                    hint: "For example: geosim report --html run.html --topology us-east,us-west,eu-central"))
        }
        try OutputPathCheck.fileOutside(html, export: exportDirectory, flag: "--html")
        try OutputPathCheck.file(html, flag: "--html")
        try OutputPathCheck.export(exportDirectory)
        var runWords: [String] = []
        for option in parsed where !ownSpecs.contains(where: { $0.name == option.name }) {
            runWords.append(option.name)
            if let value = option.value { runWords.append(value) }
        }
        if let path = last("--from") {
            guard runWords.isEmpty else {
                throw .usage(
                    UsageError(
                        "--from takes the run from the report; run options cannot be given with it.",
                        hint: "Drop \(runWords.first ?? "them"), or drop --from."))
            }
            if let drawn = try drawSweepOrPlan(path, html: html, export: exportDirectory) { return drawn }
            let recorded: String
            (runWords, recorded) = try recordedCommand(path)
            // The report must be what its command gives: same scenario, same geosim.
            var original = try RunOptions.parse(runWords)
            // An export's report.json was written with the per-second timeline on.
            if case .object(let members)? = try? JSONParser.parse(recorded), members.contains(where: { $0.key == "timeline" }) {
                original.scenario.timeline = true
            }
            let again = CommandLineInterface.runReport(original).json
            guard again == recorded || again == recorded + "\n" else {
                throw .input(
                    InputError(
                        file: path, location: "$",
                        message:
                            "re-running its command (geosim \(runWords.joined(separator: " "))) gives a different report: it was written by another version of geosim, or a file it names has changed"
                    ))
            }
        }
        // Drawn with the per-second timeline, for the availability chart.
        var options = try RunOptions.parse(runWords)
        options.scenario.timeline = true
        let report = CommandLineInterface.runReport(options)
        let scenario = CommandLineInterface.exportScenario(report, command: options.commandWords)
        var result = CommandResult()
        var wrote: [String] = []
        if let html {
            result.files = [
                .init(
                    path: html,
                    contents: HTMLReport.render(
                        report: report, scenario: scenario,
                        version: CommandLineInterface.version, faults: options.scenario.faults))
            ]
            wrote.append(html)
        }
        if let exportDirectory {
            result.export = .init(
                directory: exportDirectory,
                files: RunExport.files(
                    report: report, scenario: scenario, version: CommandLineInterface.version, faults: options.scenario.faults))
            wrote.append(exportDirectory + "/")
        }
        result.standardOutput = "geosim report: wrote " + wrote.joined(separator: " and ").terminalSafe + "\n"
        return result
    }

    /// The `command` a JSON report recorded, and the report's text (read once).
    static func recordedCommand(_ path: String) throws(CommandFailure) -> (words: [String], text: String) {
        let bytes: [UInt8]
        let root: InputNode
        do {
            bytes = try InputFile.read(path: path)
            root = try InputFile.parseJSON(bytes, file: path)
        } catch { throw .input(error) }
        do throws(InputError) {
            guard let command = try root.optional("command") else {
                throw root.error("expected a JSON report of 'geosim run --format json' with its \"command\" (reports made by the library have none)")
            }
            var words: [String] = []
            for element in try command.elements() { words.append(try element.string()) }
            return (words, String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .input(error.inFile(path))
        }
    }
}

extension ReportCommand {
    /// The page (and export, for a sweep) of a sweep directory or a plan given to
    /// `--from`; nil when `path` is neither, so it is read as a run's report.
    static func drawSweepOrPlan(_ path: String, html: String?, export: String?) throws(CommandFailure) -> CommandResult? {
        var result = CommandResult()
        var wrote: [String] = []
        if ReportSources.isDirectory(path) {
            let sweep: (rows: [SweepRow], axes: [String])
            do { sweep = try ReportSources.sweep(path) } catch { throw .input(error) }
            if let html {
                let page = HTMLSweepReport.render(rows: sweep.rows, axes: sweep.axes, source: path, version: CommandLineInterface.version)
                result.files = [.init(path: html, contents: page)]
                wrote.append(html)
            }
            if let export {
                result.export = .init(
                    directory: export, files: SweepExport.files(rows: sweep.rows, axes: sweep.axes, version: CommandLineInterface.version))
                wrote.append(export + "/")
            }
        } else {
            let plan: JSONValue?
            do { plan = try ReportSources.plan(path) } catch { throw .input(error) }
            guard let plan else { return nil }
            guard let html, export == nil else {
                throw .usage(UsageError("A plan is drawn as an HTML page only; --export takes a run or a sweep.", hint: "Drop --export."))
            }
            do {
                result.files = [.init(path: html, contents: try HTMLPlanReport.render(plan, file: path, version: CommandLineInterface.version))]
            } catch { throw .input(error) }
            wrote.append(html)
        }
        result.standardOutput = "geosim report: wrote " + wrote.joined(separator: " and ").terminalSafe + "\n"
        return result
    }
}
