import Foundation
import Testing

@testable import GeoSim

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct SVGChartTests {
    /// Parses `svg` as XML; returns the parse error, or nil when well-formed.
    final class ParseCheck: NSObject, XMLParserDelegate {
        var rootName: String?
        var rootNamespace: String?
        var textCount = 0
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
        {
            if rootName == nil {
                rootName = elementName
                rootNamespace = attributes["xmlns"]
            }
            if elementName == "text" { textCount += 1 }
        }
    }

    static func wellFormed(_ svg: String) -> (ok: Bool, check: ParseCheck) {
        let parser = XMLParser(data: Data(svg.utf8))
        let check = ParseCheck()
        parser.delegate = check
        return (parser.parse(), check)
    }

    static func sample(count: Int, scale: Double, offset: Double) -> [(x: Double, y: Double)] {
        (0..<count).map { i in
            let x = Double(i) * scale + offset
            return (x, 0.5 + 0.4 * sin(Double(i) / 7))
        }
    }

    static let specs: [(String, ChartSpec)] = [
        ("empty", ChartSpec(title: "", xLabel: "", yLabel: "", series: [])),
        ("empty series", ChartSpec(title: "Nothing", xLabel: "t (ms)", yLabel: "p", series: [LineSeries(name: "none", points: [])])),
        ("one point", ChartSpec(title: "One", xLabel: "t (ms)", yLabel: "p", series: [LineSeries(name: "a", points: [(3, 0.5)])])),
        (
            "log axis",
            ChartSpec(
                title: "Log", xLabel: "latency (ms)", yLabel: "fraction",
                series: [LineSeries(name: "a", points: [(0, 0), (0.2, 0.1), (3, 0.5), (800, 1)])], xLog: true)
        ),
        ("log one point", ChartSpec(title: "Log", xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", points: [(5, 1)])], xLog: true)),
        (
            "bands",
            ChartSpec(
                title: "Bands", xLabel: "t (ms)", yLabel: "p",
                series: [LineSeries(name: "a", points: [(0, 0.1), (1, 0.5), (2, 0.9)], band: [(0, 0, 0.2), (1, 0.4, 0.6), (2, 0.8, 1)])])
        ),
        (
            "windows and markers",
            ChartSpec(
                title: "Timeline", xLabel: "time (s)", yLabel: "throughput (ops/s)",
                series: [LineSeries(name: "ops", points: sample(count: 60, scale: 1, offset: 0))],
                shadedWindows: [(from: 10, to: 20, label: "partition <eu|us>")],
                markers: [(x: 15, label: "leader → n2"), (x: 16, label: "leader → n3")])
        ),
        (
            "escaping",
            ChartSpec(
                title: "A & B <C> \"D\" 'E'", xLabel: "x < 1 & y > 2", yLabel: "\"quoted\"",
                series: [LineSeries(name: "R&D <fast>", points: [(1, 1), (2, 2)]), LineSeries(name: "ctl\u{01}char", points: [(1, 2), (2, 1)])],
                shadedWindows: [(from: 1.2, to: 1.4, label: "<fault & co>")],
                markers: [(x: 1.5, label: "\"m\" & <n>")])
        ),
        (
            "non-finite",
            ChartSpec(
                title: "NaN", xLabel: "x", yLabel: "y",
                series: [LineSeries(name: "a", points: [(.nan, 1), (1, .infinity), (2, 3), (3, 4)])],
                shadedWindows: [(from: 0, to: .infinity, label: "open")])
        ),
        (
            "many series",
            ChartSpec(
                title: "Ten", xLabel: "x", yLabel: "y",
                series: (0..<10).map { LineSeries(name: "series \($0)", points: sample(count: 5, scale: 1, offset: Double($0))) })
        ),
    ]

    @Test func everySpecIsWellFormedSVG() {
        for (label, spec) in Self.specs {
            let svg = SVGChart.render(spec)
            let (ok, check) = Self.wellFormed(svg)
            #expect(ok, "\(label) is not well-formed XML")
            #expect(check.rootName == "svg", "\(label)")
            #expect(check.rootNamespace == "http://www.w3.org/2000/svg", "\(label)")
            #expect(!svg.contains("<script"), "\(label)")
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(label) prints a non-finite number")
        }
    }

    @Test func textIsEscaped() throws {
        let spec = try #require(Self.specs.first(where: { $0.0 == "escaping" })?.1)
        let svg = SVGChart.render(spec)
        #expect(svg.contains("R&amp;D &lt;fast&gt;"))
        #expect(svg.contains("A &amp; B &lt;C&gt; &quot;D&quot; &apos;E&apos;"))
        #expect(!svg.contains("\u{01}"))
    }

    @Test func sameSpecGivesIdenticalBytes() throws {
        for (label, spec) in Self.specs {
            #expect(SVGChart.render(spec) == SVGChart.render(spec), "\(label)")
        }
        let spec = try #require(Self.specs.first(where: { $0.0 == "windows and markers" })?.1)
        #expect(SVGChart.render(spec, width: 900, height: 500) == SVGChart.render(spec, width: 900, height: 500))
    }

    /// A nice number is 1, 2 or 5 × 10^k.
    static func isNice(_ value: Double) -> Bool {
        guard value > 0 else { return false }
        let exponent = log10(value).rounded(.down)
        let mantissa = value / pow(10, exponent)
        return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
    }

    @Test(arguments: [(0.0, 1.0), (0.0, 60_000.0), (-3.7, 12.2), (0.013, 0.0171), (97.0, 1_003.0), (1e-6, 2e-6), (-5.0, -1.0)])
    func linearTicksAreNiceAndInRange(range: (Double, Double)) {
        let ticks = SVGChart.ticks(low: range.0, high: range.1, log: false)
        #expect(ticks.count >= 2 && ticks.count <= 11, "\(range): \(ticks.count) ticks")
        for tick in ticks {
            #expect(tick.value >= range.0 - 1e-12 && tick.value <= range.1 + 1e-12, "\(tick.value) outside \(range)")
        }
        let step = ticks[1].value - ticks[0].value
        #expect(Self.isNice(step), "step \(step)")
        for tick in ticks {
            let multiple = tick.value / step
            #expect(abs(multiple - multiple.rounded()) < 1e-6, "\(tick.value) is not a multiple of \(step)")
        }
    }

    @Test(arguments: [(0.2, 800.0), (1.0, 10.0), (20.0, 300.0), (21.0, 29.0), (0.001, 100_000.0)])
    func logTicksAreNiceAndInRange(range: (Double, Double)) {
        let ticks = SVGChart.ticks(low: range.0, high: range.1, log: true)
        #expect(ticks.count >= 2, "\(range)")
        for tick in ticks {
            #expect(tick.value >= range.0 * (1 - 1e-9) && tick.value <= range.1 * (1 + 1e-9), "\(tick.value) outside \(range)")
        }
        #expect(ticks.count >= 2 && ticks.count <= 12, "\(range): \(ticks.count) ticks")
        if range.1 / range.0 >= 10 {
            #expect(ticks.allSatisfy { Self.isNice($0.value) }, "\(ticks.map(\.value))")
        } else {
            // Narrow ranges: round numbers, at most two significant digits.
            for tick in ticks {
                let unit = pow(10, log10(tick.value).rounded(.down) - 1)
                #expect(abs(tick.value / unit - (tick.value / unit).rounded()) < 1e-6, "\(tick.value)")
            }
        }
    }

    @Test func tickLabelsUseFixedDecimals() {
        #expect(SVGChart.ticks(low: 0, high: 1, log: false).map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(SVGChart.ticks(low: 0.2, high: 80, log: true).map(\.label) == ["0.2", "0.5", "1", "2", "5", "10", "20", "50"])
        #expect(SVGChart.ticks(low: 0.2, high: 800, log: true).map(\.label) == ["1", "10", "100"])
        #expect(SVGChart.fixed(-0.0001, 2) == "0.00")
        #expect(SVGChart.fixed(-1.005, 1) == "-1.0")
        #expect(SVGChart.fixed(1234.5, 0) == "1235" || SVGChart.fixed(1234.5, 0) == "1234")
    }

    static func histogram() -> LatencyHistogram {
        var random = RandomStream(seed: 11, component: "svg-chart-cdf")
        var histogram = LatencyHistogram()
        let latency = Distribution.lognormal(median: 40e6, sigma: 0.6)
        for _ in 0..<5_000 { histogram.record(latency.sample(using: &random)) }
        return histogram
    }

    @Test func cdfIsMonotoneAndEndsAtOne() {
        let histogram = Self.histogram()
        let series = ChartData.cdf(from: histogram, name: "reads")
        #expect(series.name == "reads")
        #expect(series.points.count > 10)
        for (a, b) in zip(series.points, series.points.dropFirst()) {
            #expect(a.x <= b.x && a.y <= b.y)
        }
        #expect(series.points.first?.y == 0)
        #expect(series.points.first?.x == Double(histogram.min) / 1e6)
        #expect(series.points.last?.y == 1)
        #expect(series.points.last?.x == Double(histogram.max) / 1e6)
    }

    @Test func cdfOfEmptyAndConstantHistograms() {
        #expect(ChartData.cdf(from: LatencyHistogram(), name: "none").points.isEmpty)
        var constant = LatencyHistogram()
        for _ in 0..<10 { constant.record(5_000_000) }
        let points = ChartData.cdf(from: constant, name: "c").points
        #expect(points.allSatisfy { $0.x == 5 })
        #expect(points.last?.y == 1)
        #expect(
            Self.wellFormed(SVGChart.render(ChartSpec(title: "c", xLabel: "ms", yLabel: "p", series: [ChartData.cdf(from: constant, name: "c")], xLog: true)))
                .ok)
    }

    @Test func curveConvertsToMilliseconds() {
        let series = ChartData.curve([(t: 0, probability: 0.1), (t: 2_500_000, probability: 0.9)], name: "visible")
        #expect(series.points.map(\.x) == [0, 2.5])
        #expect(series.points.map(\.y) == [0.1, 0.9])
    }

    static func writeRate(_ t: Double) -> Double {
        t >= 30 && t < 55 ? 300 + 20 * sin(t) : 1_200 + 60 * sin(t / 3)
    }

    /// Writes example charts for a person to look at when GEOSIM_CHART_OUT names a folder.
    /// Renders the README's example charts and checks them; with GEOSIM_CHART_OUT set,
    /// also writes them there to look at.
    @Test func exampleCharts() throws {
        let folder = ProcessInfo.processInfo.environment["GEOSIM_CHART_OUT"]
        var rendered: [(name: String, svg: String)] = []
        let fast = Self.histogram()
        var slow = LatencyHistogram()
        var random = RandomStream(seed: 12, component: "svg-chart-slow")
        let latency = Distribution.lognormal(median: 140e6, sigma: 0.4)
        for _ in 0..<5_000 { slow.record(latency.sample(using: &random)) }
        let cdf = ChartSpec(
            title: "Read latency CDF — quorum reads vs. local & <follower> reads",
            xLabel: "latency (ms)", yLabel: "fraction of reads",
            series: [ChartData.cdf(from: fast, name: "local reads"), ChartData.cdf(from: slow, name: "quorum reads (us-east ↔ eu-west)")],
            xLog: true)
        rendered.append(("geosim-chart.svg", SVGChart.render(cdf)))
        let seconds = (0...120).map { Double($0) }
        let writes: [(x: Double, y: Double)] = seconds.map { t in (t, Self.writeRate(t)) }
        let band: [(x: Double, low: Double, high: Double)] = writes.map { p in (p.x, p.y * 0.9, p.y * 1.1) }
        let reads: [(x: Double, y: Double)] = seconds.map { t in (t, 2_000 + 150 * cos(t / 5)) }
        let timeline = ChartSpec(
            title: "Throughput during a partition",
            xLabel: "time (s)", yLabel: "throughput (ops/s)",
            series: [LineSeries(name: "writes", points: writes, band: band), LineSeries(name: "reads", points: reads)],
            shadedWindows: [(from: 30, to: 55, label: "partition eu-west"), (from: 90, to: 95, label: "slow disk n2")],
            markers: [(x: 33.5, label: "leader → n3"), (x: 56, label: "leader → n1")])
        rendered.append(("geosim-timeline.svg", SVGChart.render(timeline)))
        for (label, spec) in Self.specs where label == "many series" || label == "escaping" || label == "one point" {
            rendered.append(("geosim-\(label.replacingOccurrences(of: " ", with: "-")).svg", SVGChart.render(spec)))
        }
        #expect(rendered.count == 5)
        for (name, svg) in rendered {
            #expect(Self.wellFormed(svg).0, "\(name) is not well-formed XML")
            if let folder { try svg.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        }
        // Every series is named in its chart's legend, the partition window is labelled.
        let cdfText = try #require(rendered.first?.svg)
        #expect(cdfText.contains("local reads") && cdfText.contains("quorum reads (us-east ↔ eu-west)"))
        let timelineText = rendered[1].svg
        #expect(timelineText.contains("partition eu-west") && timelineText.contains("leader → n3"))
    }
}
