/// Everything one export directory holds, before it is turned into files: documents
/// written as they are (report.json), tidy tables, charts drawn from those tables, and the
/// sections that order them for people. `files()` adds the SVG charts, `manifest.json`
/// and `geosim.ipynb`; `HTMLReport.render(_:)` turns the same bundle into one page.
///
/// Run, sweep and visibility exports build a bundle (`RunExport`, `SweepExport`,
/// `VisibilityExport`); any other command (a `check` swarm, say) can build its own from
/// its tables, or append tables and sections to one of those.
public struct ExportBundle: Sendable {
    /// `run`, `sweep`, `visibility`, `check`: the manifest's kind.
    public var kind: String
    /// The heading of the notebook and the HTML page.
    public var title: String
    /// The geosim version that wrote the export.
    public var version: String
    public var seed: UInt64?
    /// The scenario's settings, as key and text, in a fixed order chosen by the caller.
    public var scenario: [(key: String, value: String)]
    /// Files written as they are (report.json, visibility.json), before the tables.
    public var documents: [ExportFile]
    public var tables: [CSVTable]
    public var charts: [ExportChart]
    public var sections: [ExportSection]

    public init(
        kind: String, title: String, version: String, seed: UInt64?,
        scenario: [(key: String, value: String)], documents: [ExportFile] = [],
        tables: [CSVTable] = [], charts: [ExportChart] = [], sections: [ExportSection] = []
    ) {
        self.kind = kind
        self.title = title
        self.version = version
        self.seed = seed
        self.scenario = scenario
        self.documents = documents
        self.tables = tables
        self.charts = charts
        self.sections = sections
    }

    /// Adds a table (and a section showing it, when `section` is given): how callers add
    /// figures of their own, such as a check's seeds and violations.
    public mutating func add(_ table: CSVTable, section: ExportSection? = nil) {
        tables.append(table)
        if let section { sections.append(section) }
    }

    /// The table at `path`.
    public func table(_ path: String) -> CSVTable? { tables.first { $0.path == path } }

    /// The SVG of `chart`, as a standalone file. Ids inside are prefixed with the chart's
    /// name, so the charts of one bundle can share an HTML page or notebook.
    public func svg(_ chart: ExportChart) -> String {
        SVGChart.render(chart.spec(tables: tables), idPrefix: "chart-" + Self.identifier(chart.name) + "-")
    }

    /// The files of the export directory, in a fixed order: documents, tables, charts,
    /// then `manifest.json` and `geosim.ipynb`. The manifest lists them all, itself too.
    public func files() -> [ExportFile] {
        var files = documents
        for table in tables {
            files.append(ExportFile(path: table.path, contents: table.render(), kind: "table", description: table.description))
        }
        var svgs: [String] = []
        for chart in charts {
            let svg = svg(chart)
            svgs.append(svg)
            files.append(ExportFile(path: chart.path, contents: svg, kind: "chart", description: chart.description))
        }
        let manifestFile = ExportFile(
            path: ExportManifest.path, contents: "", kind: "manifest",
            description: "This list: every file of the export, with the columns, units and types of each table.")
        let notebookFile = ExportFile(
            path: NotebookWriter.path, contents: "", kind: "notebook",
            description: "A Jupyter notebook (nbformat 4.5) that loads the tables with pandas and redraws the charts with matplotlib.")
        let manifest = manifest(listing: files + [manifestFile, notebookFile])
        files.append(ExportFile(path: manifestFile.path, contents: manifest.json, kind: manifestFile.kind, description: manifestFile.description))
        files.append(
            ExportFile(
                path: notebookFile.path, contents: NotebookWriter.notebook(self, svgs: svgs),
                kind: notebookFile.kind, description: notebookFile.description))
        return files
    }

    /// The manifest of `files`.
    func manifest(listing files: [ExportFile]) -> ExportManifest {
        let entries = files.map { file -> ExportManifest.Entry in
            if file.kind == "table", let table = table(file.path) {
                return .init(path: file.path, kind: file.kind, description: file.description, columns: table.columns, rows: table.rows.count)
            }
            if file.kind == "chart", let chart = charts.first(where: { $0.path == file.path }) {
                return .init(path: file.path, kind: file.kind, description: file.description, table: chart.table)
            }
            return .init(path: file.path, kind: file.kind, description: file.description)
        }
        return ExportManifest(version: version, kind: kind, title: title, seed: seed, scenario: scenario, files: entries)
    }

    /// `text` reduced to letters, digits, `-` and `_` (other characters become `-`): safe as
    /// an XML id, an HTML anchor and a notebook cell id.
    static func identifier(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let isSafe =
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_"
            result.unicodeScalars.append(isSafe ? scalar : "-")
        }
        return result.isEmpty ? "x" : result
    }
}
