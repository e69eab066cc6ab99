// The command-line fuzz targets: they drive the Interface's own parsers (`RunOptions`,
// the commands' `makePlan`/`makeSetup`) and judge `CommandFailure`s, so they live with
// the Interface rather than below it in Fuzzing/.

extension FuzzTarget {
    /// Words are the input's lines. The first word picks the command as the CLI does;
    /// `run`, `sweep`, `plan`, `check` and `visibility` stop after option parsing, `bench`,
    /// `merge` and `report` after scanning their words (they would run or read much), and
    /// the rest (`help`, `regions`, `--version`, unknown commands) run in full. A word
    /// `@env NAME=VALUE` goes into the environment `sweep` reads shard numbers from.
    static func commandLine(_ text: String) -> FuzzVerdict {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var environment: [String: String] = [:]
        var words: [String] = []
        for line in lines {
            if line.hasPrefix("@env ") {
                let pair = line.dropFirst(5).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                environment[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            } else {
                words.append(line)
            }
        }
        let context = "command line \(words)"
        guard let first = words.first else { return checkResult(CommandLineInterface.main(words), context: context) }
        let rest = Array(words.dropFirst())
        let asksHelp = words.contains("--help") || words.contains("-h")
        do throws(CommandFailure) {
            switch first {
            case "run" where !asksHelp: _ = try RunOptions.parse(rest)
            case "sweep" where !asksHelp: _ = try SweepCommand.makePlan(rest, environment: environment)
            case "plan" where !asksHelp: _ = try PlanCommand.makeSetup(rest)
            case "check" where !asksHelp: _ = try CheckCommand.makeSetup(rest)
            case "visibility" where !asksHelp: _ = try VisibilityCommand.makePlan(rest)
            case "bench" where !asksHelp: try scan(rest, options: Benchmark.specs, command: "bench")
            case "merge" where !asksHelp: try scan(rest.filter { $0.hasPrefix("-") }, options: MergeCommand.specs, command: "merge")
            case "report" where !asksHelp:
                let runSpecs = RunOptions.specs.filter { !RunOptions.outputOptions.contains($0.name) }
                try scan(rest, options: runSpecs + ReportCommand.ownSpecs, command: "report")
            case "run", "sweep", "plan", "check", "visibility", "bench", "merge", "report", "help", "regions":
                return checkResult(CommandLineInterface.main(words), context: context)
            default:
                if first.hasPrefix("-") && !asksHelp && first != "--version" {
                    _ = try RunOptions.parse(words)
                } else {
                    return checkResult(CommandLineInterface.main(words), context: context)
                }
            }
        } catch {
            return FuzzVerdict.judge(error, context: context)
        }
        return .accepted
    }

    private static func scan(_ words: [String], options: [OptionSpec], command: String) throws(CommandFailure) {
        do { _ = try ArgumentScanner.scan(words, options: options, command: command) } catch { throw .usage(error) }
    }

    /// A finished command: exit 0 with output, or 64/65 with a clear message on stderr.
    static func checkResult(_ result: CommandResult, context: String) -> FuzzVerdict {
        switch result.exitCode {
        case ExitCode.ok:
            guard !result.standardOutput.isEmpty else { return .finding("\(context): exit 0 without output") }
            return .accepted
        case ExitCode.usage, ExitCode.badInput:
            var message = result.standardError
            if message.hasPrefix("geosim: ") { message.removeFirst(8) }
            return FuzzVerdict.judge(message: message, context: context)
        default:
            return .finding("\(context): exit \(result.exitCode): \(result.standardError)")
        }
    }

    /// `geosim run` words, one per line (a leading `run` is optional); output options are
    /// parsed but nothing is written.
    static func simCommandLine(_ text: String) -> FuzzVerdict {
        var words = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if words.last == "" { words.removeLast() }
        if words.first == "run" { words.removeFirst() }
        let context = "command line \(words)"
        let options: RunOptions
        do {
            options = try RunOptions.parse(words)
        } catch {
            return FuzzVerdict.judge(error, context: context)
        }
        return FuzzSimulation.run(options.scenario, context: context)
    }
}

extension FuzzVerdict {
    /// Judges a command's failure: a usage error must exit 64 and a bad input file 65 and
    /// name the file; anything else (an internal error) at parse time is a finding.
    static func judge(_ failure: CommandFailure, context: String) -> FuzzVerdict {
        switch failure {
        case .usage(let error):
            guard failure.exitCode == ExitCode.usage else { return .finding("\(context): usage error exits \(failure.exitCode)") }
            return judge(error, context: context)
        case .input(let error):
            guard failure.exitCode == ExitCode.badInput else { return .finding("\(context): input error exits \(failure.exitCode)") }
            guard let file = error.file, !file.isEmpty else {
                return .finding("\(context): input-file error that names no file: \(error.description)")
            }
            return judge(error, context: context, file: file)
        case .internalError(let message):
            return .finding("\(context): internal error (exit 70) while parsing: \(message)")
        case .interrupted:
            return .finding("\(context): reported an interruption (exit 130) that nobody asked for")
        case .output(let error):
            // A path given to --out/--export that cannot be created is refused at parse time.
            return judge(message: error.description, context: context)
        }
    }
}
