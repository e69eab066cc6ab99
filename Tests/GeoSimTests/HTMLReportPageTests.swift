import Foundation
import Testing

@testable import GeoSim

/// The HTML pages as a reader sees them, checked without a browser: every table in a
/// scrolling wrapper, no two chart labels overlapping and no marker line through one,
/// availability axes within 0–100%, dark-mode colours for the charts, the text report's
/// sections, and sweep and plan pages.
@Suite struct HTMLReportPageTests {
    /// The run pages of the fixtures, and a sweep page.
    static func pages() throws -> [(name: String, html: String)] {
        guard let faulty = ExportFixtures.faultyRun, let cached = ExportFixtures.cachedRun, let transactional = ExportFixtures.transactionalRun else {
            throw ExportFixtures.FixtureError.noReport
        }
        return [
            ("faulty run", HTMLReport.render(report: faulty, version: "1")),
            ("cached run", HTMLReport.render(report: cached, version: "1")),
            ("transactional run", HTMLReport.render(report: transactional, version: "1")),
            ("sweep", HTMLSweepReport.render(rows: ExportFixtures.sweepRows, axes: ExportFixtures.sweepAxes, source: "dir", version: "1")),
        ]
    }

    @Test func everyTableSitsInAScrollingWrapper() throws {
        for (name, html) in try Self.pages() {
            let tables = html.components(separatedBy: "<table").count - 1
            #expect(tables > 0, "\(name)")
            let wrapped = html.components(separatedBy: "<div class=\"table\"").count - 1
            #expect(wrapped == tables, "\(name): \(tables) tables, \(wrapped) wrappers")
            var rest = Substring(html)
            while let table = rest.range(of: "<table") {
                #expect(rest[..<table.lowerBound].hasSuffix(">\n"), "\(name)")
                let before = rest[..<table.lowerBound].suffix(120)
                #expect(before.contains("<div class=\"table\""), "\(name): a table outside its wrapper")
                rest = rest[table.upperBound...]
            }
        }
        // The wrapper scrolls sideways, and cells do not break numbers.
        #expect(HTMLReport.style.contains("div.table { overflow-x: auto; max-width: 100%;"))
        #expect(HTMLReport.style.contains("white-space: nowrap"))
    }

    @Test func noChartLabelsOverlapAndNoMarkerStrikesALabel() throws {
        for (name, html) in try Self.pages() {
            for svg in HTMLReportTests.inlineSVGs(html) {
                let layout = SVGLayout(svg)
                #expect(layout.overlaps.isEmpty, "\(name): \(layout.overlaps.map { "\($0.0) / \($0.1)" })")
                #expect(layout.struckLabels.isEmpty, "\(name): \(layout.struckLabels)")
            }
        }
    }

    /// Windows and leader changes crowded into a few seconds: the labels stagger into rows.
    @Test func crowdedFaultLabelsAndLeaderChangesAreLaidOutApart() {
        let line = LineSeries(name: "us-east", points: (0...30).map { (Double($0), 1) })
        let spec = ChartSpec(
            title: "Availability over time", xLabel: "simulated time (s)", yLabel: "availability (fraction ok)", series: [line],
            shadedWindows: [(5, 12, "--crash us-east@5s..12s"), (6, 9, "--isolate eu-central@6s..9s"), (8, 20, "--partition a|b@8s..20s")],
            markers: [(6, "leader → us-west"), (7, "leader → eu-central"), (9, "leader → us-east"), (10, "no leader"), (29.5, "leader → us-west")],
            yRange: 0...1)
        let layout = SVGLayout(SVGChart.render(spec))
        #expect(layout.boxes.count >= 8 + 4)
        #expect(layout.overlaps.isEmpty, "\(layout.overlaps.map { "\($0.0) / \($0.1)" })")
        #expect(layout.struckLabels.isEmpty, "\(layout.struckLabels)")
        #expect(layout.markers.count == 5)
    }

    @Test func availabilityAxesStayWithinZeroToOneHundredPercent() throws {
        for (name, html) in try Self.pages() {
            for svg in HTMLReportTests.inlineSVGs(html) where svg.contains(">availability (% ok)</text>") {
                let ticks = SVGLayout(svg).yTickValues
                #expect(!ticks.isEmpty, "\(name)")
                #expect(ticks.allSatisfy { $0 >= 0 && $0 <= 100 }, "\(name): \(ticks)")
            }
            #expect(!html.contains("(fraction"), "\(name): a fraction left unconverted")
        }
        // A band past 100% (a confidence interval) does not stretch the axis.
        let banded = LineSeries(name: "a", points: [(1, 0.999), (2, 0.98)], band: [(1, 0.99, 1.01), (2, 0.95, 1.01)])
        let spec = HTMLPage.percent(ChartSpec(title: "t", xLabel: "x", yLabel: "availability (fraction ok)", series: [banded]))
        let ticks = SVGLayout(SVGChart.render(spec)).yTickValues
        #expect(ticks.max() == 100 && ticks.allSatisfy { $0 >= 0 && $0 <= 100 }, "\(ticks)")
    }

