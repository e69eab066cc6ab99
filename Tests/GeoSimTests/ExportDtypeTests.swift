import Foundation
import Testing

@testable import GeoSim

/// Every CSV column of every kind of export declares its dtype for pandas and polars, and
/// every value written in it parses as that dtype (an empty field is a missing value).
@Suite struct ExportDtypeTests {
    /// Whether `field` parses as `dtype` (nil for a dtype the manifest may not declare).
    static func parses(_ field: String, as dtype: String) -> Bool? {
        switch dtype {
        case "Int64": return Int64(field) != nil
        case "Float64": return Double(field).map(\.isFinite) ?? false
        case "string", "String": return true
        default: return nil
        }
    }

    @Test func everyColumnDeclaresADtypeItsValuesParseAs() throws {
        var checkedColumns = 0
        var emptyNumericColumns: [String] = []
        for (name, bundle) in try ExportFixtures.bundles() {
            let files = bundle.files()
            let manifestText = try #require(files.first { $0.path == ExportManifest.path }?.contents)
            guard case .array(let entries)? = try JSONParser.parse(manifestText)["files"] else {
                Issue.record("\(name): the manifest has no files")
                continue
            }
            for entry in entries {
                guard case .string(let path)? = entry["path"], path.hasSuffix(".csv"), case .array(let columns)? = entry["columns"] else { continue }
                let text = try #require(files.first { $0.path == path }?.contents)
                let records = try #require(ExportFixtures.parseCSV(text), "\(name) \(path)")
                for (index, column) in columns.enumerated() {
                    guard case .string(let columnName)? = column["name"], case .string(let pandas)? = column["pandas_dtype"],
                        case .string(let polars)? = column["polars_dtype"], case .string(let type)? = column["type"]
                    else {
                        Issue.record("\(name) \(path): column \(index) lacks a name, type or dtype: \(column)")
                        continue
                    }
                    let expected = ["string": ("string", "String"), "integer": ("Int64", "Int64"), "number": ("Float64", "Float64")][type]
                    #expect(expected?.0 == pandas && expected?.1 == polars, "\(name) \(path) \(columnName): \(type) → \(pandas), \(polars)")
                    let values = records.dropFirst().map { index < $0.count ? $0[index] : "" }
                    for value in values where !value.isEmpty {
                        #expect(Self.parses(value, as: pandas) == true, "\(name) \(path) \(columnName): '\(value)' is not \(pandas)")
                        #expect(Self.parses(value, as: polars) == true, "\(name) \(path) \(columnName): '\(value)' is not \(polars)")
                    }
                    if type != "string", !values.isEmpty, values.allSatisfy(\.isEmpty) { emptyNumericColumns.append("\(path):\(columnName)") }
                    checkedColumns += 1
                }
            }
        }
        #expect(checkedColumns > 100)
        // The case that tripped polars: a numeric column with every field empty still
        // declares a numeric dtype (checked above); make sure the fixtures contain one.
        #expect(emptyNumericColumns.contains("timeline.csv:replica_lag_p99_ms"), "\(emptyNumericColumns)")
    }

    @Test func theNotebookLoadsTablesWithTheDeclaredDtypes() throws {
        let bundle = try #require(try ExportFixtures.bundles().first).bundle
        let notebook = try #require(bundle.files().first { $0.path.hasSuffix(".ipynb") }?.contents)
        #expect(notebook.contains("column[\\\"pandas_dtype\\\"]"))
        #expect(!notebook.contains("PANDAS_TYPES"))
    }
}
