/// One self-contained HTML page (`geosim report --html FILE`): a run's report with
/// everything the text report says (latency against the floor, availability, elections
/// and failover, staleness, caches, replication lag, pools, transactions, the busiest
/// nodes) as tables and inline SVG charts; or a sweep's or plan's metrics against the
/// swept values.
///
/// Self-contained: CSS is inline, charts are inline SVG, there are no scripts, fonts, images
/// or links that fetch anything, so the page reads the same offline, attached to an email
/// or archived. The page follows the reader's light or dark preference
/// (`prefers-color-scheme`), charts included: their colours come from CSS variables of the
/// page (the SVG's own colours are the light fallback of a standalone file). Tables sit in
/// wrappers that scroll sideways when the screen is narrower than they are. Deterministic:
/// the same input gives the same bytes.
public enum HTMLReport {
    /// The page of one run's report.
    public static func render(
        report: Report, scenario: [(key: String, value: String)] = [], version: String,
        faults: [Fault] = []
    ) -> String {
        let bundle = RunExport.bundle(report: report, scenario: scenario, version: version, faults: faults)
        return render(HTMLRunPage.page(report, bundle: bundle))
    }

    /// The page of any export bundle (a run, a sweep, a visibility experiment).
    public static func render(_ bundle: ExportBundle) -> String { render(HTMLPage(bundle: bundle)) }

    /// Writes `page`.
    public static func render(_ page: HTMLPage) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="generator" content="geosim \(escape(page.version))">
            <title>\(escape(page.title))</title>
            <style>
            \(style)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(escape(page.title))</h1>
            <p class="meta">\(escape(page.meta))</p>

            """
        for notice in page.notices { html += "<p class=\"notice\">\(escape(notice))</p>\n" }
        for line in page.summary { html += "<p class=\"summary\">\(escape(line))</p>\n" }
        html += "</header>\n"
        let sections = page.sections.filter { !$0.blocks.isEmpty }
        if sections.count > 1 {
            html += "<nav><ul>\n"
            for section in sections {
                html += "<li><a href=\"#\(anchor(section.title))\">\(escape(section.title))</a></li>\n"
            }
            html += "</ul></nav>\n"
        }
        if !page.scenario.isEmpty {
            html += "<section id=\"scenario\">\n<h2>Scenario</h2>\n<div class=\"table\">\n<table class=\"settings\">\n<tbody>\n"
            for entry in page.scenario {
                html += "<tr><th scope=\"row\">\(escape(entry.key))</th><td>\(escape(entry.value))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n</div>\n</section>\n"
        }
        for section in sections { html += sectionHTML(section) }
        html += "<footer>\n"
        for line in page.footer { html += "<p>\(escape(line))</p>\n" }
        html += "<p>Written by geosim \(escape(page.version)). Same input, same page.</p>\n</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// One section: its heading, then its blocks in order.
    static func sectionHTML(_ section: HTMLPage.Section) -> String {
        var html = "<section id=\"\(anchor(section.title))\">\n<h2>\(escape(section.title))</h2>\n"
        for block in section.blocks {
            switch block {
            case .paragraph(let text):
                html += "<p>\(escape(text))</p>\n"
            case .list(let items):
                html += "<ul class=\"facts\">\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let table):
                html += tableHTML(table)
            case .folded(let summary, let table):
                html += "<details>\n<summary>\(escape(summary))</summary>\n" + tableHTML(table) + "</details>\n"
            case .chart(let svg, let caption):
                html += "<figure>\n<div class=\"chart\">\n" + svg + "</div>\n<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
            }
        }
        return html + "</section>\n"
    }

    /// An SVG document ready to sit inside HTML (or a notebook output): without its XML
    /// declaration, which is only allowed at the start of a file.
    public static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let newline = svg.firstIndex(of: "\n") else { return svg }
        return String(svg[svg.index(after: newline)...])
    }

    /// An id for a section heading.
    static func anchor(_ title: String) -> String { "section-" + ExportBundle.identifier(title.lowercased()) }

    /// HTML text and attribute escaping; drops control characters HTML does not allow.
    static func escape(_ text: String) -> String { SVGChart.escape(text) }
}
