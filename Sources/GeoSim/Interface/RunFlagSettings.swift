import Foundation

/// The run flags that `sweep` and `plan` accept besides their own options: every option of
/// `geosim run` except those about one report's output (`--format`, `--out`, `--timing`,
/// `--export`, `--alerts`, `--slow-op-threshold`), combined into `ScenarioSettings` the way `run` does (the scenario file
/// first, then the flags in command-line order).
enum RunFlagSettings {
    /// Run options that make no sense for many runs at once (alerts are one run's report).
    static let excluded = ["--format", "--out", "--timing", "--export", "--alerts", "--slow-op-threshold"]
    /// Run flags that `--vary`/`--compare` may not name: seeds are derived per run.
    static let notVariable = ["--seed", "--scenario"]

    /// The run options a sweep or plan accepts, in help order.
    static var specs: [OptionSpec] { RunOptions.specs.filter { !excluded.contains($0.name) } }

    /// Warnings about the base scenario's faults the run's end drops or cuts short
    /// (`FaultWindowCheck`); empty when the settings make no scenario (the run reports why).
    static func faultWarnings(_ base: ScenarioSettings, command: String) -> String {
        guard let scenario = try? base.makeScenario() else { return "" }
        return warnings(scenario, command: command)
    }

    /// Every warning a scenario deserves on stderr: faults the run's end drops or cuts
    /// short, and doubtful figures of its topology (a measured round trip below the fiber
    /// floor).
    static func warnings(_ scenario: Scenario, command: String) -> String {
        FaultWindowCheck.warnings(scenario.faults, duration: scenario.duration, command: command)
            + scenario.topology.warnings.map { "geosim \(command): warning: \($0)\n" }.joined()
    }

    /// Builds the base settings from the parsed words, skipping the command's own options.
    static func settings(from parsed: [ArgumentScanner.Parsed], commandOptions: [OptionSpec]) throws(CommandFailure) -> ScenarioSettings {
        var settings = ScenarioSettings()
        if let scenarioPath = parsed.last(where: { $0.name == "--scenario" })?.value {
            do { settings = try ScenarioSettings.load(path: scenarioPath) } catch { throw .input(error) }
        }
        let own = commandOptions.map(\.name)
        do throws(UsageError) {
            for option in parsed where option.name != "--scenario" && !own.contains(option.name) {
                try settings.apply(flag: option.name, value: option.value ?? "")
            }
        } catch {
            throw .usage(error)
        }
        return settings
    }

    /// Checks that `axis` names a run flag that takes a value and that each of its values is
    /// valid on top of `base`. `option` is the command's option (`--vary`) for messages.
    static func validate(_ axis: SweepAxis, on base: ScenarioSettings, option: String) throws(UsageError) {
        let candidates = specs.filter { $0.takesValue && $0.isAvailable && !notVariable.contains($0.name) }
        if notVariable.contains(axis.flag) {
            throw UsageError(
                "\(option) cannot vary '\(axis.name)': every run's seed is derived from --seed, the point and the replicate.",
                hint: "Use --replicates for more seeds.")
        }
        guard candidates.contains(where: { $0.name == axis.flag }) else {
            let names = candidates.map { String($0.name.dropFirst(2)) }
            let hint =
                Suggestion.closest(to: axis.name, among: names).map { "Did you mean '\($0)'?" }
                ?? "Name a run flag without its dashes, e.g. rate or leader."
            throw UsageError("\(option) names '\(axis.name)', which is not a run flag that takes a value.", hint: hint)
        }
        for value in axis.values {
            var copy = base
            do {
                try copy.apply(flag: axis.flag, value: value)
            } catch {
                throw UsageError("\(option) \(axis.name): \(error.message)", hint: error.hint)
            }
        }
    }

    /// A whole-number option value in `range`.
    static func integer(_ value: String?, flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let value, let number = NumberText.integer(value), range.contains(number) else {
            throw UsageError("Invalid value '\(value ?? "")' for \(flag): expected a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    /// A duration option value greater than zero.
    static func positiveDuration(_ value: String, flag: String, example: String) throws(UsageError) -> Nanoseconds {
        guard let duration = try? DurationText.parse(value), duration > 0 else {
            throw UsageError("Invalid value '\(value)' for \(flag): expected a duration greater than zero, e.g. \(example).")
        }
        return duration
    }

    /// The default number of threads: every active core.
    static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
