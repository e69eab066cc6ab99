/// The words of the placement picture: each region's label (name, replicas' roles,
/// leaseholders or primary, clients) and the legend's entries.
enum PlacementLabels {
    /// The symbols the legend explains.
    enum Symbol: Equatable {
        case voters, nonVoters, noReplicas, leader, clients, roundTrip
    }

    /// A region's label: its name (bold), then its roles, then its clients.
    static func block(_ map: PlacementMap, site index: Int) -> PlacementLayout.Block {
        let site = map.sites[index]
        var lines: [(text: String, size: Double, bold: Bool)] = [(site.name, 12, true)]
        lines += roles(map, site).map { ($0, 11, false) }
        if let clients = clients(map) { lines.append((clients, 11, false)) }
        return PlacementLayout.Block(lines: lines)
    }

    /// What the region's nodes are, one or two short lines.
    static func roles(_ map: PlacementMap, _ site: PlacementMap.Site) -> [String] {
        switch map.replication {
        case "raft":
            var parts: [String] = []
            if site.voters > 0 { parts.append(plural(site.voters, "voter")) }
            if site.nonVoters > 0 { parts.append("\(site.nonVoters) non-voting") }
            if parts.isEmpty { parts.append("no replicas") }
            var lines = [parts.joined(separator: " · ")]
            if site.leaseholders > 0 {
                lines.append(map.rangeCount == 1 ? "leaseholder" : "leaseholder of \(site.leaseholders)/\(map.rangeCount) ranges")
            }
            return lines
        case "leaderless":
            return [plural(site.voters, "replica")]
        default:
            guard site.isPrimary else { return [plural(site.voters, "replica")] }
            return [site.voters > 1 ? "primary + " + plural(site.voters - 1, "replica") : "primary"]
        }
    }

    /// The clients each region has, or nil when none issues anything.
    static func clients(_ map: PlacementMap) -> String? {
        if let users = map.closedLoopClientsPerRegion { return plural(users, "client") }
        guard let rate = map.clientRatePerRegion, rate > 0 else { return nil }
        let text = rate >= 100 ? SVGChart.fixed(rate, 0) : SVGChart.fixed(rate, 1)
        return "clients \(text.hasSuffix(".0") ? String(text.dropLast(2)) : text) ops/s"
    }

    /// "1 voter", "3 voters".
    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// The legend: each symbol the picture uses, with its meaning.
    static func legend(_ map: PlacementMap) -> [(symbol: Symbol, text: String)] {
        let isRaft = map.replication == "raft"
        var entries: [(symbol: Symbol, text: String)] = [(.voters, isRaft ? "voters" : "replicas")]
        if map.sites.contains(where: { $0.nonVoters > 0 && $0.voters == 0 }) { entries.append((.nonVoters, "non-voting replicas only")) }
        if map.sites.contains(where: { !$0.holdsReplicas }) { entries.append((.noReplicas, "no replicas")) }
        if isRaft, map.sites.contains(where: { $0.leaseholders > 0 }) {
            entries.append((.leader, map.rangeCount == 1 ? "leaseholder (Raft leader)" : "leaseholders at the end"))
        } else if map.sites.contains(where: \.isPrimary) {
            entries.append((.leader, "primary"))
        }
        if clients(map) != nil { entries.append((.clients, "clients")) }
        if !map.edges.isEmpty { entries.append((.roundTrip, "round trip")) }
        return entries
    }

    /// Legend entries packed into rows across `width`: each entry's row and left edge.
    static func legendRows(_ entries: [(symbol: Symbol, text: String)], width: Double) -> [[(symbol: Symbol, text: String, x: Double)]] {
        var rows: [[(symbol: Symbol, text: String, x: Double)]] = [[]]
        var x = 16.0
        for entry in entries {
            let entryWidth = 24 + PlacementLayout.textWidth(entry.text, size: 11) + 18
            if x + entryWidth > width - 8, !(rows.last?.isEmpty ?? true) {
                rows.append([])
                x = 16
            }
            rows[rows.count - 1].append((entry.symbol, entry.text, x))
            x += entryWidth
        }
        return rows.filter { !$0.isEmpty }
    }

    /// `parts` joined with ", " (after the first, a heading) into lines of at most
    /// `width` pixels of 11-pixel text.
    static func wrap(_ parts: [String], width: Double) -> [String] {
        guard let heading = parts.first else { return [] }
        var lines: [String] = []
        var current = heading
        for (index, part) in parts.dropFirst().enumerated() {
            let piece = part + (index + 2 < parts.count ? "," : "")
            let joined = current.hasSuffix(": ") || current.isEmpty ? current + piece : current + " " + piece
            if PlacementLayout.textWidth(joined, size: 11) > width, !current.isEmpty, current != heading {
                lines.append(current)
                current = piece
            } else {
                current = joined
            }
        }
        lines.append(current)
        return lines
    }
}
