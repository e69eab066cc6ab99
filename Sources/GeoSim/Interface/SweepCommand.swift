import Foundation

/// `geosim sweep`: runs a grid of scenarios × replicates on every core, or one shard of it.
///
/// Rows are k = point × replicates + replicate (points: the cartesian product of the
/// `--vary` lists, the first varying slowest). Row k runs with seed
/// `SweepSeed.mix(--seed, point, replicate)`, so its figures do not depend on `--jobs` or on
/// sharding; results are collected by index, so the output is byte-identical whatever the
/// number of threads.
///
/// - Without `--out`: stdout gets rows.jsonl (`--format jsonl`, the default), rows.csv
///   (`csv`) or the text summary (`text`).
/// - With `--out DIR`: DIR/rows.jsonl, rows.csv and summary.csv are written; stdout gets
///   the text summary, or what `--format` names when it is given (as `geosim merge DIR
///   --format F` prints for the same rows).
/// - Sharded (`--shard-index I --shard-count N`, or from Slurm / Kubernetes variables):
///   only rows with k mod N == I run, into DIR/shard-I-of-N.jsonl (written through a
///   temporary file renamed into place); if a complete file of this shard exists the
///   shard is skipped, a torn or empty one is redone, one of another sweep refused.
///   `geosim merge DIR` then yields what the unsharded sweep would.
public enum SweepCommand {
    /// The sweep's own options (the run flags come before them in help).
    static let ownSpecs: [OptionSpec] = [
        OptionSpec(
            "--vary", "NAME=V1,V2,...",
            "a run flag (without dashes) and its values, or NAME=LOW..HIGH:K for K evenly spaced values, ends included (rate=1000..4000:4); repeatable, the first varies slowest"
        ),
        OptionSpec(
            "--sweep", "FILE",
            "a sweep file: {\"vary\": [{\"name\": \"rate\", \"values\": [1000, 2000]}, ...], \"replicates\": R}; its axes come before any --vary, and values may contain commas (topology lists)"
        ),
        OptionSpec("--replicates", "R", "runs per point, each with its own seed", default: "1"),
        OptionSpec("--out", "DIR", "write rows.jsonl, rows.csv and summary.csv (or a shard file) to DIR"),
        OptionSpec(
            "--export", "DIR", "also write CSV tables, charts of each metric against the swept values (95% CI bands), manifest.json and a notebook to DIR"),
        OptionSpec(
            "--format", "jsonl|csv|text", "what stdout gets: the rows as JSON Lines or CSV, or the summary table",
            default: "jsonl, or text with --out"),
        OptionSpec("--jobs", "J", "runs in parallel, one per thread", default: "every core"),
        OptionSpec(
            "--shard-index", "I", "run only rows k with k mod N == I (k = point × replicates + replicate)",
            default: "$SLURM_ARRAY_TASK_ID - $SLURM_ARRAY_TASK_MIN, else $JOB_COMPLETION_INDEX"),
        OptionSpec("--shard-count", "N", "the number of shards", default: "$SLURM_ARRAY_TASK_COUNT"),
    ]

    /// Options that do not change what the rows are (left out of the shard identity).
    static let placementOptions = ["--out", "--jobs", "--shard-index", "--shard-count", "--format", "--export"]

    /// Output formats for stdout.
    enum Format: String { case jsonl, csv, text }

