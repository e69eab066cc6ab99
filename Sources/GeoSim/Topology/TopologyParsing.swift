import Foundation

/// Reading a topology from a JSON file.
///
/// The format (every duration is a string with a unit; a bare number is an error):
///
///     {
///       "description": "optional free text",
///       "regions": [
///         "us-west",                                   catalog region, default node count
///         {"name": "us-east"},                         catalog region (alias or AWS code)
///         {"name": "eu-central-1", "nodes": 3, "zones": 3},
///         {"name": "onprem-dc", "city": "New York", "lat": 40.7, "lon": -74.0,
///          "rtt": {"us-east": "12ms", "us-west": "70ms"}}   custom region
///       ],
///       "replicas_per_region": 1,     default "nodes" for regions that do not say (1…1000)
///       "cross_zone_rtt": "1ms",      round trip between zones of one region (> 0)
///       "same_zone_rtt": "500us",     round trip inside one zone (> 0)
///       "jitter": {"exponential": {"mean": "1ms"}},   optional override for every link
///       "links": [
///         {"between": ["onprem-dc", "eu-central"], "rtt": "85ms",
///          "jitter": {"normal": {"mean": "2ms", "stddev": "1ms"}}}
///       ]
///     }
///
/// The same format is described for users in `topologies/README.md`.
///
/// Rules:
/// - `regions` lists at least one region; ids follow the listed order. A region is a
///   catalog region (named by alias or AWS code, any case) unless it has coordinates;
///   then it is custom: `lat` (−90…90) and `lon` (−180…180) are both required, `city` is
///   optional (a label, `NameRules`), and its name follows `NameRules` (1–64 letters,
///   digits, `-`, `_`, `.`, starting with a letter or digit) and must not be a catalog name.
/// - `nodes`: replicas in the region, 1…1000 (default `replicas_per_region`, else 1);
///   `zones`: 1…nodes (default min(nodes, 3)); replica i sits in zone i % zones.
/// - Round trips between two catalog regions come from the catalog. Any pair may be set
///   (or overridden) by `rtt` on either region — keys name other regions of the file — or
///   by a `links` entry. A pair involving a custom region must be set one of these ways.
///   Setting a pair twice with different values is an error, as is a round trip faster
///   than light in fiber between the regions' coordinates (2 × distance / 204,000 km/s).
/// - A link names two different regions of the file and sets `rtt`, `jitter` or both.
/// - Unknown fields are rejected with the closest known name. Every error names its JSON
///   path, e.g. `$.regions[2].rtt.us-east`.
extension Topology {
    /// Loads the topology file at `path`. Every error, including an unreadable file or
    /// invalid UTF-8, is an `InputError` whose `file` is `path`.
    public static func load(path: String, maximumRegions: Int = RunLimits().regions) throws(InputError) -> Topology {
        let root = try InputFile.readJSON(path: path)
        do {
            return try parse(root, maximumRegions: maximumRegions)
        } catch {
            throw error.inFile(path)
        }
    }

    /// One entry of `regions` as read, before round trips are resolved.
    private struct Entry {
        var node: InputNode
        var region: Region
        var catalogIndex: Int?
        var nodes: Int
        var zones: Int
        var rtt: InputNode?
    }

    /// Builds a topology from a parsed JSON document (see the format above). Errors carry
    /// the JSON path of the offending value and no file name.
    /// More than `maximumRegions` regions are refused before the round-trip matrix
    /// (regions²) is allocated.
    public static func parse(_ root: InputNode, maximumRegions: Int = RunLimits().regions) throws(InputError) -> Topology {
        try root.rejectUnknownKeys(fileTable)
        _ = try root.optional("description")?.string()
        let entries = try parseRegions(root, maximumRegions: maximumRegions)
        let regions = entries.map(\.region)
        var links = LinkTable(
            topology: Topology(
                regions: regions, roundTrips: Array(repeating: 0, count: regions.count * regions.count),
                nodes: [], zoneCounts: entries.map(\.zones)))
        for (i, entry) in entries.enumerated() {
            if let rtt = entry.rtt { try links.setRegionRoundTrips(from: i, rtt) }
        }
        if let list = try root.optional("links") {
            for link in try list.elements() { try links.setLink(link) }
        }
        try links.resolveRoundTrips(entries)
        var builder = links.topology
        builder.nodes = placeNodes(regions: regions, nodeCounts: entries.map(\.nodes), zoneCounts: entries.map(\.zones))
        builder.crossZoneRoundTrip = try root.optional("cross_zone_rtt")?.positiveDuration() ?? defaultCrossZoneRoundTrip
        builder.sameZoneRoundTrip = try root.optional("same_zone_rtt")?.positiveDuration() ?? defaultSameZoneRoundTrip
        builder.jitter = try root.optional("jitter").map { node throws(InputError) in try Distribution.parse(node) }
        if let placement = try root.optional("placement") {
            builder.placementOverride = try PlacementOverride.parse(placement, topology: builder)
        }
        return builder
    }

