// Tables as people read them: headings in words with the unit in parentheses ("p50 (ms)"),
// fractions as percentages, milliseconds with the precision the text report uses.
extension HTMLReport {
    /// A table under its description, inside a wrapper that scrolls sideways when the
    /// table is wider than the screen (it never clips). Column names from the CSV stay as
    /// tooltips, so a reader can find the column in the export.
    static func tableHTML(_ table: CSVTable) -> String {
        // The description is a paragraph, not a <caption>: a caption is as narrow as its
        // table, which wraps it into a tall column beside a small table.
        var html = "<p class=\"caption\">\(escape(table.description))</p>\n"
        html += "<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"\(escape(table.path))\">\n<table>\n<thead><tr>"
        for column in table.columns {
            let numeric = column.kind != .string
            let tooltip = column.description + " (column " + column.name + " of " + table.path + ")"
            html += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "") title=\"\(escape(tooltip))\">\(escape(heading(column)))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (index, column) in table.columns.enumerated() {
                let value = index < row.count ? row[index] : nil
                let numeric = column.kind != .string
                html += "<td\(numeric ? " class=\"num\"" : "")>\(escape(cell(value, column)))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        return html
    }

    /// A column's heading: its name in words, p999 as p99.9, the unit in parentheses
    /// (fractions as %): `p50_ms` → "p50 (ms)", `writes_availability` → "writes
    /// availability (%)", `latency_p99_ms_ci95` → "latency p99 ±95% CI (ms)".
    public static func heading(_ column: CSVColumn) -> String {
        var name = Substring(column.name)
        var qualifiers: [String] = []
        for (suffix, words) in [("_ci95", "±95% CI"), ("_mean", "mean")] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            qualifiers.insert(words, at: 0)
        }
        var unit: String?
        for (suffix, shown) in [("_per_s", "per s"), ("_ms", "ms"), ("_s", "s")] where unit == nil && name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            unit = shown
        }
        if unit == nil, let declared = column.unit, !["count", "fraction"].contains(declared) { unit = declared }
        if column.unit == "fraction" {
            unit = "%"
            if name.hasSuffix("_fraction"), name.count > "_fraction".count { name = name.dropLast("_fraction".count) }
        }
        let words = name.split(separator: "_").map { $0 == "p999" ? "p99.9" : String($0) } + qualifiers
        let text = words.joined(separator: " ")
        return unit.map { "\(text) (\($0))" } ?? text
    }

    /// A cell's text: "–" when missing; fractions as percent with 2 decimals;
    /// milliseconds as the text report writes them (0.84, 66.3, 1234); other numbers with
    /// 2 decimals (1 from 100 on, none when whole); text as written.
    static func cell(_ value: CSVTable.Value?, _ column: CSVColumn) -> String {
        guard let value else { return "–" }
        if case .text(let text) = value { return text.isEmpty ? "–" : text }
        if case .integer(let integer) = value { return String(integer) }
        guard let number = value.numeric else { return "–" }
        if column.unit == "fraction" { return ReportText.fixed(number * 100, decimals: 2) }
        if column.unit == "ms" {
            if number.magnitude < 10 { return ReportText.fixed(number, decimals: 2) }
            return ReportText.fixed(number, decimals: number.magnitude < 1000 ? 1 : 0)
        }
        if number == number.rounded(), number.magnitude < 1e15 { return ReportText.fixed(number, decimals: 0) }
        return ReportText.fixed(number, decimals: number.magnitude < 100 ? 2 : 1)
    }
}
