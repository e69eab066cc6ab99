// The keys of a topology file, with their JSON types: `Topology.parse` rejects any other
// key, and `geosim schema topology` is generated from the same tables.

extension Topology {
    /// The top level of a topology file (`topologies/README.md`).
    static let fileTable = InputFieldTable(
        [
            InputField("description", .text, "free text about the topology; ignored by the simulator"),
            InputField(
                "regions", .array(.anyOf([.text, .object(regionTable)]), count: 1...Int.max),
                "the regions, in id order: a built-in region's name, alias or cloud code, or an object", required: true),
            InputField(
                "replicas_per_region", .integer(in: 1...maximumNodesPerRegion),
                "the node count of regions that do not give \"nodes\" (default 1)"),
            InputField("cross_zone_rtt", .duration(.positive), "round trip between two zones of one region (default 1ms)"),
            InputField("placement", .object(PlacementOverride.table), "explicit voters and non-voters instead of a survival goal"),
            InputField("same_zone_rtt", .duration(.positive), "round trip inside one zone (default 500us)"),
            InputField("jitter", .distribution, "per-message jitter on every link, replacing the default"),
            InputField("links", .array(.object(linkTable)), "round trips or jitter between pairs of regions"),
        ], isDocument: true)

    /// An object in `regions`: a built-in region (by name) or a custom one (with `lat`, `lon`).
    static let regionTable = InputFieldTable([
        InputField("name", .text, "a built-in region's name, alias or cloud code, or a custom region's new name", required: true),
        InputField("nodes", .integer(in: 1...maximumNodesPerRegion), "replicas in the region (default replicas_per_region)"),
        InputField("zones", .integer(in: 1...maximumNodesPerRegion), "zones the nodes spread over, at most nodes (default min(nodes, 3))"),
        InputField("city", .text, "a custom region's city, a label"),
        InputField("lat", .number(in: -90...90), "a custom region's latitude in degrees"),
        InputField("lon", .number(in: -180...180), "a custom region's longitude in degrees"),
        InputField(
            "rtt", .map(.duration(.positive)), "round trips to other regions of the file, by name (required from a custom region)"),
    ])

    /// An entry of `links`.
    static let linkTable = InputFieldTable([
        InputField("between", .array(.text, count: 2...2), "the two regions of the link", required: true),
        InputField("rtt", .duration(.positive), "their round trip, replacing the catalog's"),
        InputField("jitter", .distribution, "per-message jitter on this link"),
    ])

}
