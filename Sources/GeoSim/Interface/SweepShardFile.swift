/// One shard's output, `DIR/shard-I-of-N.jsonl`: a header line describing the whole sweep,
/// then the shard's rows (rows k with k mod N == I, k = point × replicates + replicate) as
/// in rows.jsonl.
///
/// The header, `{"base_seed":"1","replicates":R,"rows_total":T,"run_flags":[...],
/// "schema":"geosim.sweep-shard/1","shard_count":N,"shard_index":I,"vary":[{"name":…,
/// "values":[…]}]}`, lets `merge` check that every shard belongs to the same sweep
/// (everything but shard_index must agree) and rebuild the CSV columns.
struct SweepShardFile: Equatable {
    static let schema = "geosim.sweep-shard/1"

    var shardIndex: Int
    var shardCount: Int
    var grid: SweepGrid
    /// The base seed, as text (it may exceed 2^53).
    var baseSeed: String
    /// The run flags that shape every run (`--name=value`, command-line order), so that
    /// shards of different sweeps are not merged.
    var runFlags: [String]
    var rows: [SweepRow]

    /// The file name of shard `index` of `count`.
    static func name(index: Int, count: Int) -> String { "shard-\(index)-of-\(count).jsonl" }

    /// (index, count) of a shard file name, nil for other names.
    static func parseName(_ name: String) -> (index: Int, count: Int)? {
        guard name.hasPrefix("shard-"), name.hasSuffix(".jsonl") else { return nil }
        let middle = name.dropFirst("shard-".count).dropLast(".jsonl".count)
        let parts = middle.components(separatedBy: "-of-")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
            String(index) == parts[0], String(count) == parts[1]
        else { return nil }
        return (index, count)
    }

    /// The header without the shard index: equal for every shard of one sweep.
    var sweepIdentity: JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("shard_count", .number(Double(shardCount))),
            ("rows_total", .number(Double(grid.rowCount))),
            ("replicates", .number(Double(grid.replicates))),
            ("base_seed", .string(baseSeed)),
            ("run_flags", .array(runFlags.map(JSONValue.string))),
            (
                "vary",
                .array(
                    grid.axes.map { axis in
                        .object([("name", .string(axis.name)), ("values", .array(axis.values.map(JSONValue.string)))])
                    })
            ),
        ])
    }

    /// The file's text.
    var text: String {
        guard case .object(var members) = sweepIdentity else { return "" }
        members.append(("shard_index", .number(Double(shardIndex))))
        return JSONWriter.string(.object(members), pretty: false) + "\n"
            + SweepTables.jsonLines(rows, axes: grid.axes.map(\.name))
    }

    /// Reads a shard file.
    static func parse(_ text: String, file: String) throws(InputError) -> SweepShardFile {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first else { throw InputError(file: file, location: "line 1", message: "empty shard file") }
        let header: JSONValue
        do { header = try JSONParser.parse(first) } catch {
            throw InputError(file: file, location: "line 1", message: "not a shard header: \(error.message)")
        }
        func fail(_ key: String, _ expected: String) -> InputError {
            InputError(file: file, location: "line 1: $.\(key)", message: "expected \(expected)")
        }
        func integer(_ key: String) throws(InputError) -> Int {
            guard case .number(let number)? = header[key], number >= 0, number < 0x1.0p53, number == number.rounded() else {
                throw fail(key, "a whole number")
            }
            return Int(number)
        }
        guard case .string(let schema)? = header["schema"], schema == Self.schema else {
            throw fail("schema", "\"\(Self.schema)\"")
        }
        let index = try integer("shard_index")
        let count = try integer("shard_count")
        let replicates = try integer("replicates")
        let total = try integer("rows_total")
        guard count >= 1, index < count, replicates >= 1 else { throw fail("shard_index", "0 ≤ shard_index < shard_count, replicates ≥ 1") }
        guard case .string(let baseSeed)? = header["base_seed"] else { throw fail("base_seed", "a string") }
        guard case .array(let flagValues)? = header["run_flags"] else { throw fail("run_flags", "an array of strings") }
        var runFlags: [String] = []
        for flag in flagValues {
            guard case .string(let text) = flag else { throw fail("run_flags", "an array of strings") }
            runFlags.append(text)
        }
        guard case .array(let axisValues)? = header["vary"] else { throw fail("vary", "an array of axes") }
        var axes: [SweepAxis] = []
        for axis in axisValues {
            guard case .string(let name)? = axis["name"], case .array(let values)? = axis["values"], !values.isEmpty else {
                throw fail("vary", "axes {\"name\": …, \"values\": [...]}")
            }
            var strings: [String] = []
            for value in values {
                guard case .string(let text) = value else { throw fail("vary", "axis values as strings") }
                strings.append(text)
            }
            axes.append(SweepAxis(name: name, values: strings))
        }
        let grid = SweepGrid(axes: axes, replicates: replicates)
        guard grid.rowCount == total else { throw fail("rows_total", "\(grid.rowCount) (points × replicates)") }
        var rows: [SweepRow] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            rows.append(try SweepTables.parseRow(line, axes: axes.map(\.name), file: file, location: "line \(offset + 2)"))
        }
        return SweepShardFile(shardIndex: index, shardCount: count, grid: grid, baseSeed: baseSeed, runFlags: runFlags, rows: rows)
    }
}