    /// The `regions` list (at least one, at most `maximumRegions`, none twice), with the
    /// file's `replicas_per_region` as the default node count.
    private static func parseRegions(_ root: InputNode, maximumRegions: Int) throws(InputError) -> [Entry] {
        let defaultNodes = try root.optional("replicas_per_region")?.integer(in: 1...maximumNodesPerRegion) ?? 1
        let regionsNode = try root.required("regions")
        let items = try regionsNode.elements()
        guard !items.isEmpty else { throw regionsNode.error("expected at least one region") }
        guard items.count <= maximumRegions else {
            throw regionsNode.error(
                "\(items.count) regions exceed the limit of \(maximumRegions) (limit 'regions'); raise it with --limit regions=VALUE if you mean it")
        }
        var entries: [Entry] = []
        for item in items {
            let entry = try parseRegion(item, defaultNodes: defaultNodes)
            let name = entry.region.name
            if let earlier = entries.first(where: { other in
                if let a = other.catalogIndex, let b = entry.catalogIndex { return a == b }
                return other.region.name.lowercased() == name.lowercased()
            }) {
                throw (try? item.required("name"))?.error("region '\(name)' is listed twice (also at \(earlier.node.path))")
                    ?? item.error("region '\(name)' is listed twice (also at \(earlier.node.path))")
            }
            entries.append(entry)
        }
        return entries
    }

    /// The round trips and link jitters of a topology being read: those the file sets
    /// (each pair once, or twice with the same value; never faster than light in fiber),
    /// then the catalog's for the pairs it does not.
    private struct LinkTable {
        var topology: Topology
        /// The round trip the file set for each pair (row-major), and where.
        var explicit: [(value: Nanoseconds, path: String)?]
        /// Where the file set each pair's jitter.
        var jitterSource: [String?]

        init(topology: Topology) {
            self.topology = topology
            let cells = topology.regions.count * topology.regions.count
            explicit = Array(repeating: nil, count: cells)
            jitterSource = Array(repeating: nil, count: cells)
        }

        var regions: [Region] { topology.regions }
        var count: Int { topology.regions.count }

        /// Sets the round trip between regions `i` and `j` from `node`.
        mutating func setRoundTrip(_ i: Int, _ j: Int, _ node: InputNode) throws(InputError) {
            let value = try node.positiveDuration()
            if let existing = explicit[i * count + j], existing.value != value {
                throw node.error(
                    "the round trip between '\(regions[i].name)' and '\(regions[j].name)' is given twice with different values: \(DurationText.format(value)) here and \(DurationText.format(existing.value)) at \(existing.path)"
                )
            }
            let floor = topology.fiberRoundTrip(fromRegion: i, toRegion: j)
            if value < floor {
                let kilometres = Int(regions[i].greatCircleKilometres(to: regions[j]).rounded())
                throw node.error(
                    "\(DurationText.format(value)) is faster than light in fiber between '\(regions[i].name)' and '\(regions[j].name)' (\(kilometres) km apart: at least \(DurationText.format(floor))); check the unit and the coordinates"
                )
            }
            explicit[i * count + j] = (value, node.path)
            explicit[j * count + i] = (value, node.path)
        }

        /// The region of this file that `node` names.
        func fileRegion(_ node: InputNode) throws(InputError) -> Int {
            try fileRegion(named: try node.string(), at: node)
        }

        private func fileRegion(named name: String, at node: InputNode) throws(InputError) -> Int {
            if let index = topology.regionIndex(named: name) { return index }
            throw node.error(
                "no region '\(name)' in this topology\(suggestion(name, among: regions.map(\.name))); its regions are: \(regions.map(\.name).joined(separator: ", "))"
            )
        }

        /// A region's `rtt` object: round trips from region `i` to the regions it names.
        mutating func setRegionRoundTrips(from i: Int, _ rtt: InputNode) throws(InputError) {
            for (key, value) in try rtt.members() {
                let j = try fileRegion(named: key, at: value)
                guard j != i else {
                    throw value.error("a region's round trip to itself is set by \"cross_zone_rtt\" and \"same_zone_rtt\"")
                }
                try setRoundTrip(i, j, value)
            }
        }

        /// One entry of `links`: two different regions and their `rtt`, `jitter` or both.
        mutating func setLink(_ link: InputNode) throws(InputError) {
            try link.rejectUnknownKeys(linkTable)
            let betweenNode = try link.required("between")
            let ends = try betweenNode.elements()
            guard ends.count == 2 else {
                throw betweenNode.error("expected two region names, e.g. [\"us-east\", \"eu-central\"]; found \(ends.count)")
            }
            let i = try fileRegion(ends[0])
            let j = try fileRegion(ends[1])
            guard i != j else { throw ends[1].error("a link joins two different regions; both ends are '\(regions[i].name)'") }
            let rtt = try link.optional("rtt")
            let jitterNode = try link.optional("jitter")
            guard rtt != nil || jitterNode != nil else { throw link.error("a link needs \"rtt\", \"jitter\" or both") }
            if let rtt { try setRoundTrip(i, j, rtt) }
            if let jitterNode {
                if let earlier = jitterSource[i * count + j] {
                    throw jitterNode.error("the jitter between '\(regions[i].name)' and '\(regions[j].name)' is already set at \(earlier)")
                }
                let distribution = try Distribution.parse(jitterNode)
                topology.linkJitter[i * count + j] = distribution
                topology.linkJitter[j * count + i] = distribution
                jitterSource[i * count + j] = jitterNode.path
                jitterSource[j * count + i] = jitterNode.path
            }
        }

