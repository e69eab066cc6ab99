import Foundation

/// The outputs of a sweep, as text that is the same byte for byte for the same rows
/// (whatever the number of threads or shards):
///
/// - `rows.jsonl`: one compact JSON object per row, keys sorted:
///   `{"availability":…,"ops":…,"point":k,"replicate":r,"reads_p99_ms":…,"seed":S,
///   "vary":{"rate":"2000"},"writes_p99_ms":…}`; metrics as in `SweepMetrics`, null where
///   there is no figure; axis values as the strings given.
/// - `rows.csv`: `point,replicate,seed,<axes…>,<metrics…>`; empty cells for no figure.
/// - `summary.csv`: per point `point,<axes…>,replicates,<metric>_mean,<metric>_ci95,…`,
///   where ci95 is the half-width of the 95% confidence interval (Student's t), empty with
///   one replicate.
/// - the text summary: a table of the main figures, mean ± ci95 (availability in percent).
enum SweepTables {
    /// One row as a JSON line (without the newline).
    static func jsonLine(_ row: SweepRow, axes: [String]) -> String {
        var members: [(key: String, value: JSONValue)] = [
            ("point", .number(Double(row.point))),
            ("replicate", .number(Double(row.replicate))),
            ("seed", .number(Double(row.seed))),
            ("vary", .object(zip(axes, row.vary).map { ($0, JSONValue.string($1)) })),
        ]
        for (name, value) in zip(SweepMetrics.names, row.metrics) {
            members.append((name, value.map { JSONValue.number($0) } ?? .null))
        }
        return JSONWriter.string(.object(members), pretty: false)
    }

    /// rows.jsonl.
    static func jsonLines(_ rows: [SweepRow], axes: [String]) -> String {
        rows.map { jsonLine($0, axes: axes) + "\n" }.joined()
    }

    /// rows.csv.
    static func csv(_ rows: [SweepRow], axes: [String]) -> String {
        var lines = [(["point", "replicate", "seed"] + axes + SweepMetrics.names).map(csvField).joined(separator: ",")]
        for row in rows {
            let cells =
                [String(row.point), String(row.replicate), String(row.seed)] + row.vary.map(csvField)
                + row.metrics.map { $0.map(JSONWriter.format) ?? "" }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// summary.csv.
    static func summaryCSV(_ summary: SweepSummary, axes: [String]) -> String {
        var header = ["point"] + axes + ["replicates"]
        for name in SweepMetrics.names { header += [name + "_mean", name + "_ci95"] }
        var lines = [header.map(csvField).joined(separator: ",")]
        for point in summary.points {
            var cells = [String(point.point)] + point.vary.map(csvField) + [String(point.replicates)]
            for statistic in point.statistics {
                cells.append(statistic.map { number($0.mean) } ?? "")
                cells.append(statistic?.halfWidth.map(number) ?? "")
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text table: per point its axis values, replicates and the main figures.
    static func summaryText(_ summary: SweepSummary, axes: [String], rowCount: Int) -> String {
        let shown: [(title: String, metric: String, decimals: Int)] = [
            ("write p50 ms", "writes_p50_ms", 2), ("write p99 ms", "writes_p99_ms", 2),
            ("read p99 ms", "reads_p99_ms", 2), ("availability", "availability", 3),
        ]
        var table: [[String]] = [["point"] + axes + ["n"] + shown.map(\.title)]
        for point in summary.points {
            var cells = [String(point.point)] + point.vary + [String(point.replicates)]
            for column in shown {
                guard let index = SweepMetrics.index(of: column.metric), let statistic = point.statistics[index] else {
                    cells.append("-")
                    continue
                }
                guard column.metric != "availability" else {
                    // Percent in text, as every command shows availability; CSV and JSON keep the fraction.
                    cells.append(ReportText.availabilityText(mean: statistic.mean, halfWidth: statistic.halfWidth, decimals: column.decimals))
                    continue
                }
                var cell = ReportText.fixed(statistic.mean, decimals: column.decimals)
                if let half = statistic.halfWidth { cell += " ± " + ReportText.fixed(half, decimals: column.decimals) }
                cells.append(cell)
            }
            table.append(cells)
        }
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        let firstNumeric = 1 + axes.count
        var text =
            "geosim sweep: \(summary.points.count) point\(summary.points.count == 1 ? "" : "s"), \(rowCount) run\(rowCount == 1 ? "" : "s"); mean ± 95% confidence half-width (Student's t) across replicates\n\n"
        for row in table {
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 || column >= firstNumeric ? padding + cell : cell + padding
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        return text
    }

    /// A summary figure: 6 decimals at most.
    static func number(_ value: Double) -> String { JSONWriter.format(SweepMetrics.rounded(value, 6)) }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180), with
    /// text a spreadsheet would run as a formula guarded by a leading `'` as in every
    /// other CSV geosim writes (`CSVTable.guardingFormula`; plain numbers are unchanged).
    static func csvField(_ text: String) -> String {
        CSVTable.field(CSVTable.guardingFormula(text))
    }

    /// Reads back one row written by `jsonLine`; `location` names it in errors.
    static func parseRow(_ line: String, axes: [String], file: String, location: String) throws(InputError) -> SweepRow {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            throw InputError(file: file, location: location, message: "not a JSON row: \(error.message)")
        }
        func integer(_ key: String) throws(InputError) -> Int {
            guard case .number(let number)? = value[key], number >= 0, number < 0x1.0p53, number == number.rounded() else {
                throw InputError(file: file, location: "\(location): $.\(key)", message: "expected a whole number")
            }
            return Int(number)
        }
        let point = try integer("point")
        let replicate = try integer("replicate")
        let seed = UInt64(try integer("seed"))
        var vary: [String] = []
        for axis in axes {
            guard case .string(let text)? = value["vary"]?[axis] else {
                throw InputError(file: file, location: "\(location): $.vary.\(axis)", message: "expected the axis value as a string")
            }
            vary.append(text)
        }
        var metrics: [Double?] = []
        for name in SweepMetrics.names {
            switch value[name] {
            case .number(let number)?: metrics.append(number)
            case .null?: metrics.append(nil)
            default: throw InputError(file: file, location: "\(location): $.\(name)", message: "expected a number or null")
            }
        }
        return SweepRow(point: point, replicate: replicate, seed: seed, vary: vary, metrics: metrics)
    }
}
