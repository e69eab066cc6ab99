/// Every `geosim` command: its name, synopsis, one-line summary and options. The general
/// help, the shell completions (`ShellCompletion`) and the man page (`ManPage`) are all
/// generated from it and from the commands' option tables, so they never drift apart.
enum CommandCatalog {
    struct Command {
        var name: String
        /// The usage line after `geosim `.
        var synopsis: String
        var summary: String
        /// The command's own options.
        var options: [OptionSpec]
        /// The run options it also takes (none for most).
        var runOptions: [OptionSpec] = []
        /// Whether it takes a file operand (`check-history FILE`, `merge DIR`).
        var takesPath = false
        /// The words its one operand may be (`completions bash|zsh|fish`), for completions.
        var operands: [String] = []

        /// Every option it parses, its own first.
        var allOptions: [OptionSpec] { options + runOptions }
    }

    /// The commands, in help order (`run` first: it is also what `geosim --topology …` runs).
    static var all: [Command] {
        let runSpecs = RunOptions.specs.filter(\.isAvailable)
        let manyRunSpecs = RunFlagSettings.specs.filter(\.isAvailable)
        let reportRunSpecs = RunOptions.specs.filter { $0.isAvailable && !RunOptions.outputOptions.contains($0.name) }
        return [
            Command(
                name: "run", synopsis: "[run] -t us-east,us-west,eu-central [options]",
                summary: "simulate one scenario and print its report (the default command)", options: [], runOptions: runSpecs),
            Command(
                name: "regions", synopsis: "regions [--from REGION] [--format text|json|csv] [--catalog aws|azure|gcp]",
                summary: "list the built-in regions, their cities and round trips", options: RegionsCommand.specs),
            Command(
                name: "bench", synopsis: "bench [--quick] [--json] [--only TEXT]",
                summary: "time fixed scenarios: events/s, simulated ops/s (use a release build)", options: Benchmark.specs),
            Command(
                name: "visibility", synopsis: "visibility --scenario FILE [--t-grid 0ms,1ms,...] [--trials N]",
                summary: "PBS experiment: P(a read t after a write's commit sees it), per t", options: VisibilityCommand.specs),
            Command(
                name: "sweep", synopsis: "sweep [run options] --vary NAME=V1,V2,... [--replicates R] [-o DIR]",
                summary: "run a grid of scenarios x replicates in parallel, or one shard of it", options: SweepCommand.ownSpecs, runOptions: manyRunSpecs),
            Command(
                name: "merge", synopsis: "merge DIR", summary: "merge the shard files of a sharded sweep into the unsharded result",
                options: MergeCommand.specs, takesPath: true),
            Command(
                name: "plan", synopsis: "plan [run options] --slo \"p99 write < 250ms\" --vary rate=LOW..HIGH",
                summary: "find the largest rate meeting SLOs; compare placements", options: PlanCommand.ownSpecs, runOptions: manyRunSpecs),
            Command(
                name: "check", synopsis: "check --seeds N [run options] [--unsafe NAME] [--expect PROPERTY]",
                summary: "seeded runs under random faults, checked for consistency violations", options: CheckCommand.ownSpecs, runOptions: manyRunSpecs),
            Command(
                name: "report", synopsis: "report --html FILE [--export DIR] (--from REPORT.json | run options)",
                summary: "draw a run as an HTML page and/or a notebook export directory", options: ReportCommand.ownSpecs, runOptions: reportRunSpecs),
            Command(
                name: "check-history", synopsis: "check-history FILE [--model register|cas-register|kv] [--svg FILE]",
                summary: "check a recorded history (Jepsen EDN or geosim JSON Lines) for linearizability", options: CheckHistoryCommand.specs,
                takesPath: true),
            Command(
                name: "diff", synopsis: "diff A B [--format text|json] [--threshold PCT] [--all]",
                summary: "two runs or two sweeps side by side: every figure's change, significant ones first", options: DiffCommand.specs,
                takesPath: true),
            Command(
                name: "schema", synopsis: "schema [" + SchemaCatalog.entries.map(\.name).joined(separator: "|") + "]",
                summary: "print the JSON Schema of an input file, for editors (no name: list them)", options: [],
                operands: SchemaCatalog.entries.map(\.name)),
            Command(
                name: "completions", synopsis: "completions bash|zsh|fish",
                summary: "print a shell completion script (e.g. geosim completions bash > /etc/bash_completion.d/geosim)", options: [],
                operands: ShellCompletion.Shell.allCases.map(\.rawValue)),
            Command(name: "help", synopsis: "help [COMMAND] | help --man", summary: "show help for a command, or the man page (--man)", options: []),
        ]
    }

    /// The command named `name`, if there is one.
    static func command(_ name: String) -> Command? { all.first { $0.name == name } }
}
