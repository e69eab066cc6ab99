import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// Export directories: CSV conventions, the manifest, SVG charts, determinism.
@Suite struct ExportTests {
    /// The manifest of `files`, parsed.
    static func manifest(_ files: [ExportFile]) throws -> JSONValue {
        let file = try #require(files.first { $0.path == "manifest.json" })
        return try JSONParser.parse(file.contents)
    }

    static func manifestEntries(_ manifest: JSONValue) -> [JSONValue] {
        if case .array(let entries)? = manifest["files"] { return entries }
        return []
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    // MARK: CSV

    @Test func csvQuotesWhatItMustAndLeavesMissingValuesEmpty() {
        var table = CSVTable(
            path: "t.csv", description: "",
            columns: [
                .text("name", ""), .count("n", ""), .milliseconds("latency_ms", ""), .fraction("p", ""),
            ])
        table.append([.text("a,b"), .integer(3), .number(1.23456), .number(0.5)])
        table.append([.text("say \"hi\"\nthere"), nil, .number(.nan), .number(.infinity)])
        table.append([.text("-0"), .integer(-2), .number(-0.0001), .number(-.infinity)])
        table.append([.text("short")])
        let text = table.render()
        #expect(
            text == """
                name,n,latency_ms,p
                "a,b",3,1.235,0.500000
                "say ""hi""
                there",,,
                -0,-2,0.000,
                short,,,

                """)
        let records = ExportFixtures.parseCSV(text)
        #expect(records?.count == 5)
        #expect(records?[2] == ["say \"hi\"\nthere", "", "", ""])
    }

