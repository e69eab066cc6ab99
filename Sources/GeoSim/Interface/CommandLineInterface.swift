import Foundation

/// The `geosim` command line: picks the command, parses its options, runs it and returns
/// what to print. Everything except the I/O lives here so tests can drive it in-process.
public enum CommandLineInterface {
    public static let version = "0.1.0"

    /// The command names, for did-you-mean hints (`CommandCatalog` is the list).
    static var commands: [String] { CommandCatalog.all.map(\.name) }

    /// Runs the command line `arguments` (without the program name). `io` is what the
    /// commands may do while they compute (progress lines, bench's child processes); the
    /// default does none of it.
    public static func main(_ arguments: [String], io: CommandIO = .silent) -> CommandResult {
        var result = dispatch(arguments, io: io)
        // Ctrl-C: whatever the command computed is partial; write nothing, exit 130.
        if Interruption.isRequested { return .failure(.interrupted) }
        // Messages never carry a control sequence from user text (names, labels, paths) to
        // the terminal: line breaks stay, anything else is escaped. (Standard output is
        // the command's data, JSON or CSV included; the text report escapes its own.)
        result.standardError = result.standardError.terminalSafeLines
        return result
    }

    static func dispatch(_ arguments: [String], io: CommandIO) -> CommandResult {
        guard let first = arguments.first else {
            return CommandResult(standardOutput: HelpText.general)
        }
        switch first {
        case "--help", "-h":
            return CommandResult(standardOutput: HelpText.general)
        case "--version", "version":
            return CommandResult(standardOutput: "geosim \(version)\(BuildInfo.commit.map { " (commit \($0))" } ?? "")\n")
        case "completions":
            return completions(Array(arguments.dropFirst()))
        case "diff":
            return DiffCommand.run(Array(arguments.dropFirst()))
        case "help":
            return help(Array(arguments.dropFirst()))
        case "run":
            return run(Array(arguments.dropFirst()), io: io)
        case "regions":
            return regions(Array(arguments.dropFirst()))
        case "bench":
            return bench(Array(arguments.dropFirst()), io: io)
        case "visibility":
            return VisibilityCommand.run(Array(arguments.dropFirst()))
        case "sweep":
            return SweepCommand.run(Array(arguments.dropFirst()), io: io)
        case "merge":
            return MergeCommand.run(Array(arguments.dropFirst()))
        case "plan":
            return PlanCommand.run(Array(arguments.dropFirst()), io: io)
        case "check":
            return CheckCommand.run(Array(arguments.dropFirst()), io: io)
        case "report":
            return ReportCommand.run(Array(arguments.dropFirst()))
        case "check-history":
            return CheckHistoryCommand.run(Array(arguments.dropFirst()))
        case "schema":
            return SchemaCommand.run(Array(arguments.dropFirst()))
        default:
            if first.hasPrefix("-") { return run(arguments, io: io) }
            let hint = Suggestion.closest(to: first, among: commands).map { "Did you mean '\($0)'?" } ?? "See 'geosim help'."
            return .failure(.usage(UsageError("Unknown command '\(first)'.", hint: hint)))
        }
    }

