import Foundation

/// What `geosim report --from` reads besides a run's JSON report: a sweep's output
/// directory (`rows.jsonl`, with the axes' order from `rows.csv`) and a plan's JSON.
enum ReportSources {
    /// Whether `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The rows of the sweep whose `--out` directory is `directory`, and its axes in
    /// `--vary` order (rows.csv's columns between `seed` and the first metric; without
    /// rows.csv, the names in the rows, sorted).
    static func sweep(_ directory: String) throws(InputError) -> (rows: [SweepRow], axes: [String]) {
        let rowsPath = directory + "/rows.jsonl"
        guard SweepFiles.exists(rowsPath) else {
            let shards = (try? SweepFiles.names(in: directory))?.contains { SweepShardFile.parseName($0) != nil } == true
            throw InputError(
                file: directory, location: "directory",
                message: shards
                    ? "holds shard files but no rows.jsonl; run 'geosim merge \(directory)' first"
                    : "holds no rows.jsonl: expected a directory written by 'geosim sweep --out DIR' or 'geosim merge'")
        }
        let text = try SweepFiles.read(rowsPath)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard let first = lines.first else { throw InputError(file: rowsPath, location: "file", message: "holds no rows") }
        var axes: [String]
        let csvPath = directory + "/rows.csv"
        if SweepFiles.exists(csvPath), let header = try SweepFiles.read(csvPath).split(separator: "\n").first {
            let fields = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, fields[0...2] == ["point", "replicate", "seed"] else {
                throw InputError(file: csvPath, location: "line 1", message: "expected the header point,replicate,seed,<flags…>,<metrics…>")
            }
            axes = Array(fields.dropFirst(3).prefix { !SweepMetrics.names.contains($0) })
        } else {
            guard case .object(let members)? = (try? JSONParser.parse(first))?["vary"] else {
                throw InputError(file: rowsPath, location: "line 1: $.vary", message: "expected the row's swept values")
            }
            axes = members.map(\.key).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        }
        var rows: [SweepRow] = []
        for (offset, line) in lines.enumerated() {
            rows.append(try SweepTables.parseRow(line, axes: axes, file: rowsPath, location: "line \(offset + 1)"))
        }
        return (rows, axes)
    }

    /// The plan document at `path`, or nil when the file is JSON of another kind (a run's
    /// report) or not JSON at all (the run report's reader then says what is wrong).
    static func plan(_ path: String) throws(InputError) -> JSONValue? {
        let bytes = try InputFile.read(path: path)
        guard let value = try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)),
            case .string(let schema)? = value["schema"], schema.hasPrefix("geosim.plan/")
        else { return nil }
        return value
    }
}