    @Test func everyTableParsesWithExactlyTheDeclaredColumns() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let files = bundle.files()
            let manifest = try Self.manifest(files)
            var tables = 0
            for entry in Self.manifestEntries(manifest) where Self.string(entry["kind"]) == "table" {
                tables += 1
                let path = try #require(Self.string(entry["path"]))
                let file = try #require(files.first { $0.path == path }, "\(name): \(path) listed but not exported")
                guard case .array(let columns)? = entry["columns"] else {
                    Issue.record("\(name): \(path) has no columns in the manifest")
                    continue
                }
                let names = columns.compactMap { Self.string($0["name"]) }
                let types = columns.compactMap { Self.string($0["type"]) }
                #expect(names.count == columns.count && types.count == columns.count)
                let records = try #require(ExportFixtures.parseCSV(file.contents), "\(name): \(path) is not valid CSV")
                #expect(records.first == names, "\(name): \(path) header")
                #expect(entry["rows"] == .number(Double(records.count - 1)), "\(name): \(path) row count")
                #expect(file.contents.hasSuffix("\n"))
                for (line, record) in records.dropFirst().enumerated() {
                    #expect(record.count == names.count, "\(name): \(path) row \(line + 1) has \(record.count) fields")
                    for (field, type) in zip(record, types) where !field.isEmpty {
                        switch type {
                        case "integer":
                            #expect(Int(field) != nil, "\(name): \(path) row \(line + 1): '\(field)' is not an integer")
                        case "number":
                            // Fixed decimals: digits, one point, an optional minus; no exponent.
                            let plain = field.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
                            #expect(plain && Double(field)?.isFinite == true, "\(name): \(path) row \(line + 1): '\(field)'")
                        default:
                            break
                        }
                    }
                    for field in record {
                        let lower = field.lowercased()
                        #expect(lower != "nan" && lower != "inf" && lower != "-inf" && lower != "null", "\(name): \(path): '\(field)'")
                    }
                }
                // A unit in the manifest is the name's suffix (latency_ms ↔ ms).
                for column in columns {
                    if let unit = Self.string(column["unit"]), ["ms", "s"].contains(unit), let columnName = Self.string(column["name"]) {
                        #expect(columnName.hasSuffix("_" + unit) || columnName.contains("_" + unit + "_"), "\(name): \(path): \(columnName) in \(unit)")
                    }
                }
            }
            #expect(tables == bundle.tables.count, "\(name)")
        }
    }

    // MARK: Manifest

    @Test func theManifestListsEveryFileAndNothingElse() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            let files = bundle.files()
            let manifest = try Self.manifest(files)
            #expect(manifest["schema"] == .string("geosim.manifest/1"))
            #expect(manifest["geosim_version"] == .string(ExportFixtures.version))
            #expect(manifest["kind"] == .string(bundle.kind))
            #expect(manifest["seed"] == bundle.seed.map { .number(Double($0)) } ?? .null)
            let listed = Self.manifestEntries(manifest).compactMap { Self.string($0["path"]) }
            let exported = files.map(\.path)
            #expect(listed == exported, "\(name)")
            #expect(Set(exported).count == exported.count, "\(name): duplicate paths")
            #expect(exported.contains("manifest.json") && exported.contains("geosim.ipynb"))
            for entry in Self.manifestEntries(manifest) {
                #expect(Self.string(entry["description"])?.isEmpty == false, "\(name): \(entry)")
                if Self.string(entry["kind"]) == "chart" {
                    let table = try #require(Self.string(entry["table"]))
                    #expect(listed.contains(table), "\(name): chart draws \(table), which is not exported")
                }
            }
            if case .object(let scenario)? = manifest["scenario"] {
                #expect(scenario.count == bundle.scenario.count)
            } else {
                Issue.record("\(name): no scenario object")
            }
        }
    }

    @Test func aRunExportHasTheTablesItsFeaturesCallFor() throws {
        let faulty = try #require(ExportFixtures.faultyRun)
        let paths = Set(RunExport.files(report: faulty, version: "1").map(\.path))
        for path in [
            "report.json", "latency.csv", "latency_cdf.csv", "availability.csv", "timeline.csv", "faults.csv",
            "leader_changes.csv", "staleness.csv", "staleness_cdf.csv", "visibility.csv",
            "charts/latency_cdf_writes.svg", "charts/latency_cdf_reads.svg", "charts/timeline_availability.svg",
            "charts/timeline_write_p99.svg", "charts/staleness_cdf.svg", "charts/visibility.svg",
        ] {
            #expect(paths.contains(path), "missing \(path)")
        }
        #expect(!paths.contains("cache.csv"))

        let cached = try #require(ExportFixtures.cachedRun)
        let cachedPaths = Set(RunExport.files(report: cached, version: "1").map(\.path))
        #expect(cachedPaths.contains("cache.csv") && cachedPaths.contains("charts/cache_hit_ratio.svg"))
        for path in ["timeline.csv", "faults.csv", "staleness.csv", "visibility.csv", "charts/timeline_availability.svg"] {
            #expect(!cachedPaths.contains(path), "\(path) without its feature")
        }
        let json = try #require(RunExport.files(report: cached, version: "1").first { $0.path == "report.json" })
        #expect(json.contents == cached.json)
    }

    @Test func latencyRowsMatchTheReport() throws {
        let report = try #require(ExportFixtures.faultyRun)
        let table = RunExport.latencyTable(report)
        let records = try #require(ExportFixtures.parseCSV(table.render()))
        #expect(
            records[0] == [
                "region", "operation", "count", "ok", "failed", "unknown",
                "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "mean_ms", "floor_ms", "availability",
            ])
        #expect(records.count == 1 + 2 * (report.regions.count + 1))
        // The floor of a region's writes, as `--format csv` gives it; none for reads.
        let floor = Double(report.regions[0].placementFloor) / 1e6
        #expect(records[1][12] == ReportText.fixed(floor, decimals: 3))
        #expect(records[1 + report.regions.count + 1][12].isEmpty)
        for (index, region) in report.regions.enumerated() {
            let row = records[1 + index]
            #expect(row[0] == region.name && row[1] == "write")
            #expect(row[2] == String(region.writes.count) && row[3] == String(region.writes.ok))
            let p99 = Double(region.writes.latency.percentile(0.99)) / 1e6
            #expect(abs((Double(row[8]) ?? -1) - p99) < 0.001)
        }
    }

    @Test func faultWindowsAreExactWithTheScheduleAndToTheSecondWithout() throws {
        let scenario = try ExportFixtures.faultyScenario()
        let report = try #require(ExportFixtures.faultyRun)
        let exact = try #require(RunExport.faultTable(report, faults: scenario.faults))
        // Labels start with '-', which spreadsheets would read as a formula: guarded with '.
        #expect(exact.render() == "label,start_s,end_s\n'--crash us-east@5s..12s,5.000,12.000\n'--isolate eu-central@14s..16s,14.000,16.000\n")
        let fromTimeline = try #require(RunExport.faultTable(report, faults: []))
        #expect(fromTimeline.render() == exact.render())
    }

    @Test func theTimelineChartShadesFaultsAndMarksLeaderChanges() throws {
        let report = try #require(ExportFixtures.faultyRun)
        let bundle = RunExport.bundle(report: report, version: "1")
        let changes = try #require(bundle.table("leader_changes.csv"))
        // The leader's region crashes at 5 s: someone else leads within seconds.
        #expect(!changes.rows.isEmpty)
        #expect(changes.rows.first?[0]?.numeric.map { $0 >= 5 && $0 <= 9 } == true)
        let chart = try #require(bundle.charts.first { $0.path == "charts/timeline_availability.svg" })
        let spec = chart.spec(tables: bundle.tables)
        #expect(spec.shadedWindows.count == 2)
        #expect(spec.markers.count == changes.rows.count)
        #expect(spec.series.map(\.name) == report.regions.map(\.name))
        let svg = bundle.svg(chart)
        #expect(svg.contains("fill-opacity=\"0.16\"") && svg.contains("stroke-dasharray"))
        // us-east's clients are down with it: availability 0 in the crash window.
        let usEast = try #require(spec.series.first)
        #expect(usEast.points.contains { $0.x >= 6 && $0.x <= 11 && ($0.y == 0 || $0.y.isNaN) })
    }

    @Test func sweepChartsPlotMeansWithBandsAgainstEachFlag() throws {
        let bundle = SweepExport.bundle(rows: ExportFixtures.sweepRows, axes: ExportFixtures.sweepAxes, version: "1")
        let byRate = try #require(bundle.charts.first { $0.path == "charts/sweep_writes_p99_ms_by_rate.svg" })
        let spec = byRate.spec(tables: bundle.tables)
        #expect(spec.xCategories == nil)
        #expect(spec.series.map(\.name) == ["leader=us-east", "leader=eu-central"])
        #expect(spec.xLabel == "rate (ops/s)")
        #expect(spec.series.allSatisfy { $0.points.map(\.x) == [500, 1000, 2000] && $0.band?.count == 3 })
        let byLeader = try #require(bundle.charts.first { $0.path == "charts/sweep_writes_p99_ms_by_leader.svg" })
        let leaderSpec = byLeader.spec(tables: bundle.tables)
        #expect(leaderSpec.xCategories == ["us-east", "eu-central"])
        #expect(leaderSpec.series.map(\.name) == ["rate=500", "rate=1000", "rate=2000"])
        // The summary's means are the replicates' means.
        let summary = try #require(bundle.table("sweep_summary.csv"))
        let records = try #require(ExportFixtures.parseCSV(summary.render()))
        let column = try #require(records[0].firstIndex(of: "writes_p99_ms_mean"))
        let first = ExportFixtures.sweepRows.filter { $0.point == 0 }.compactMap { $0.metric("writes_p99_ms") }
        #expect(records[1][column] == SVGChart.fixed(first.reduce(0, +) / Double(first.count), 3))
        let rows = try #require(bundle.table("sweep_rows.csv"))
        #expect(rows.rows.count == ExportFixtures.sweepRows.count)
        #expect(rows.rows.first?[0] == .integer(0) && rows.rows.first?[1] == .integer(0))
    }

    @Test func visibilityExportCarriesTheCurveAndT999() throws {
        let result = ExportFixtures.visibilityResult
        let bundle = VisibilityExport.bundle(result: result, version: "1")
        let curve = try #require(bundle.table("visibility.csv"))
        #expect(curve.rows.count == result.curve.count)
        let summary = try #require(bundle.table("visibility_summary.csv"))
        #expect(summary.rows.first?[0] == .integer(result.trials))
        let spec = try #require(bundle.charts.first { $0.path == "charts/visibility.svg" }).spec(tables: bundle.tables)
        #expect(spec.series.first?.points.count == result.curve.count)
    }

    // MARK: SVG and determinism

    @Test func everyChartIsWellFormedSVG() throws {
        for (name, bundle) in try ExportFixtures.bundles() {
            for file in bundle.files() where file.path.hasSuffix(".svg") {
                let parsed = ExportFixtures.xml(file.contents)
                #expect(parsed.ok && parsed.root == "svg", "\(name): \(file.path)")
                #expect(!file.contents.contains("nan") && !file.contents.contains("<script"), "\(name): \(file.path)")
                #expect(file.contents.contains("polyline") || file.contents.contains("<circle"), "\(name): \(file.path) draws nothing")
            }
        }
    }

    @Test func theSameRunGivesTheSameBytes() throws {
        let first = RunExport.files(report: ExportFixtures.report(try ExportFixtures.faultyScenario()), version: "1")
        let second = RunExport.files(report: ExportFixtures.report(try ExportFixtures.faultyScenario()), version: "1")
        #expect(first == second)
        let other = RunExport.files(report: ExportFixtures.report(try ExportFixtures.faultyScenario(seed: 4)), version: "1")
        #expect(first != other)
        let sweep = SweepExport.files(rows: ExportFixtures.sweepRows, axes: ExportFixtures.sweepAxes, version: "1")
        let shuffled = SweepExport.files(rows: ExportFixtures.sweepRows.reversed(), axes: ExportFixtures.sweepAxes, version: "1")
        #expect(sweep == shuffled)
    }

    @Test func filesAreWrittenUnderTheDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-export-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try #require(try ExportFixtures.bundles().first).bundle.files()
        try ExportFile.write(files, to: directory)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file.path), encoding: .utf8)
            #expect(text == file.contents, "\(file.path)")
        }
        #expect(throws: (any Error).self) { try ExportFile.write([ExportFile(path: "../escape.csv", contents: "")], to: directory) }

        // For scripts/run-notebook.sh and looking at the pictures: write samples when asked.
        if let samples = ProcessInfo.processInfo.environment["GEOSIM_EXPORT_SAMPLES"], !samples.isEmpty {
            let root = URL(fileURLWithPath: samples)
            for (name, bundle) in try ExportFixtures.bundles() {
                let folder = root.appendingPathComponent(name.replacingOccurrences(of: " ", with: "-"))
                try ExportFile.write(bundle.files() + [ExportFile(path: "report.html", contents: HTMLReport.render(bundle))], to: folder)
            }
        }
    }
}