    /// `geosim completions bash|zsh|fish`: the shell's completion script on stdout.
    static func completions(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: HelpText.completions) }
        let shells = ShellCompletion.Shell.allCases.map(\.rawValue).joined(separator: ", ")
        guard words.count == 1, let shell = ShellCompletion.Shell(rawValue: words[0]) else {
            let given = words.isEmpty ? "no shell" : words.count == 1 ? "'\(words[0].excerpt())'" : "\(words.count) words"
            return .failure(.usage(UsageError("geosim completions needs one shell name; got \(given).", hint: "Expected one of \(shells).")))
        }
        return CommandResult(standardOutput: ShellCompletion.script(for: shell))
    }

    static func help(_ words: [String]) -> CommandResult {
        guard let topic = words.first else { return CommandResult(standardOutput: HelpText.general) }
        switch topic {
        case "--man": return CommandResult(standardOutput: ManPage.render())
        case "completions": return CommandResult(standardOutput: HelpText.completions)
        case "diff": return CommandResult(standardOutput: DiffCommand.helpText)
        case "run": return CommandResult(standardOutput: HelpText.run)
        case "regions": return CommandResult(standardOutput: RegionsCommand.helpText)
        case "bench": return CommandResult(standardOutput: HelpText.bench)
        case "visibility": return CommandResult(standardOutput: VisibilityCommand.helpText)
        case "sweep": return CommandResult(standardOutput: SweepCommand.helpText)
        case "merge": return CommandResult(standardOutput: MergeCommand.helpText)
        case "plan": return CommandResult(standardOutput: PlanCommand.helpText)
        case "check": return CommandResult(standardOutput: CheckCommand.helpText)
        case "report": return CommandResult(standardOutput: ReportCommand.helpText)
        case "check-history": return CommandResult(standardOutput: CheckHistoryCommand.helpText)
        case "schema": return CommandResult(standardOutput: SchemaCommand.helpText)
        case "help": return CommandResult(standardOutput: HelpText.general)
        default:
            let hint = Suggestion.closest(to: topic, among: commands).map { "Did you mean '\($0)'?" } ?? "See 'geosim help'."
            return .failure(.usage(UsageError("No help for '\(topic)'.", hint: hint)))
        }
    }

    static func run(_ words: [String], io: CommandIO = .silent) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: HelpText.run) }
        let options: RunOptions
        do {
            options = try RunOptions.parse(words)
        } catch {
            return .failure(error)
        }
        let report = runReport(options, io: io)
        let text: String
        switch options.format {
        case .text: text = ReportText.render(report)
        case .json: text = report.json
        case .csv: text = ReportCSV.render(report)
        }
        let export = options.exportDirectory.map { directory in
            CommandResult.ExportOutput(
                directory: directory,
                files: RunExport.files(
                    report: report, scenario: exportScenario(report, command: options.commandWords),
                    version: version, faults: options.scenario.faults))
        }
        let warnings = RunFlagSettings.warnings(options.scenario, command: "run")
        if let path = options.outputPath {
            return CommandResult(standardError: warnings, files: [.init(path: path, contents: text)], export: export)
        }
        return CommandResult(standardOutput: text, standardError: warnings, export: export)
    }

    /// Runs the scenario of `options` (and, with a cache, the same run without it, the
    /// baseline the cache is judged against) and makes its report.
    static func runReport(_ options: RunOptions, io: CommandIO = .silent) -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let duration = options.scenario.duration
        let outcome = Simulation.run(
            options.scenario, progress: io.startProgress(.init(label: "geosim run", measure: .simulatedTime(total: duration))))
        io.clearProgress()
        let elapsed = clock.now - started
        let wall =
            options.timing
            ? Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 : nil
        // A cache is judged against the same run without it (same seed, same arrivals).
        var baseline: RunOutcome?
        if options.scenario.cache != nil {
            var without = options.scenario
            without.cache = nil
            baseline = Simulation.run(
                without, progress: io.startProgress(.init(label: "geosim run (the same run without the cache)", measure: .simulatedTime(total: duration))))
            io.clearProgress()
        }
        var report = Report(scenario: options.scenario, outcome: outcome, wallSeconds: wall, withoutCache: baseline)
        report.command = options.commandWords
        return report
    }

    /// The manifest's scenario: the command that made the run, then the report's summary.
    static func exportScenario(_ report: Report, command: [String]) -> [(key: String, value: String)] {
        [("command", (["geosim"] + command.map(FaultFlags.shellQuoted)).joined(separator: " "))] + RunExport.scenarioDescription(report)
    }

    /// `geosim regions`: in its own file (`RegionsCommand`).
    static func regions(_ words: [String]) -> CommandResult { RegionsCommand.run(words) }

    static func bench(_ words: [String], io: CommandIO) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: HelpText.bench) }
        let parsed: [ArgumentScanner.Parsed]
        do {
            parsed = try ArgumentScanner.scan(words, options: Benchmark.specs, command: "bench")
        } catch {
            return .failure(.usage(error))
        }
        let quick = parsed.contains(where: { $0.name == "--quick" })
        do {
            if let text = parsed.last(where: { $0.name == "--case" })?.value {
                guard let index = NumberText.integer(text) else {
                    return .failure(.usage(UsageError("Invalid value '\(text)' for --case: expected a case number.")))
                }
                return CommandResult(standardOutput: try Benchmark.runCase(index, quick: quick, io: io))
            }
            return CommandResult(
                standardOutput: try Benchmark.run(
                    quick: quick,
                    json: parsed.contains(where: { $0.name == "--json" }),
                    only: parsed.last(where: { $0.name == "--only" })?.value,
                    io: io))
        } catch {
            return .failure(error)
        }
    }
}