        /// Fills every pair's round trip: the file's, else the catalog's; a pair with a
        /// custom region and neither is an error at that region's entry.
        mutating func resolveRoundTrips(_ entries: [Entry]) throws(InputError) {
            for i in 0..<count {
                for j in (i + 1)..<count {
                    let value: Nanoseconds
                    if let given = explicit[i * count + j] {
                        value = given.value
                    } else if let a = entries[i].catalogIndex, let b = entries[j].catalogIndex {
                        value = RegionCatalog.roundTrip(from: a, to: b)
                    } else {
                        // Blame the custom region listed last of the two: its entry is where the
                        // round trip belongs.
                        let custom = entries[j].catalogIndex == nil ? entries[j] : entries[i]
                        let other = custom.region.name == regions[i].name ? regions[j] : regions[i]
                        let place = custom.rtt ?? custom.node
                        throw place.error(
                            "no round trip between '\(custom.region.name)' and '\(other.name)': a custom region needs one to every other region; add \"\(other.name)\": \"<duration>\" to this region's \"rtt\" or a link between them in \"links\""
                        )
                    }
                    topology.roundTrips[i * count + j] = value
                    topology.roundTrips[j * count + i] = value
                }
            }
        }
    }

    /// Reads one element of `regions`: a catalog name as a string, or an object.
    private static func parseRegion(_ item: InputNode, defaultNodes: Int) throws(InputError) -> Entry {
        if case .string(let name) = item.value {
            let index = try catalogIndex(name, at: item)
            let zones = min(defaultNodes, 3)
            return Entry(
                node: item, region: RegionCatalog.regions[index], catalogIndex: index,
                nodes: defaultNodes, zones: zones, rtt: nil)
        }
        guard case .object = item.value else {
            throw item.error("expected a region name or an object such as {\"name\": \"us-east\"}, found \(item.value.kindDescription)")
        }
        try item.rejectUnknownKeys(regionTable)
        let nameNode = try item.required("name")
        let name = try nameNode.string().trimmingSpaces
        let nodes = try item.optional("nodes")?.integer(in: 1...maximumNodesPerRegion) ?? defaultNodes
        let zones = try item.optional("zones")?.integer(in: 1...nodes) ?? min(nodes, 3)
        let rtt = try item.optional("rtt")
        if let rtt { _ = try rtt.members() }

        let latitudeNode = try item.optional("lat")
        let longitudeNode = try item.optional("lon")
        guard latitudeNode != nil || longitudeNode != nil else {
            let index = try catalogIndex(name, at: nameNode)
            if let city = try item.optional("city") {
                throw city.error(
                    "\"city\" applies to custom regions only; '\(name)' is the built-in region \(RegionCatalog.regions[index].code ?? name) (\(RegionCatalog.regions[index].city))"
                )
            }
            return Entry(
                node: item, region: RegionCatalog.regions[index], catalogIndex: index,
                nodes: nodes, zones: zones, rtt: rtt)
        }
        if let index = RegionCatalog.index(named: name) {
            throw nameNode.error(
                "'\(name)' is the built-in region \(RegionCatalog.regions[index].code ?? name); drop \"lat\" and \"lon\" to use it, or give the custom region a name of its own"
            )
        }
        if let problem = NameRules.regionNameProblem(name) { throw nameNode.error(problem) }
        let latitude = try item.required("lat").number(in: -90...90)
        let longitude = try item.required("lon").number(in: -180...180)
        let cityNode = try item.optional("city")
        let city = try cityNode?.string() ?? ""
        if let cityNode, let problem = NameRules.labelProblem(city) { throw cityNode.error(problem) }
        return Entry(
            node: item, region: Region(name: name, city: city, latitude: latitude, longitude: longitude),
            catalogIndex: nil, nodes: nodes, zones: zones, rtt: rtt)
    }

    /// The catalog index of `name`, or an error at `node` with a did-you-mean.
    private static func catalogIndex(_ name: String, at node: InputNode) throws(InputError) -> Int {
        if let index = RegionCatalog.index(named: name) { return index }
        throw node.error(
            "unknown region '\(name)'\(suggestion(name, among: RegionCatalog.allNames)); name a built-in region (run 'geosim regions') or give a custom region \"lat\", \"lon\" and \"rtt\""
        )
    }

    /// " (did you mean 'x'?)" for a near miss, else "".
    private static func suggestion(_ text: String, among names: [String]) -> String {
        Suggestion.closest(to: text, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
