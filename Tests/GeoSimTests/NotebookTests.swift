import Foundation
import Testing

@testable import GeoSim

/// geosim.ipynb: valid nbformat 4.5 JSON, cells with unique ids, saved SVG outputs.
@Suite struct NotebookTests {
    static func notebook(_ bundle: ExportBundle) throws -> (text: String, json: JSONValue) {
        let file = try #require(bundle.files().first { $0.path == "geosim.ipynb" })
        return (file.contents, try JSONParser.parse(file.contents))
    }

    static func cells(_ notebook: JSONValue) -> [JSONValue] {
        if case .array(let cells)? = notebook["cells"] { return cells }
        return []
    }

    @Test func theNotebookIsNbformat45WithAPythonKernel() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let (_, notebook) = try Self.notebook(bundle)
            #expect(notebook["nbformat"] == .number(4), "\(name)")
            #expect(notebook["nbformat_minor"] == .number(5), "\(name)")
            #expect(notebook["metadata"]?["kernelspec"]?["name"] == .string("python3"))
            #expect(notebook["metadata"]?["kernelspec"]?["language"] == .string("python"))
            #expect(notebook["metadata"]?["language_info"]?["name"] == .string("python"))
        }
    }

    @Test func everyCellHasAUniqueValidIdAndTheFieldsItsTypeNeeds() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let cells = Self.cells(try Self.notebook(bundle).json)
            #expect(cells.count >= 3, "\(name)")
            var ids: [String] = []
            for cell in cells {
                guard case .string(let id)? = cell["id"] else {
                    Issue.record("\(name): a cell without id")
                    continue
                }
                #expect(
                    (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") },
                    "\(name): id '\(id)'")
                ids.append(id)
                #expect(ExportFixtures.joined(cell["source"]) != nil, "\(name): \(id) source")
                #expect(cell["metadata"] != nil)
                switch cell["cell_type"] {
                case .string("markdown")?:
                    #expect(cell["outputs"] == nil && cell["execution_count"] == nil)
                case .string("code")?:
                    #expect(cell["execution_count"] == .null, "\(name): \(id)")
                    guard case .array(let outputs)? = cell["outputs"] else {
                        Issue.record("\(name): \(id) has no outputs array")
                        continue
                    }
                    for output in outputs {
                        #expect(output["output_type"] == .string("display_data"))
                        #expect(output["metadata"] == .object([]))
                    }
                default:
                    Issue.record("\(name): \(id) has cell_type \(String(describing: cell["cell_type"]))")
                }
            }
            #expect(Set(ids).count == ids.count, "\(name): duplicate cell ids")
        }
    }

    @Test func everyChartHasACellThatRedrawsItWithItsSVGSaved() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let cells = Self.cells(try Self.notebook(bundle).json)
            let code = cells.filter { $0["cell_type"] == .string("code") }
            let sources = code.compactMap { ExportFixtures.joined($0["source"]) }
            #expect(sources.contains { $0.contains("def draw(") }, "\(name)")
            #expect(sources.contains { $0.contains("manifest.json") && $0.contains("pd.read_csv") }, "\(name)")
            var svgOutputs = 0
            for cell in code {
                guard case .array(let outputs)? = cell["outputs"], let output = outputs.first else { continue }
                let svg = try #require(ExportFixtures.joined(output["data"]?["image/svg+xml"]))
                let parsed = ExportFixtures.xml(svg)
                #expect(parsed.ok && parsed.root == "svg", "\(name)")
                #expect(!svg.hasPrefix("<?xml"))
                svgOutputs += 1
            }
            #expect(svgOutputs == bundle.charts.count, "\(name)")
            for chart in bundle.charts {
                let call = sources.first { $0.contains("draw(") && $0.contains("\"\(chart.table)\"") && $0.contains("\"\(chart.y)\"") }
                #expect(call != nil, "\(name): no cell draws \(chart.path)")
            }
        }
    }

    @Test func theSVGIdsOfDifferentChartsDoNotCollide() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let text = try Self.notebook(bundle).text
            var ids: [String] = []
            var rest = Substring(text)
            while let range = rest.range(of: "clipPath id=\\\"") {
                rest = rest[range.upperBound...]
                ids.append(String(rest.prefix { $0 != "\\" }))
            }
            #expect(ids.count == bundle.charts.count, "\(name)")
            #expect(Set(ids).count == ids.count, "\(name): \(ids)")
        }
    }

    @Test func theSameBundleGivesTheSameBytes() throws {
        let first = try ExportFixtures.bundles().map { try Self.notebook($0.bundle).text }
        let second = try ExportFixtures.bundles().map { try Self.notebook($0.bundle).text }
        #expect(first == second)
    }

    @Test func pythonStringsAreQuotedSafely() {
        let chart = ExportChart(
            path: "charts/x.svg", title: "quote \" and \\ back\nslash", xLabel: "a", yLabel: "b",
            description: "", table: "t.csv", x: "x", y: "y", filter: [("op", "w\"")])
        let call = NotebookWriter.drawCall(chart)
        #expect(call.contains(#"title="quote \" and \\ back\nslash""#))
        #expect(call.contains(#"where={"op": "w\""}"#))
    }
}
