import Foundation

@testable import GeoSim

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs and hand-made sweep and visibility results that the export tests share, and the
/// small parsers they check the output with (CSV, XML).
enum ExportFixtures {
    static let version = "9.9.9-test"

    /// Three regions, a timeline, bounded-staleness reads (so staleness and t-visibility
    /// are measured) and a crash of the leader's region, so the leader moves.
    static func faultyScenario(seed: UInt64 = 3) throws -> Scenario {
        let topology = try Topology.fromRegionList("us-east,us-west,eu-central")
        var scenario = Scenario(topology: topology)
        scenario.duration = 20 * .second
        scenario.rate = 150
        scenario.seed = seed
        scenario.timeline = true
        scenario.readMode = .bounded
        scenario.faults = [
            try FaultParser.parse(flag: "--crash", text: "us-east@5s..12s", topology: topology),
            try FaultParser.parse(flag: "--isolate", text: "eu-central@14s..16s", topology: topology),
        ]
        return scenario
    }

    static func report(_ scenario: Scenario) -> Report {
        Report(scenario: scenario, outcome: Simulation.run(scenario))
    }

    static let faultyRun: Report? = try? report(faultyScenario())

    /// One region, a cache tier, strong reads, no timeline.
    static let cachedRun: Report? = {
        guard let topology = try? Topology.fromRegionList("us-east", replicasPerRegion: 3) else { return nil }
        var scenario = Scenario(topology: topology)
        scenario.cache = CacheSettings(ttl: 2 * .second)
        scenario.keyCount = 200
        scenario.rate = 400
        scenario.writeFraction = 0.1
        scenario.duration = 8 * .second
        return report(scenario)
    }()

    /// Three regions, transactions on a small, contended keyspace (lock waits, aborts).
    static let transactionalRun: Report? = {
        guard let topology = try? Topology.fromRegionList("us-east,us-west,eu-central") else { return nil }
        var scenario = Scenario(topology: topology)
        scenario.transaction = TransactionSettings()
        scenario.keyCount = 100
        scenario.rate = 200
        scenario.duration = 8 * .second
        return report(scenario)
    }()

    /// Two axes (a numeric one and a named one), three replicates, with a missing figure.
    static let sweepAxes = ["rate", "leader"]
    static let sweepRows: [SweepRow] = {
        var rows: [SweepRow] = []
        let rates = ["500", "1000", "2000"]
        let leaders = ["us-east", "eu-central"]
        var point = 0
        for rate in rates {
            for leader in leaders {
                for replicate in 0..<3 {
                    let base = (Double(rate) ?? 0) / 20 + (leader == "us-east" ? 0 : 70)
                    var metrics: [Double?] = SweepMetrics.names.indices.map { index in
                        base + Double(index) + Double(replicate) * 1.25
                    }
                    if let availability = SweepMetrics.index(of: "availability") { metrics[availability] = 0.999 - Double(replicate) * 0.0005 }
                    if rate == "2000", leader == "eu-central", let index = SweepMetrics.index(of: "reads_p999_ms") { metrics[index] = nil }
                    rows.append(
                        SweepRow(point: point, replicate: replicate, seed: UInt64(100 + point * 3 + replicate), vary: [rate, leader], metrics: metrics))
                }
                point += 1
            }
        }
        return rows.reversed()  // any order in; the export sorts
    }()

    static let visibilityResult: VisibilityResult = {
        var settings = ReplicationSettings()
        settings.mode = .leaderless
        settings.n = 3
        settings.r = 1
        settings.w = 1
        let ms = Double(Nanoseconds.millisecond)
        settings.legs = .init(
            write: .exponential(mean: 5 * ms), ack: .exponential(mean: 1 * ms),
            read: .exponential(mean: 1 * ms), response: .exponential(mean: 1 * ms))
        let grid: [Nanoseconds] = [0, 1, 2, 5, 10, 20, 50].map { $0 * .millisecond }
        return VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: 2000, seed: 5)
    }()

    /// Every kind of bundle, named.
    static func bundles() throws -> [(name: String, bundle: ExportBundle)] {
        guard let faultyRun, let cachedRun, let transactionalRun else { throw FixtureError.noReport }
        var check = ExportBundle(kind: "check", title: "geosim check", version: version, seed: 1, scenario: [("seeds", "2")])
        var seeds = CSVTable(
            path: "seeds.csv", description: "One row per seed.",
            columns: [CSVColumn("seed", .integer, "The seed."), .text("violation", "What broke; empty when nothing did.")])
        seeds.append([.integer(1), nil])
        seeds.append([.integer(2), .text("lost write, \"k7\"")])
        check.add(seeds, section: ExportSection(title: "Seeds", tables: ["seeds.csv"]))
        return [
            ("faulty run", RunExport.bundle(report: faultyRun, version: version)),
            ("cached run", RunExport.bundle(report: cachedRun, scenario: [("topology", "us-east"), ("cache-ttl", "2s")], version: version)),
            ("transactional run", RunExport.bundle(report: transactionalRun, scenario: [("txn", "rmw:2")], version: version)),
            ("sweep", SweepExport.bundle(rows: sweepRows, axes: sweepAxes, scenario: [("topology", "us-east,eu-central")], seed: 1, version: version)),
            ("visibility", VisibilityExport.bundle(result: visibilityResult, document: "{}\n", seed: 5, version: version)),
            ("check", check),
        ]
    }

    enum FixtureError: Error { case noReport }

    // MARK: - Parsers

    /// RFC 4180 records of `text`: quoted fields may hold commas, quotes ("" inside) and
    /// newlines. Returns nil on a malformed quote.
    static func parseCSV(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                guard field.isEmpty, !afterQuote else { return nil }
                quoted = true
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                afterQuote = false
            default:
                guard !afterQuote else { return nil }
                field.append(character)
            }
        }
        guard !quoted else { return nil }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// Whether `text` is well-formed XML, and its root element's name.
    static func xml(_ text: String) -> (ok: Bool, root: String?) {
        final class Root: NSObject, XMLParserDelegate {
            var name: String?
            func parser(
                _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                if name == nil { name = elementName }
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let root = Root()
        parser.delegate = root
        return (parser.parse(), root.name)
    }

    /// The strings of a JSON array of strings (nbformat's multi-line text), joined.
    static func joined(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .array(let parts)?:
            var result = ""
            for part in parts {
                guard case .string(let text) = part else { return nil }
                result += text
            }
            return result
        default: return nil
        }
    }
}
