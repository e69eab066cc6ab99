/// `manifest.json` of an export directory (`"schema": "geosim.manifest/1"`): which geosim
/// wrote it, for which scenario and seed, and every file in the directory, itself
/// included. Tables list their columns with unit and type, so a reader can load them
/// without guessing; charts name the table they draw.
///
/// Layout (keys sorted by `JSONWriter`):
///
///     {"schema": "geosim.manifest/1", "geosim_version": "0.1.0", "kind": "run",
///      "title": "...", "seed": 1, "csv_text_guard": "Text fields that start with =, ...",
///      "scenario": {"topology": "us-east,us-west", ...},
///      "files": [{"path": "latency.csv", "kind": "table", "description": "...",
///                 "rows": 8, "columns": [{"name": "p99_ms", "unit": "ms",
///                 "type": "number", "pandas_dtype": "Float64", "polars_dtype":
///                 "Float64", "description": "..."}, ...]},
///                {"path": "charts/latency_cdf_writes.svg", "kind": "chart",
///                 "table": "latency_cdf.csv", "description": "..."}, ...]}
///
/// `files` keeps the order the files were exported in; `unit` is null for text columns.
/// Every column declares its dtype for pandas and polars (`CSVColumn.Kind.pandasDtype`,
/// `polarsDtype`): readers that pass them get the same types whatever the values, an
/// all-empty column included (`scripts/load-export.py` checks this).
/// `csv_text_guard` states how text fields that a spreadsheet would run as formulas are
/// written (`CSVTable.formulaGuardNote`).
public struct ExportManifest: Sendable {
    public static let schema = "geosim.manifest/1"
    public static let path = "manifest.json"

    /// One file of the export.
    public struct Entry: Sendable {
        public var path: String
        public var kind: String
        public var description: String
        /// Tables: columns and row count.
        public var columns: [CSVColumn]?
        public var rows: Int?
        /// Charts: the table drawn.
        public var table: String?

        public init(path: String, kind: String, description: String, columns: [CSVColumn]? = nil, rows: Int? = nil, table: String? = nil) {
            self.path = path
            self.kind = kind
            self.description = description
            self.columns = columns
            self.rows = rows
            self.table = table
        }
    }

    public var version: String
    /// `run`, `sweep`, `visibility`, `check`.
    public var kind: String
    public var title: String
    public var seed: UInt64?
    /// The scenario's settings as the user would write them, in the order given.
    public var scenario: [(key: String, value: String)]
    public var files: [Entry]

    public init(version: String, kind: String, title: String, seed: UInt64?, scenario: [(key: String, value: String)], files: [Entry]) {
        self.version = version
        self.kind = kind
        self.title = title
        self.seed = seed
        self.scenario = scenario
        self.files = files
    }

    public var jsonValue: JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("geosim_version", .string(version)),
            ("kind", .string(kind)),
            ("title", .string(title)),
            ("seed", seed.map { .number(Double($0)) } ?? .null),
            ("csv_text_guard", .string(CSVTable.formulaGuardNote)),
            ("scenario", .object(scenario.map { ($0.key, JSONValue.string($0.value)) })),
            ("files", .array(files.map(Self.entryValue))),
        ])
    }

    /// Pretty JSON ending with a newline.
    public var json: String { JSONWriter.string(jsonValue, pretty: true) + "\n" }

    static func entryValue(_ entry: Entry) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("path", .string(entry.path)),
            ("kind", .string(entry.kind)),
            ("description", .string(entry.description)),
        ]
        if let columns = entry.columns {
            members.append(
                (
                    "columns",
                    .array(
                        columns.map { column in
                            .object([
                                ("name", .string(column.name)),
                                ("unit", column.unit.map { .string($0) } ?? .null),
                                ("type", .string(column.kind.typeName)),
                                ("pandas_dtype", .string(column.kind.pandasDtype)),
                                ("polars_dtype", .string(column.kind.polarsDtype)),
                                ("description", .string(column.description)),
                            ])
                        })
                ))
        }
        if let rows = entry.rows { members.append(("rows", .number(Double(rows)))) }
        if let table = entry.table { members.append(("table", .string(table))) }
        return .object(members)
    }
}