    /// `geosim help sweep`.
    public static var helpText: String {
        """
        Usage: geosim sweep [run options] --vary NAME=V1,V2,... [--vary ...] [--replicates R]
                            [--out DIR] [--shard-index I --shard-count N] [--jobs J]

        Runs every combination of the --vary values (the first --vary varies slowest) R
        times each, in parallel on every core. Row k = point × R + replicate runs with a
        seed mixed from --seed, the point and the replicate (never the number of shards or
        threads), so the output is the same byte for byte however it is run. NAME is a run
        flag without its dashes: rate, leader, write-fraction, replicas-per-region, ...
        Values are a list (rate=1000,2000,4000) or, as in 'geosim plan', a range with a
        count of values (rate=1000..4000:4 is 1000,2000,3000,4000).

        Without --out, stdout gets the rows as JSON Lines (--format jsonl), CSV (csv) or a
        summary table (text). With --out DIR, DIR/rows.jsonl, rows.csv and summary.csv
        (per point: mean and 95% confidence half-width, Student's t, of each metric) are
        written and stdout gets the summary table, or what --format names (the same bytes
        'geosim merge DIR --format F' prints for a sharded run). A progress line goes to stderr only when
        it is a terminal.

        Sharding: with --shard-index I --shard-count N (or Slurm's SLURM_ARRAY_TASK_ID /
        SLURM_ARRAY_TASK_COUNT, or Kubernetes' JOB_COMPLETION_INDEX with --shard-count),
        only rows with k mod N == I run, into DIR/shard-I-of-N.jsonl; a complete existing
        shard file is left alone (re-running a shard is harmless), a torn or empty one is
        run again (with a warning), and one of a different sweep is refused (exit 65),
        naming the flags that differ.
        'geosim merge DIR' combines the shards into exactly the unsharded output.

        Metrics per row: \(SweepMetrics.names.joined(separator: ", ")).

        Sweep options:

        """ + OptionHelp.lines(ownSpecs) + "\nRun options (as for 'geosim run'):\n\n" + OptionGroups.help(RunFlagSettings.specs.filter(\.isAvailable))
    }

    /// A sweep ready to run.
    struct Plan {
        var runner: SweepRunner
        /// `--format`, when given; nil prints jsonl without --out and the summary with it.
        var format: Format?
        var outputDirectory: String?
        var exportDirectory: String?
        var jobs: Int
        var shard: (index: Int, count: Int)?
        var runFlags: [String]
    }