    @Test func chartsTakeTheirColoursFromThePageInDarkMode() throws {
        let style = HTMLReport.style
        let dark = try #require(style.range(of: "@media (prefers-color-scheme: dark)"))
        let darkBlock = style[dark.upperBound...].prefix { $0 != "}" }
        for variable in ["--chart-bg", "--chart-fg", "--chart-grid", "--s0", "--s6"] { #expect(darkBlock.contains(variable + ":"), "\(variable)") }
        #expect(style.contains("svg .chart-bg { fill: var(--chart-bg); }"))
        #expect(style.contains("svg .chart-text { fill: var(--chart-fg); }"))
        for (name, html) in try Self.pages() {
            for svg in HTMLReportTests.inlineSVGs(html) {
                // Every text has a themed class, the background too, and data is drawn in currentColor.
                for text in SVGLayout.elements(svg, tag: "text") {
                    #expect(["chart-text", "chart-muted"].contains(text.attributes["class"] ?? ""), "\(name): \(text.content)")
                }
                #expect(svg.contains("class=\"chart-bg\""), "\(name)")
                for line in SVGLayout.elements(svg, tag: "polyline") where line.attributes["class"] != "chart-reference" {
                    #expect(line.attributes["stroke"] == "currentColor", "\(name)")
                }
            }
        }
    }

    @Test func theTailChartSpacesPercentilesByTheirNinesAndTicksBelowOneMillisecond() {
        var histogram = LatencyHistogram()
        for index in 0..<20000 { histogram.record(Nanoseconds(300_000 + (index % 1000) * 200 + (index % 97 == 0 ? 80_000_000 : 0))) }
        let series = TailChart.series(histogram, name: "r")
        #expect(series.points.first?.x == log10(2.0))
        #expect(abs((series.points.first { abs($0.x - 2) < 1e-9 }?.y ?? 0) - Double(histogram.percentile(0.99)) / 1e6) < 1e-9)
        #expect(series.points.last.map { $0.x <= 4 + 1e-9 } == true)
        var spec = ChartSpec(title: "t", xLabel: "x", yLabel: "ms", series: [series], yLog: true)
        spec.xTicks = TailChart.ticks
        spec.xRange = log10(2.0)...4
        let svg = SVGChart.render(spec)
        let layout = SVGLayout(svg)
        #expect(layout.yTickValues.contains { $0 < 1 }, "\(layout.yTickValues)")
        for label in ["50%", "90%", "99%", "99.9%", "99.99%"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        // Equally spaced: 90%→99% as wide as 99%→99.9%.
        let xs = SVGLayout.elements(svg, tag: "text").filter { ["90%", "99%", "99.9%"].contains($0.content) }.compactMap { Double($0.attributes["x"] ?? "") }
        #expect(xs.count == 3 && abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.05, "\(xs)")
    }

    @Test func theRunPageCarriesTheTextReport() throws {
        let pages = try Self.pages()
        let faulty = pages[0].html
        for heading in ["p50 (ms)", "p99.9 (ms)", "floor (ms)", "writes availability (%)", "longest write outage (s)", "busy (%)"] {
            #expect(faulty.contains(">\(heading)</th>"), "\(heading)")
        }
        #expect(!faulty.contains(">p50_ms</th>"))
        #expect(faulty.contains("Elections: ") && faulty.contains("Busiest node: ") && faulty.contains("Floor: the least write latency"))
        // One definition of staleness, the text report's.
        #expect(faulty.contains(ReportText.stalenessDefinition))
        #expect(ReportText.render(try #require(ExportFixtures.faultyRun)).contains("time staleness in ms: now minus the commit time of the oldest"))
        #expect(!faulty.contains("newest version a read missed"))
        let cached = pages[1].html
        #expect(cached.contains("<h2>Cache</h2>") && cached.contains(">break even (%)</th>") && cached.contains("Stampede peak: "))
        let transactional = pages[2].html
        var bundle = ExportBundle(kind: "t", title: "t", version: "1", seed: nil, scenario: [])
        var long = CSVTable(path: "long.csv", description: "Per second.", columns: [.count("n", "n")])
        for second in 0...HTMLPage.maxOpenRows { long.append([.integer(second)]) }
        bundle.add(long, section: ExportSection(title: "Long", tables: ["long.csv"]))
        #expect(HTMLReport.render(bundle).contains("<details>\n<summary>Per second. (\(HTMLPage.maxOpenRows + 1) rows)</summary>"), "a long table is folded")
        #expect(!transactional.contains("Read p99 latency over time"), "no empty chart of reads in a run without reads")
        #expect(transactional.contains("<h2>Transactions</h2>") && transactional.contains("Lock waits: ") && transactional.contains("Aborted for good: "))
        #expect(transactional.contains("Write latency tail by client region"))
    }

    @Test func aSweepPageDrawsEveryMeasuredMetricAgainstEachFlag() throws {
        let html = HTMLSweepReport.render(rows: ExportFixtures.sweepRows, axes: ExportFixtures.sweepAxes, source: "dir", version: "1")
        for axis in ExportFixtures.sweepAxes { #expect(html.contains("<h2>Against --\(axis)</h2>")) }
        #expect(html.contains("write latency p99 by rate") && html.contains("elections by leader"))
        #expect(html.contains(">availability (%)</th>") && html.contains(" ± "))
        #expect(HTMLReportTests.inlineSVGs(html).count == 2 * SweepMetrics.names.count)
    }

    /// `report --from` a sweep's directory and a plan's JSON; a directory without rows fails with 65.
    @Test func reportDrawsASweepDirectoryAndAPlan() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-html-pages-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = ExportFixtures.sweepRows
        try SweepTables.jsonLines(rows, axes: ExportFixtures.sweepAxes).write(
            to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        try SweepTables.csv(rows, axes: ExportFixtures.sweepAxes).write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let sweep = CommandLineInterface.main(["report", "--html", "s.html", "--from", folder.path])
        #expect(sweep.exitCode == 0, "\(sweep.standardError)")
        let page = try #require(sweep.files.first).contents
        #expect(page.contains("<h2>Against --rate</h2>") && page.contains("<h2>Against --leader</h2>"))

        let plan = """
            {"candidates":[{"candidate":"leader=us-east","first_failing_rate":2000,"max_rate":1500,"probes":[
            {"pass":true,"rate":100,"slos":[{"ci95":2,"mean":120,"metric":"writes_p99_ms","slo":"p99 write < 250ms"}]},
            {"pass":false,"rate":2000,"slos":[{"ci95":null,"mean":300,"metric":"writes_p99_ms","slo":"p99 write < 250ms"}]}],"rank":1}],
            "compare":null,"high":2000,"low":100,"pass_rule":"mean","precision":1.02,"replicates":2,"schema":"geosim.plan/1","slos":["p99 write < 250ms"]}
            """
        let planPath = folder.appendingPathComponent("plan.json")
        try plan.write(to: planPath, atomically: true, encoding: .utf8)
        let drawn = CommandLineInterface.main(["report", "--html", "p.html", "--from", planPath.path])
        #expect(drawn.exitCode == 0, "\(drawn.standardError)")
        let planPage = try #require(drawn.files.first).contents
        #expect(planPage.contains("<h2>Ranking</h2>") && planPage.contains(">max rate (ops/s)</th>") && planPage.contains("SLO bound"))
        for svg in HTMLReportTests.inlineSVGs(planPage) { #expect(SVGLayout(svg).overlaps.isEmpty) }
        // The bound is a dashed reference line, in percent too.
        #expect(planPage.contains("class=\"chart-reference\""))
        let percent = HTMLPage.percent(
            ChartSpec(
                title: "t", xLabel: "x", yLabel: "y",
                series: [
                    {
                        var bound = LineSeries(name: "b", points: [(1, 0.99)])
                        bound.isReference = true
                        return bound
                    }()
                ]))
        #expect(percent.series.first?.isReference == true)

        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let refused = CommandLineInterface.main(["report", "--html", "x.html", "--from", empty.path])
        #expect(refused.exitCode == 65 && refused.standardError.contains("rows.jsonl"), "\(refused.standardError)")
        let broken = folder.appendingPathComponent("broken.json")
        try #"{"schema": "geosim.plan/1", "slos": 3}"#.write(to: broken, atomically: true, encoding: .utf8)
        #expect(CommandLineInterface.main(["report", "--html", "x.html", "--from", broken.path]).exitCode == 65)
    }
}
