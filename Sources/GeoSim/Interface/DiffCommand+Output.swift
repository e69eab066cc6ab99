extension DiffCommand {
    /// The text table: a summary line, then the changed figures (or all, with `all`),
    /// significant first, each with both values, the change and its direction.
    static func render(_ rows: [FigureComparison.Row], names: (String, String), all: Bool, threshold: Double, settings: [String] = []) -> String {
        let changed = rows.filter { $0.direction != .same }
        let significant = rows.filter(\.significant)
        let better = significant.filter { $0.direction == .better }.count
        let worse = significant.filter { $0.direction == .worse }.count
        let noise = rows.filter { $0.direction == .noise }.count
        var lines = [
            "geosim diff: A = \(names.0), B = \(names.1)",
            "\(rows.count) figures: \(significant.count) changed by \(JSONWriter.format(threshold))% or more (\(better) better, \(worse) worse), "
                + "\(changed.count - significant.count - noise) changed less, \(noise) within the noise, \(rows.count - changed.count) the same",
        ]
        if !settings.isEmpty { lines += ["settings that differ:"] + settings.map { "  " + $0 } }
        let shown = all ? rows : changed
        guard !shown.isEmpty else { return (lines + ["no figure changed"]).joined(separator: "\n") + "\n" }
        let table = shown.map { row in
            [row.name, value(row.a, row.ciA), value(row.b, row.ciB), change(row), row.significant ? row.direction.rawValue + " *" : row.direction.rawValue]
        }
        let header = ["figure", "A", "B", "change", ""]
        var widths = header.map(\.count)
        for cells in table { for (index, cell) in cells.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 || index == cells.count - 1 ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        lines.append("")
        lines.append(line(header))
        lines += table.map(line)
        lines.append("")
        lines.append("* significant: at least \(JSONWriter.format(threshold))% (a figure on one side only counts too)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `12.3` or, with a confidence half-width, `12.3 ± 0.4`; `-` when missing.
    static func value(_ number: Double?, _ ci: Double?) -> String {
        guard let number else { return "-" }
        return shown(number) + (ci.map { " ± " + shown($0) } ?? "")
    }

    /// A figure to three decimals, without trailing zeros (the JSON output keeps them all).
    static func shown(_ value: Double) -> String { JSONWriter.format((value * 1000).rounded() / 1000) }

    /// `+1.5 (+12.0%)`, or the absolute change alone when A is 0 or missing.
    static func change(_ row: FigureComparison.Row) -> String {
        guard let change = row.change else {
            switch (row.a, row.b) {
            case (nil, .some): return "new in B"
            case (.some, nil): return "only in A"
            default: return "-"
            }
        }
        let absolute = (change > 0 ? "+" : "") + shown(change)
        guard let relative = row.relative else { return absolute }
        let percent = (relative * 1000).rounded() / 10
        return absolute + " (" + (percent > 0 ? "+" : "") + JSONWriter.format(percent) + "%)"
    }

    /// `geosim.diff/1`: `{a, b, kind, figures: [{name, a, b, ci_a, ci_b, change, relative,
    /// direction, significant}]}`, rows in the text's order.
    static func json(_ rows: [FigureComparison.Row], names: (String, String), kind: Source) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        let figures: [JSONValue] = rows.map { row in
            .object([
                ("name", .string(row.name)), ("a", number(row.a)), ("b", number(row.b)), ("ci_a", number(row.ciA)), ("ci_b", number(row.ciB)),
                ("change", number(row.change)), ("relative", number(row.relative)), ("direction", .string(row.direction.rawValue)),
                ("significant", .bool(row.significant)),
            ])
        }
        return .object([
            ("schema", .string("geosim.diff/1")), ("a", .string(names.0)), ("b", .string(names.1)), ("kind", .string(kind.rawValue)),
            ("figures", .array(figures)),
        ])
    }
}

extension String {
    /// The string without spaces at its end.
    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