    /// Runs `geosim sweep` with the words after `sweep`.
    /// `io` shows progress while the rows run; the files to write go out in the result.
    public static func run(
        _ words: [String], environment: [String: String] = ProcessInfo.processInfo.environment, io: CommandIO = .silent
    ) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        do {
            let plan = try makePlan(words, environment: environment)
            try OutputPathCheck.directory(plan.outputDirectory, flag: "--out")
            try OutputPathCheck.export(plan.exportDirectory)
            return try execute(plan, io: io)
        } catch {
            return .failure(error)
        }
    }

    static func makePlan(_ words: [String], environment: [String: String]) throws(CommandFailure) -> Plan {
        let specs = RunFlagSettings.specs + ownSpecs
        let parsed: [ArgumentScanner.Parsed]
        do { parsed = try ArgumentScanner.scan(words, options: specs, command: "sweep") } catch { throw .usage(error) }
        let base = try RunFlagSettings.settings(from: parsed, commandOptions: ownSpecs)
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }
        var fileAxes: [SweepAxis] = []
        var fileReplicates: Int?
        if let path = last("--sweep") {
            do {
                (fileAxes, fileReplicates) = try readSweepFile(path)
            } catch {
                throw .input(error)
            }
        }
        do throws(UsageError) {
            let axes = try sweepAxes(fileAxes: fileAxes, parsed: parsed, base: base)
            let replicates =
                try last("--replicates").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--replicates", in: 1...100_000)
                } ?? fileReplicates ?? 1
            let grid = SweepGrid(axes: axes, replicates: replicates)
            guard grid.rowCount <= 10_000_000 else {
                throw UsageError("The sweep has \(grid.rowCount) runs; at most 10000000 are allowed.")
            }
            let jobs =
                try last("--jobs").map { value throws(UsageError) in
                    try RunFlagSettings.integer(value, flag: "--jobs", in: 1...4096)
                } ?? RunFlagSettings.defaultJobs
            let format = try last("--format").map { text throws(UsageError) in try parseFormat(text) }
            let shard = try resolveShard(index: last("--shard-index"), count: last("--shard-count"), environment: environment)
            let outputDirectory = last("--out")
            if let shard, outputDirectory == nil {
                throw UsageError(
                    "Shard \(shard.index) of \(shard.count) needs --out DIR for its shard file.",
                    hint: "Give every shard the same --out, then run 'geosim merge DIR'.")
            }
            let runFlags = parsed.filter { $0.name != "--vary" && $0.name != "--replicates" && $0.name != "--sweep" && !placementOptions.contains($0.name) }
                .map { option in option.value.map { "\(option.name)=\($0)" } ?? option.name }
            let exportDirectory = last("--export")
            // The export replaces its directory whole: it cannot share one with --out.
            if let exportDirectory, let outputDirectory, OutputPath.contains(exportDirectory, outputDirectory) {
                throw UsageError(
                    "--out \(outputDirectory) is inside --export \(exportDirectory), which is replaced whole.",
                    hint: "Give the export its own directory, e.g. --export \(outputDirectory)/export.")
            }
            if let shard, exportDirectory != nil {
                throw UsageError(
                    "Shard \(shard.index) of \(shard.count) holds part of the rows: export after merging.",
                    hint: "Run 'geosim merge DIR --export OUT' once every shard is done.")
            }
            let runner = SweepRunner(base: base, grid: grid)
            return Plan(
                runner: runner, format: format, outputDirectory: outputDirectory, exportDirectory: exportDirectory,
                jobs: jobs, shard: shard, runFlags: runFlags)
        } catch {
            throw .usage(error)
        }
    }

    /// The sweep's axes: the sweep file's, then each `--vary`; a name given twice, or one
    /// that is not a run flag with valid values, is refused.
    static func sweepAxes(fileAxes: [SweepAxis], parsed: [ArgumentScanner.Parsed], base: ScenarioSettings) throws(UsageError) -> [SweepAxis] {
        var axes: [SweepAxis] = []
        for axis in fileAxes {
            guard !axes.contains(where: { $0.name == axis.name }) else {
                throw UsageError("The sweep file varies \(axis.name) twice.")
            }
            try RunFlagSettings.validate(axis, on: base, option: "the sweep file")
            axes.append(axis)
        }
        for option in parsed where option.name == "--vary" {
            let axis = try SweepAxis.parse(option.value ?? "")
            guard !axes.contains(where: { $0.name == axis.name }) else {
                throw UsageError("--vary \(axis.name) is given twice.", hint: "List all its values in one --vary: \(axis.name)=V1,V2,...")
            }
            try RunFlagSettings.validate(axis, on: base, option: "--vary")
            axes.append(axis)
        }
        return axes
    }

    /// `--format`'s value.
    static func parseFormat(_ text: String) throws(UsageError) -> Format {
        guard let chosen = Format(rawValue: text) else {
            let hint = Suggestion.closest(to: text, among: ["jsonl", "csv", "text"]).map { "Did you mean '\($0)'?" } ?? "Expected jsonl, csv or text."
            throw UsageError("Invalid value '\(text)' for --format.", hint: hint)
        }
        return chosen
    }

    /// Reads a sweep file: `{"vary": [{"name": "rate", "values": [1000, 2000]}, ...],
    /// "replicates": R}`. Values are strings or numbers, kept as text like `--vary` values.
    static func readSweepFile(_ path: String) throws(InputError) -> (axes: [SweepAxis], replicates: Int?) {
        let root = try InputFile.readJSON(path: path)
        do throws(InputError) {
            try root.rejectUnknownKeys(fileTable)
            var axes: [SweepAxis] = []
            for item in try root.required("vary").elements() {
                try item.rejectUnknownKeys(axisTable)
                var name = try item.required("name").string()
                while name.hasPrefix("-") { name.removeFirst() }
                var values: [String] = []
                for value in try item.required("values").elements() {
                    switch value.value {
                    case .string(let text): values.append(text)
                    case .number(let number): values.append(number.compactDescription)
                    case .bool(let flag): values.append(flag ? "true" : "false")
                    default: throw value.error("expected a string or a number")
                    }
                }
                guard !name.isEmpty, !values.isEmpty else { throw item.error("expected a flag name and at least one value") }
                axes.append(SweepAxis(name: name, values: values))
            }
            let replicates = try root.optional("replicates")?.integer(in: 1...100_000)
            return (axes, replicates)
        } catch {
            throw error.inFile(path)
        }
    }

    /// The shard from the flags, else from the batch system's variables; nil when unsharded.
    /// Slurm: index = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN (arrays may start at 1),
    /// count = SLURM_ARRAY_TASK_COUNT. Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX; the
    /// completion count is not in the pod's environment, so --shard-count is required.
    static func resolveShard(index: String?, count: String?, environment: [String: String]) throws(UsageError) -> (index: Int, count: Int)? {
        var indexText = index
        var source = "--shard-index"
        if indexText == nil, let slurm = environment["SLURM_ARRAY_TASK_ID"] {
            source = "SLURM_ARRAY_TASK_ID"
            if let id = Int(slurm.trimmingSpaces), let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap({ Int($0.trimmingSpaces) }) {
                indexText = String(id - minimum)
            } else {
                indexText = slurm
            }
        } else if indexText == nil, let kubernetes = environment["JOB_COMPLETION_INDEX"] {
            source = "JOB_COMPLETION_INDEX"
            indexText = kubernetes
        }
        var countText = count
        var countSource = "--shard-count"
        if countText == nil, source == "SLURM_ARRAY_TASK_ID" || index != nil, let slurm = environment["SLURM_ARRAY_TASK_COUNT"] {
            countText = slurm
            countSource = "SLURM_ARRAY_TASK_COUNT"
        }
        guard indexText != nil || countText != nil else { return nil }
        guard let countText else {
            throw UsageError("The shard index (\(source)) has no shard count.", hint: "Add --shard-count N (the number of shards).")
        }
        guard let shardCount = NumberText.integer(countText), shardCount >= 1, shardCount <= 1_000_000 else {
            throw UsageError("Invalid shard count '\(countText)' (\(countSource)): expected a whole number from 1 to 1000000.")
        }
        guard let indexText else {
            throw UsageError("--shard-count \(shardCount) has no shard index.", hint: "Add --shard-index I (0 to \(shardCount - 1)).")
        }
        guard let shardIndex = NumberText.integer(indexText), shardIndex >= 0, shardIndex < shardCount else {
            throw UsageError("Invalid shard index '\(indexText)' (\(source)): expected a whole number from 0 to \(shardCount - 1).")
        }
        return (shardIndex, shardCount)
    }

    /// Runs the plan: one shard into its file, or every row.
    static func execute(_ plan: Plan, io: CommandIO) throws(CommandFailure) -> CommandResult {
        let runner = plan.runner
        let grid = runner.grid
        do { try runner.validate() } catch { throw CommandFailure(error) }
        if let shard = plan.shard, let directory = plan.outputDirectory {
            return try executeShard(plan, shard: shard, directory: directory, io: io)
        }
        let rows = try run(runner, rows: Array(0..<grid.rowCount), jobs: plan.jobs, progress: io.progress("geosim sweep", grid.rowCount))
        let axes = grid.axes.map(\.name)
        var result = output(rows: rows, axes: axes, format: plan.format ?? (plan.outputDirectory == nil ? .jsonl : .text), directory: plan.outputDirectory)
        result.export = plan.exportDirectory.map { export(rows: rows, axes: axes, seed: runner.base.seed, to: $0) }
        result.standardError = RunFlagSettings.faultWarnings(runner.base, command: "sweep") + result.standardError
        return result
    }

    /// Runs one shard into DIR/shard-I-of-N.jsonl (written through a temporary file
    /// renamed into place, by the executable): skipped when a complete file of this shard
    /// is there, redone with a warning when the file is torn or empty, refused when it
    /// belongs to another sweep.
    static func executeShard(_ plan: Plan, shard: (index: Int, count: Int), directory: String, io: CommandIO) throws(CommandFailure) -> CommandResult {
        let runner = plan.runner
        let grid = runner.grid
        let path = (directory as NSString).appendingPathComponent(SweepShardFile.name(index: shard.index, count: shard.count))
        let rowIndices = grid.rows(ofShard: shard.index, of: shard.count)
        var warning = ""
        if SweepFiles.exists(path) {
            let expected = SweepShardFile(
                shardIndex: shard.index, shardCount: shard.count, grid: grid,
                baseSeed: String(runner.base.seed), runFlags: plan.runFlags, rows: [])
            switch expected.judgeExisting(at: path, rowCount: rowIndices.count) {
            case .complete:
                return CommandResult(standardOutput: "geosim sweep: shard \(shard.index) of \(shard.count): \(path) exists; skipped\n")
            case .otherSweep(let reason):
                throw .input(InputError(file: path, location: "", message: reason))
            case .incomplete(let reason):
                // A torn or empty file (a killed run, a full disk) is redone, not kept forever.
                warning = "geosim sweep: warning: \(path) is incomplete (\(reason)); running shard \(shard.index) again\n"
            }
        }
        let rows = try run(
            runner, rows: rowIndices, jobs: plan.jobs, progress: io.progress("geosim sweep shard \(shard.index)/\(shard.count)", rowIndices.count))
        let file = SweepShardFile(
            shardIndex: shard.index, shardCount: shard.count, grid: grid,
            baseSeed: String(runner.base.seed), runFlags: plan.runFlags, rows: rows)
        return CommandResult(
            standardOutput: "geosim sweep: shard \(shard.index) of \(shard.count): \(rows.count) of \(grid.rowCount) rows written to \(path)\n",
            standardError: warning, directories: [directory], files: [.init(path: path, contents: file.text)])
    }

    /// Runs `rows` of the sweep; a failure or Ctrl-C as a `CommandFailure`.
    static func run(_ runner: SweepRunner, rows: [Int], jobs: Int, progress: (@Sendable (Int) -> Void)?) throws(CommandFailure) -> [SweepRow] {
        do { return try runner.run(rows: rows, jobs: jobs, progress: progress) } catch { throw CommandFailure(error) }
    }

    /// The export of a sweep's rows (`--export`, and `geosim merge --export`).
    static func export(rows: [SweepRow], axes: [String], seed: UInt64?, to directory: String) -> CommandResult.ExportOutput {
        .init(directory: directory, files: SweepExport.files(rows: rows, axes: axes, seed: seed, version: CommandLineInterface.version))
    }

    /// What an unsharded sweep (or a merge) writes for `rows` (in row order): the three
    /// files into `directory` if given (all three or none: a failure leaves the previous
    /// three, not a mix); stdout gets `format`.
    static func output(rows: [SweepRow], axes: [String], format: Format, directory: String?) -> CommandResult {
        let summary = SweepSummary(rows: rows)
        let jsonLines = SweepTables.jsonLines(rows, axes: axes)
        let csv = SweepTables.csv(rows, axes: axes)
        var result: CommandResult
        switch format {
        case .jsonl: result = CommandResult(standardOutput: jsonLines)
        case .csv: result = CommandResult(standardOutput: csv)
        case .text: result = CommandResult(standardOutput: SweepTables.summaryText(summary, axes: axes, rowCount: rows.count))
        }
        if let directory {
            result.directories = [directory]
            result.files = [
                ("rows.jsonl", jsonLines), ("rows.csv", csv),
                ("summary.csv", SweepTables.summaryCSV(summary, axes: axes)),
            ].map { name, contents in
                CommandResult.OutputFile(path: (directory as NSString).appendingPathComponent(name), contents: contents)
            }
        }
        return result
    }
}
