import Foundation

/// `geosim merge DIR`: combines the shard files of a sharded sweep
/// (DIR/shard-I-of-N.jsonl) into exactly what the unsharded sweep produces: rows ordered
/// by point then replicate, written to DIR/rows.jsonl, rows.csv and summary.csv; stdout
/// gets rows.jsonl's bytes (or, with --format, the CSV or the summary table).
///
/// Refuses (exit 65) when shards disagree on N or on the sweep they belong to, when a
/// shard is missing, or when a row is missing, repeated or in the wrong shard.
public enum MergeCommand {
    static let specs: [OptionSpec] = [
        OptionSpec("--format", "jsonl|csv|text", "what stdout gets: the rows as JSON Lines or CSV, or the summary table", default: "jsonl"),
        OptionSpec("--export", "OUT", "also write the merged sweep's CSV tables, charts, manifest.json and notebook to OUT"),
    ]

    /// `geosim help merge`.
    public static var helpText: String {
        """
        Usage: geosim merge DIR [--format jsonl|csv|text] [--export OUT]

        Combines the shard files a sharded 'geosim sweep --out DIR' wrote
        (DIR/shard-I-of-N.jsonl) into what the unsharded sweep gives, byte for byte:
        DIR/rows.jsonl, DIR/rows.csv and DIR/summary.csv, and the rows on stdout. Checks
        that every shard 0..N-1 is there, that all agree on N and on the sweep, and that
        every row appears exactly once.

        Options:

        """ + OptionHelp.lines(specs)
    }

    /// Runs `geosim merge` with the words after `merge`.
    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        let directories = words.enumerated().filter { offset, word in
            !word.hasPrefix("-") && !(offset > 0 && (words[offset - 1] == "--format" || words[offset - 1] == "--export"))
        }.map(\.element)
        guard directories.count == 1, let directory = directories.first else {
            return .failure(
                .usage(
                    UsageError(
                        directories.isEmpty
                            ? "'geosim merge' needs the directory of the shard files."
                            : "'geosim merge' takes one directory, got \(directories.count).",
                        hint: "For example: geosim merge results/")))
        }
        var format = SweepCommand.Format.jsonl
        var exportDirectory: String?
        do throws(UsageError) {
            let parsed = try ArgumentScanner.scan(words.filter { $0 != directory }, options: specs, command: "merge")
            if let text = parsed.last(where: { $0.name == "--format" })?.value {
                guard let chosen = SweepCommand.Format(rawValue: text) else {
                    throw UsageError("Invalid value '\(text)' for --format.", hint: "Expected jsonl, csv or text.")
                }
                format = chosen
            }
            exportDirectory = parsed.last(where: { $0.name == "--export" })?.value
        } catch {
            return .failure(.usage(error))
        }
        do {
            try OutputPathCheck.export(exportDirectory)
            let (rows, axes) = try merge(directory: directory)
            var result = SweepCommand.output(rows: rows, axes: axes, format: format, directory: directory)
            result.export = exportDirectory.map { SweepCommand.export(rows: rows, axes: axes, seed: nil, to: $0) }
            return result
        } catch {
            return .failure(error)
        }
    }

    /// Reads and checks every shard of DIR; the rows in row order and the axis names.
    static func merge(directory: String) throws(CommandFailure) -> (rows: [SweepRow], axes: [String]) {
        func bad(_ message: String, _ file: String = directory) -> CommandFailure {
            .input(InputError(file: file, location: "shards", message: message))
        }
        let names: [String]
        do { names = try SweepFiles.names(in: directory) } catch { throw .input(error) }
        let shards = names.compactMap { name in SweepShardFile.parseName(name).map { (name: name, index: $0.index, count: $0.count) } }
        guard let first = shards.first else {
            throw bad("no shard files (shard-I-of-N.jsonl) in this directory")
        }
        let count = first.count
        if let other = shards.first(where: { $0.count != count }) {
            throw bad("shards disagree on the shard count: \(first.name) and \(other.name)")
        }
        let present = shards.map(\.index)
        let missing = (0..<count).filter { !present.contains($0) }
        guard missing.isEmpty else {
            let listed = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
            throw bad("\(missing.count) of \(count) shards missing (index \(listed)); re-run them with the same flags")
        }
        var reference: SweepShardFile?
        var slots: [SweepRow?] = []
        for shard in shards.sorted(by: { $0.index < $1.index }) {
            let path = (directory as NSString).appendingPathComponent(shard.name)
            let file: SweepShardFile
            do { file = try SweepShardFile.parse(try SweepFiles.read(path), file: path) } catch { throw .input(error) }
            guard file.shardIndex == shard.index, file.shardCount == shard.count else {
                throw bad("its header says shard \(file.shardIndex) of \(file.shardCount)", path)
            }
            if let reference {
                guard file.sweepIdentity == reference.sweepIdentity else {
                    throw bad(
                        "belongs to a different sweep than \(SweepShardFile.name(index: reference.shardIndex, count: count)) (flags, --vary, --replicates or --seed differ)",
                        path)
                }
            } else {
                reference = file
                slots = Array(repeating: nil, count: file.grid.rowCount)
            }
            let grid = file.grid
            for row in file.rows {
                let k = row.point * grid.replicates + row.replicate
                guard row.replicate < grid.replicates, k < slots.count, k % count == shard.index else {
                    throw bad("row point \(row.point) replicate \(row.replicate) does not belong in this shard", path)
                }
                guard row.vary == grid.values(atPoint: row.point) else {
                    throw bad("row point \(row.point) has values \(row.vary) but the grid says \(grid.values(atPoint: row.point))", path)
                }
                guard slots[k] == nil else { throw bad("row point \(row.point) replicate \(row.replicate) appears twice", path) }
                slots[k] = row
            }
        }
        let rows = slots.compactMap { $0 }
        guard rows.count == slots.count, let reference else {
            let absent = slots.firstIndex(where: { $0 == nil }) ?? 0
            throw bad("\(slots.count - rows.count) rows missing, the first is row \(absent); re-run its shard \(absent % max(count, 1))")
        }
        return (rows, reference.grid.axes.map(\.name))
    }
}
