import Foundation
import Testing

@testable import GeoSim

/// The HTML page: self-contained, inline SVG that parses, tables, light and dark.
@Suite struct HTMLReportTests {
    /// The inline `<svg …>…</svg>` documents of `html`.
    static func inlineSVGs(_ html: String) -> [String] {
        var result: [String] = []
        var rest = Substring(html)
        while let start = rest.range(of: "<svg "), let end = rest[start.lowerBound...].range(of: "</svg>") {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    @Test func aRunPageIsSelfContained() throws {
        let report = try #require(ExportFixtures.faultyRun)
        let html = HTMLReport.render(report: report, version: "1.2.3")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "src=", "url(http", "@font-face"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // The only URL is the SVG namespace name, which is never fetched.
        let urls = html.components(separatedBy: "http").count - 1
        #expect(urls == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
        #expect(!html.contains("https:"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("geosim 1.2.3"))
    }

    @Test func everyInlineSVGParsesAndIdsAreUnique() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let html = HTMLReport.render(bundle)
            let svgs = Self.inlineSVGs(html)
            #expect(svgs.count == bundle.charts.count, "\(name)")
            for svg in svgs {
                let parsed = ExportFixtures.xml(svg)
                #expect(parsed.ok && parsed.root == "svg", "\(name)")
            }
            #expect(!html.contains("<?xml"))
            var ids: [String] = []
            var rest = Substring(html)
            while let range = rest.range(of: " id=\"") {
                rest = rest[range.upperBound...]
                ids.append(String(rest.prefix { $0 != "\"" }))
            }
            #expect(Set(ids).count == ids.count, "\(name): \(ids)")
        }
    }

    @Test func theRunPageShowsItsTablesAndFigures() throws {
        let report = try #require(ExportFixtures.faultyRun)
        let html = HTMLReport.render(report: report, version: "1")
        for heading in ["Latency", "Availability", "Elections and failover", "Staleness", "t-visibility", "Busiest nodes", "Scenario"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        for region in report.regions {
            #expect(html.contains("<td>\(region.name)</td>"))
        }
        let p99 = ReportText.milliseconds(report.totalWrites.latency.percentile(0.99))
        #expect(html.contains("<td class=\"num\">\(p99)</td>"))
        #expect(html.contains("--crash us-east@5s..12s"))

        let cached = try #require(ExportFixtures.cachedRun)
        let cachedHTML = HTMLReport.render(report: cached, version: "1")
        #expect(cachedHTML.contains("<h2>Cache</h2>") && !cachedHTML.contains("<h2>Staleness</h2>"))
    }

    @Test func textIsEscaped() {
        var bundle = ExportBundle(kind: "check", title: "<b>&", version: "1", seed: nil, scenario: [("a<b", "\"c\"")])
        var table = CSVTable(path: "t.csv", description: "x < y", columns: [.text("name", "n")])
        table.append([.text("<script>alert(1)</script>")])
        bundle.add(table, section: ExportSection(title: "T", tables: ["t.csv"]))
        let html = HTMLReport.render(bundle)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(html.contains("<title>&lt;b&gt;&amp;</title>"))
    }

    /// Two processes (two hash seeds: an order taken from a Dictionary would differ)
    /// write the same page, byte for byte; another seed writes another page.
    @Test func twoProcessesWriteTheSamePage() throws {
        let binary = try CommandLineTests.geosimBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-html-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func page(_ name: String, _ extra: [String] = []) throws -> Data {
            let path = folder.appendingPathComponent(name).path
            let arguments =
                [
                    "report", "--html", path, "--topology", "us-east,us-west,eu-central", "--duration", "20s",
                    "--crash", "us-east@5s..10s",
                ] + extra
            let run = try CommandLineTests.runProcess(binary, arguments)
            #expect(run.status == 0)
            return try #require(FileManager.default.contents(atPath: path))
        }
        let first = try page("first.html")
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
        #expect(try page("second.html") == first)
        #expect(try page("other.html", ["--seed", "2"]) != first)
    }
}