extension SweepShardFile {
    /// What an existing file at a shard's path holds, judged against this shard (its
    /// rows ignored): a `.complete` file is kept; an `.incomplete` one (empty, torn, cut
    /// short: not newline-terminated, unparsable or with fewer rows) is redone; one of
    /// `.otherSweep` (a complete shard file with another header) is refused rather than
    /// overwritten.
    enum Existing: Equatable {
        case complete
        case incomplete(String)
        case otherSweep(String)
    }

    /// What tells `existing` (another sweep's shard) from this one, in words: the flags
    /// only one of them has, or has with another value, and the seed, replicates and axes.
    func differences(from existing: SweepShardFile) -> [String] {
        var found: [String] = []
        func name(_ flag: String) -> String { String(flag.prefix { $0 != "=" }) }
        let mine = Set(runFlags)
        let theirs = Set(existing.runFlags)
        var names: [String] = []
        for flag in existing.runFlags + runFlags where !mine.contains(flag) || !theirs.contains(flag) {
            if !names.contains(name(flag)) { names.append(name(flag)) }
        }
        for flag in names {
            let then = existing.runFlags.filter { name($0) == flag }.joined(separator: " ")
            let now = runFlags.filter { name($0) == flag }.joined(separator: " ")
            found.append("\(flag): \(then.isEmpty ? "not given" : then) there, \(now.isEmpty ? "not given" : now) now")
        }
        if existing.baseSeed != baseSeed { found.append("--seed: \(existing.baseSeed) there, \(baseSeed) now") }
        if existing.grid.replicates != grid.replicates {
            found.append("--replicates: \(existing.grid.replicates) there, \(grid.replicates) now")
        }
        let axes = { (grid: SweepGrid) in grid.axes.map { "\($0.name)=\($0.values.joined(separator: ","))" }.joined(separator: " ") }
        if axes(existing.grid) != axes(grid) { found.append("--vary: \(axes(existing.grid)) there, \(axes(grid)) now") }
        if existing.shardCount != shardCount { found.append("--shard-count: \(existing.shardCount) there, \(shardCount) now") }
        return found
    }

    /// Judges the file at `path`, which should hold `rowCount` rows.
    func judgeExisting(at path: String, rowCount: Int) -> Existing {
        let text: String
        do { text = try SweepFiles.read(path) } catch { return .incomplete(error.message) }
        guard !text.isEmpty else { return .incomplete("empty") }
        guard text.hasSuffix("\n") else { return .incomplete("its last line is cut short") }
        let existing: SweepShardFile
        do { existing = try SweepShardFile.parse(text, file: path) } catch { return .incomplete(error.message) }
        guard existing.sweepIdentity == sweepIdentity, existing.shardIndex == shardIndex else {
            let differences = differences(from: existing)
            return .otherSweep(
                "it holds a shard of another sweep (\(differences.isEmpty ? "another shard index" : differences.joined(separator: "; "))); "
                    + "remove it or use another --out")
        }
        guard existing.rows.count == rowCount else { return .incomplete("\(existing.rows.count) of \(rowCount) rows") }
        return .complete
    }
}
