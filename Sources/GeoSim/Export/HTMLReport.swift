/// One self-contained HTML page of an export (`geosim report --html FILE`): the scenario,
/// then per section its tables and its charts as inline SVG.
///
/// Self-contained: CSS is inline, charts are inline SVG, there are no scripts, fonts, images
/// or links that fetch anything, so the page reads the same offline, attached to an email
/// or archived. The page follows the reader's light or dark preference
/// (`prefers-color-scheme`); the charts keep their own white background in both, so their
/// colours and text read the same everywhere. Deterministic: the same bundle gives the
/// same bytes.
public enum HTMLReport {
    /// The page of one run's report: `RunExport.bundle(...)` drawn as HTML.
    public static func render(
        report: Report, scenario: [(key: String, value: String)] = [], version: String,
        faults: [Fault] = []
    ) -> String {
        render(RunExport.bundle(report: report, scenario: scenario, version: version, faults: faults))
    }

    /// The page of any export bundle (a run, a sweep, a visibility experiment).
    public static func render(_ bundle: ExportBundle) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="generator" content="geosim \(escape(bundle.version))">
            <title>\(escape(bundle.title))</title>
            <style>
            \(style)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(escape(bundle.title))</h1>
            <p class="meta">geosim \(escape(bundle.version))\(bundle.seed.map { " · seed \($0)" } ?? "") · \(escape(bundle.kind))</p>
            </header>

            """
        let sections = bundle.sections.filter { !$0.tables.isEmpty || !$0.charts.isEmpty }
        if sections.count > 1 {
            html += "<nav><ul>\n"
            for section in sections {
                html += "<li><a href=\"#\(anchor(section.title))\">\(escape(section.title))</a></li>\n"
            }
            html += "</ul></nav>\n"
        }
        if !bundle.scenario.isEmpty {
            html += "<section id=\"scenario\">\n<h2>Scenario</h2>\n<table class=\"settings\">\n<tbody>\n"
            for entry in bundle.scenario {
                html += "<tr><th scope=\"row\">\(escape(entry.key))</th><td>\(escape(entry.value))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n</section>\n"
        }
        for section in sections {
            html += "<section id=\"\(anchor(section.title))\">\n<h2>\(escape(section.title))</h2>\n"
            if !section.text.isEmpty { html += "<p>\(escape(section.text))</p>\n" }
            for path in section.tables {
                guard let table = bundle.table(path) else { continue }
                html += tableHTML(table)
            }
            for path in section.charts {
                guard let chart = bundle.charts.first(where: { $0.path == path }) else { continue }
                html += "<figure>\n" + inlineSVG(bundle.svg(chart))
                html += "<figcaption>\(escape(chart.description)) <span class=\"file\">\(escape(chart.path))</span></figcaption>\n</figure>\n"
            }
            html += "</section>\n"
        }
        html += "<footer><p>Written by geosim \(escape(bundle.version)). Same scenario and seed, same page.</p></footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// An SVG document ready to sit inside HTML (or a notebook output): without its XML
    /// declaration, which is only allowed at the start of a file.
    public static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let newline = svg.firstIndex(of: "\n") else { return svg }
        return String(svg[svg.index(after: newline)...])
    }

    /// A table: column names as headers (the description as a tooltip), numbers right-
    /// aligned, missing values as an en dash.
    static func tableHTML(_ table: CSVTable) -> String {
        // The description is a paragraph, not a <caption>: a caption is as narrow as its
        // table, which wraps it into a tall column beside a small table.
        var html = "<p class=\"caption\">\(escape(table.description)) <span class=\"file\">\(escape(table.path))</span></p>\n"
        html += "<div class=\"table\">\n<table>\n<thead><tr>"
        for column in table.columns {
            let numeric = column.kind != .string
            html += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "") title=\"\(escape(column.description))\">\(escape(column.name))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (index, column) in table.columns.enumerated() {
                let value = index < row.count ? row[index] : nil
                let text = CSVTable.render(value, as: column.kind, guardingFormulas: false)
                let numeric = column.kind != .string
                let shown = value == nil || text.isEmpty ? "–" : unquoted(text)
                html += "<td\(numeric ? " class=\"num\"" : "")>\(escape(shown))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        return html
    }

    /// A CSV field back to its text (quotes removed) for display.
    static func unquoted(_ field: String) -> String {
        guard field.hasPrefix("\""), field.hasSuffix("\""), field.count >= 2 else { return field }
        return String(field.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// An id for a section heading.
    static func anchor(_ title: String) -> String { "section-" + ExportBundle.identifier(title.lowercased()) }

    /// HTML text and attribute escaping; drops control characters HTML does not allow.
    static func escape(_ text: String) -> String { SVGChart.escape(text) }

    /// Light colours by default, dark ones when the reader prefers them. System fonts only.
    static let style = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --stripe: #f6f8fa; --link: #0550ae; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --rule: #3d444d; --stripe: #151b23; --link: #4493f8; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { font-size: 1.25em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        p { margin: 8px 0; }
        a { color: var(--link); }
        .meta, figcaption, .caption, footer { color: var(--muted); }
        .file { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; }
        nav ul { list-style: none; padding: 0; margin: 12px 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
        div.table { overflow-x: auto; margin: 4px 0 20px; }
        table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
        p.caption { font-size: 13px; margin: 16px 0 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        thead th { border-bottom: 2px solid var(--rule); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
        tbody tr:nth-child(even) { background: var(--stripe); }
        .num { text-align: right; }
        table.settings th { font-weight: 600; }
        table.settings td { white-space: normal; }
        figure { margin: 16px 0 28px; }
        figure svg { display: block; width: 100%; max-width: 720px; height: auto; border: 1px solid var(--rule); border-radius: 6px; }
        figcaption { font-size: 13px; margin-top: 6px; max-width: 720px; }
        footer { margin-top: 40px; font-size: 13px; }

        """
}
