/// `geosim regions [--from REGION] [--format text|json|csv]`: the built-in regions, and
/// with `--from` the round trip from REGION to each, the fiber floor and their ratio.
///
/// On REGION's own row the round trip is the one the simulation uses between two zones
/// of one region (`Topology.defaultCrossZoneRoundTrip`; `cross_zone_rtt` in a topology
/// file), not the catalog's measured median inside the region, which no run uses; the
/// catalog figure is kept in its own column (`catalog_rtt_ms`) and named in the text.
public enum RegionsCommand {
    static let specs = [
        OptionSpec("--from", "REGION", "show round trips from this region"),
        OptionSpec("--format", "text|json|csv", "output format", default: "text"),
        OptionSpec("--catalog", "aws|azure|gcp", "whose regions: AWS (P50), Azure (P95) or GCP (P50)", default: "aws"),
    ]

    /// `geosim regions --help`.
    public static var helpText: String {
        """
        Usage: geosim regions [--from REGION] [--format text|json|csv] [--catalog aws|azure|gcp]

        Lists the built-in regions: AWS code, short alias, city. With --from, adds the median
        round trip from REGION and the speed-of-light floor, nearest first; REGION's own row
        gives the round trip the simulation uses between zones of one region. JSON
        (geosim.regions/1) and CSV give the same rows, round trips in ms.

        Options:

        """ + OptionHelp.lines(specs)
    }

    enum Format: String { case text, json, csv }

    /// One row of the listing; the round-trip figures are nil without `--from`.
    struct Row {
        var region: Region
        /// The round trip the simulation uses from the origin (ns).
        var roundTrip: Nanoseconds?
        /// The catalog's median round trip from the origin, its own row included (ns).
        var catalogRoundTrip: Nanoseconds?
        var floor: Nanoseconds?
    }

    /// Runs `geosim regions` with the words after `regions`.
    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        do throws(UsageError) {
            let parsed = try ArgumentScanner.scan(words, options: specs, command: "regions")
            let from = parsed.last(where: { $0.name == "--from" })?.value
            var format = Format.text
            if let text = parsed.last(where: { $0.name == "--format" })?.value {
                guard let chosen = Format(rawValue: text.trimmingSpaces) else {
                    let hint = Suggestion.closest(to: text, among: ["text", "json", "csv"]).map { "Did you mean '\($0)'?" } ?? "Expected text, json or csv."
                    throw UsageError("Invalid value '\(text)' for --format.", hint: hint)
                }
                format = chosen
            }
            var catalog = CloudCatalog.aws
            if let text = parsed.last(where: { $0.name == "--catalog" })?.value {
                guard let provider = CloudCatalog.Provider(rawValue: text.trimmingSpaces) else {
                    throw UsageError("Invalid value '\(text.excerpt())' for --catalog.", hint: "Expected aws, azure or gcp.")
                }
                catalog = .of(provider)
            }
            switch format {
            case .text: return CommandResult(standardOutput: try RegionCatalog.listing(from: from, catalog: catalog))
            case .json:
                return CommandResult(standardOutput: JSONWriter.string(json(try rows(from: from, catalog: catalog), from: from, catalog: catalog)) + "\n")
            case .csv: return CommandResult(standardOutput: csv(try rows(from: from, catalog: catalog)))
            }
        } catch {
            return .failure(.usage(error))
        }
    }

    /// The rows: catalog order, or with `from` nearest first (ties by code), as the text.
    static func rows(from: String?, catalog: CloudCatalog = .aws) throws(UsageError) -> [Row] {
        guard let from else { return catalog.regions.map { Row(region: $0) } }
        let origin = try catalog.resolve(from)
        return RegionCatalog.sortedByRoundTrip(from: origin, catalog: catalog).map { index in
            let region = catalog.regions[index]
            return Row(
                region: region, roundTrip: RegionCatalog.simulatedRoundTrip(from: origin, to: index, catalog: catalog),
                catalogRoundTrip: catalog.roundTrip(from: origin, to: index),
                floor: index == origin ? 0 : PhysicsFloor.fiberRoundTrip(from: catalog.regions[origin], to: region))
        }
    }

    static func milliseconds(_ value: Nanoseconds?) -> JSONValue {
        value.map { .rounded(Double($0) / 1e6, decimals: 3) } ?? .null
    }

    /// `geosim.regions/1`.
    static func json(_ rows: [Row], from: String?, catalog: CloudCatalog = .aws) -> JSONValue {
        .object([
            ("schema", .string("geosim.regions/1")),
            ("from", from.flatMap { catalog.index(named: $0) }.map { .string(catalog.regions[$0].name) } ?? .null),
            ("cross_zone_rtt_ms", milliseconds(Topology.defaultCrossZoneRoundTrip)),
            ("same_zone_rtt_ms", milliseconds(Topology.defaultSameZoneRoundTrip)),
            (
                "regions",
                .array(
                    rows.map { row in
                        .object([
                            ("code", row.region.code.map { .string($0) } ?? .null),
                            ("alias", row.region.alias.map { .string($0) } ?? .null),
                            ("city", .string(row.region.city)),
                            ("latitude", .number(row.region.latitude)),
                            ("longitude", .number(row.region.longitude)),
                            ("rtt_ms", milliseconds(row.roundTrip)),
                            ("catalog_rtt_ms", milliseconds(row.catalogRoundTrip)),
                            ("floor_ms", milliseconds(row.floor)),
                        ])
                    })
            ),
        ])
    }

    /// `code,alias,city,latitude,longitude,rtt_ms,catalog_rtt_ms,floor_ms`; empty cells
    /// for no alias and, without `--from`, for the round trips.
    static func csv(_ rows: [Row]) -> String {
        var text = "code,alias,city,latitude,longitude,rtt_ms,catalog_rtt_ms,floor_ms\n"
        func ms(_ value: Nanoseconds?) -> String { value.map { ReportText.fixed(Double($0) / 1e6, decimals: 3) } ?? "" }
        for row in rows {
            let cells = [
                row.region.code ?? "", row.region.alias ?? "", row.region.city,
                JSONWriter.format(row.region.latitude), JSONWriter.format(row.region.longitude),
                ms(row.roundTrip), ms(row.catalogRoundTrip), ms(row.floor),
            ]
            text += cells.map { CSVTable.field(CSVTable.guardingFormula($0)) }.joined(separator: ",") + "\n"
        }
        return text
    }
}
