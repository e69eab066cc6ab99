/// One tidy table of an export, written as RFC 4180 CSV: a header row of column names,
/// then one line per row, fields separated by commas, lines ended by "\n".
///
/// Conventions every exported table follows (so pandas, R and spreadsheets read them the
/// same way):
/// - Column names carry their unit as a suffix (`latency_ms`, `t_s`); `unit` repeats it
///   for the manifest.
/// - A missing value is an empty field, never `nan`, `inf` or `null`; a number that is not
///   finite is written as missing too.
/// - Numbers have a fixed number of decimals per column (`CSVColumn.Kind.number`), printed
///   by integer arithmetic: no locale, no exponent, no `-0`. The same table gives the same
///   bytes on every machine.
/// - Text is quoted only when it must be (a comma, quote, carriage return or newline in
///   it), with inner quotes doubled.
/// - Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
///   tab or a carriage return, as OWASP's CSV-injection guidance lists) is written with a
///   leading `'`, which spreadsheets show as text. Only text values are guarded, and text
///   that is a plain decimal number (`-1`, `-0.5`) is left alone: numeric columns are
///   never touched. `formulaGuardNote` says this in every manifest.
/// - The column order is the order of `columns`, fixed per table kind.
public struct CSVTable: Sendable {
    /// One cell's value; `nil` in a row is a missing value.
    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)

        /// The value as a number, for charts: integers and numbers, and text that reads
        /// as a decimal number; nil otherwise.
        public var numeric: Double? {
            switch self {
            case .integer(let value): return Double(value)
            case .number(let value): return value.isFinite ? value : nil
            case .text(let text): return Double(text).flatMap { $0.isFinite ? $0 : nil }
            }
        }

        /// The value as text, for grouping and filtering (numbers in shortest form).
        public var text: String {
            switch self {
            case .text(let text): return text
            case .integer(let value): return String(value)
            case .number(let value): return JSONWriter.format(value)
            }
        }
    }

    /// The file name inside the export directory, e.g. `latency.csv`.
    public var path: String
    /// What one row is, for the manifest and the notebook.
    public var description: String
    public var columns: [CSVColumn]
    /// Each row holds one value (or nil) per column, in column order.
    public var rows: [[Value?]]

    public init(path: String, description: String, columns: [CSVColumn], rows: [[Value?]] = []) {
        self.path = path
        self.description = description
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row; cells beyond the columns are dropped and missing ones are nil, so the
    /// table stays rectangular whatever the caller passes.
    public mutating func append(_ cells: [Value?]) {
        var row = Array(cells.prefix(columns.count))
        if row.count < columns.count { row += Array(repeating: nil, count: columns.count - row.count) }
        rows.append(row)
    }

    /// The index of the column named `name`.
    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The CSV text: header, rows, every line ending with "\n".
    public func render() -> String {
        var text = columns.map { CSVTable.field($0.name) }.joined(separator: ",") + "\n"
        for row in rows {
            var fields: [String] = []
            fields.reserveCapacity(columns.count)
            for (index, column) in columns.enumerated() {
                let value = index < row.count ? row[index] : nil
                fields.append(CSVTable.render(value, as: column.kind))
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// One value as a field of a column of `kind` (empty when missing or not finite).
    /// `guardingFormulas: false` leaves formula-like text unguarded, for displays that are
    /// not spreadsheets (the HTML report's tables).
    static func render(_ value: Value?, as kind: CSVColumn.Kind, guardingFormulas: Bool = true) -> String {
        guard let value else { return "" }
        switch (value, kind) {
        case (.number(let number), .number(let decimals)):
            return number.isFinite ? SVGChart.fixed(number, decimals) : ""
        case (.integer(let integer), .number(let decimals)):
            return SVGChart.fixed(Double(integer), decimals)
        case (.number(let number), .integer):
            return number.isFinite ? String(Int64(Swift.min(Swift.max(number.rounded(), -9e18), 9e18))) : ""
        case (.number(let number), .string):
            return number.isFinite ? field(JSONWriter.format(number)) : ""
        case (.integer(let integer), _):
            return String(integer)
        case (.text(let text), _):
            return field(guardingFormulas ? guardingFormula(text) : text)
        }
    }

    /// The manifest's statement of the formula guard (see the type's conventions).
    public static let formulaGuardNote =
        "Text fields that start with =, +, -, @, a tab or a carriage return (and are not a plain number such as -1) are written with a leading ' so that spreadsheets do not run them as formulas (OWASP CSV injection); drop that first ' to get the text as written."

    /// `text` with a leading `'` when a spreadsheet would read it as a formula: it starts
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain decimal
    /// number (`NumberText.decimal`), else unchanged.
    static func guardingFormula(_ text: String) -> String {
        guard let first = text.utf8.first else { return text }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            return "'" + text
        case UInt8(ascii: "-"):
            return NumberText.decimal(text) == nil ? "'" + text : text
        default:
            return text
        }
    }

    /// Quotes `text` when RFC 4180 requires it.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// One column of a `CSVTable`: its name (with the unit suffix), unit, type and meaning.
public struct CSVColumn: Sendable, Equatable {
    /// How the column's values are written, and the type the manifest declares.
    public enum Kind: Sendable, Equatable {
        /// Free text (`"string"`).
        case string
        /// Whole numbers (`"integer"`).
        case integer
        /// Decimal numbers with this many decimals (`"number"`).
        case number(decimals: Int)

        /// The type name in the manifest: `string`, `integer` or `number`.
        public var typeName: String {
            switch self {
            case .string: return "string"
            case .integer: return "integer"
            case .number: return "number"
            }
        }

        /// The pandas dtype to read the column with (`pd.read_csv(dtype=...)`): nullable
        /// `string` and `Int64`, and `Float64`, so an empty field is a missing value of
        /// the column's type even when every field of the column is empty.
        public var pandasDtype: String {
            switch self {
            case .string: return "string"
            case .integer: return "Int64"
            case .number: return "Float64"
            }
        }

        /// The polars data type (`pl.<name>`, for `pl.read_csv(schema=...)`): without it
        /// polars infers String for a column whose fields are all empty.
        public var polarsDtype: String {
            switch self {
            case .string: return "String"
            case .integer: return "Int64"
            case .number: return "Float64"
            }
        }
    }

    public var name: String
    /// The unit of the values (`ms`, `s`, `fraction`, `count`, `ops/s`), nil for text and
    /// unitless figures.
    public var unit: String?
    public var kind: Kind
    public var description: String

    public init(_ name: String, _ kind: Kind, unit: String? = nil, _ description: String) {
        self.name = name
        self.unit = unit
        self.kind = kind
        self.description = description
    }

    /// A text column.
    public static func text(_ name: String, _ description: String) -> CSVColumn {
        CSVColumn(name, .string, description)
    }

    /// A count of things (operations, reads, seconds of samples).
    public static func count(_ name: String, _ description: String) -> CSVColumn {
        CSVColumn(name, .integer, unit: "count", description)
    }

    /// Milliseconds with microsecond precision (3 decimals).
    public static func milliseconds(_ name: String, _ description: String) -> CSVColumn {
        CSVColumn(name, .number(decimals: 3), unit: "ms", description)
    }

    /// Seconds with millisecond precision (3 decimals).
    public static func seconds(_ name: String, _ description: String) -> CSVColumn {
        CSVColumn(name, .number(decimals: 3), unit: "s", description)
    }

    /// A fraction in 0…1 with 6 decimals.
    public static func fraction(_ name: String, _ description: String) -> CSVColumn {
        CSVColumn(name, .number(decimals: 6), unit: "fraction", description)
    }
}
