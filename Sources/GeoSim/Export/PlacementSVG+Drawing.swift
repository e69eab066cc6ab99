// Drawing the placement picture's parts: the frame, the land, markers, labels, legend.

extension PlacementSVG {
    static let blue = SVGChart.color(0)
    static let orange = SVGChart.color(1)
    static let green = SVGChart.color(2)

    /// The XML declaration, the root element, the title and the background.
    static func drawFrame(_ svg: inout SVGText, _ map: PlacementMap, height: Double, clip: String) {
        let (w, h) = (Int(width), Int(height.rounded(.up)))
        svg.line(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        svg.line(
            ##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\##(w)" height="\##(h)" viewBox="0 0 \##(w) \##(h)" font-family="sans-serif">"##
        )
        let title = title(map)
        svg.line("<title>\(SVGChart.escape(title))</title>")
        svg.line("<desc>Regions on an approximate world outline (equirectangular), with the round trips between regions holding replicas.</desc>")
        svg.line(
            ##"<defs><clipPath id="\##(clip)"><rect x="0" y="\##(n(mapTop))" width="\##(n(width))" height="\##(n(mapHeight))"/></clipPath></defs>"##
        )
        svg.line(##"<rect x="0" y="0" width="\##(w)" height="\##(h)" fill="#FFFFFF" class="chart-bg"/>"##)
        svg.line(
            ##"<text x="\##(n(width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold" fill="\##(SVGChart.textColor)" class="chart-text">\##(SVGChart.escape(title))</text>"##
        )
    }

    /// "Placement: 3 regions, raft, 1 range".
    static func title(_ map: PlacementMap) -> String {
        var text = "Placement: " + PlacementLabels.plural(map.sites.count, "region") + ", " + map.replication
        if map.replication == "raft" { text += ", " + PlacementLabels.plural(map.rangeCount, "range") }
        return text
    }

    /// The land and the inland seas inside the view, and the map's border.
    static func drawLand(_ svg: inout SVGText, view: View, clip: String) {
        func path(_ polygons: [[Double]]) -> String {
            var d = ""
            for polygon in polygons where polygon.count >= 6 {
                let lons = stride(from: 0, to: polygon.count - 1, by: 2).map { polygon[$0] }
                let lats = stride(from: 1, to: polygon.count, by: 2).map { polygon[$0] }
                guard let w = lons.min(), let e = lons.max(), let s = lats.min(), let north = lats.max(),
                    view.meets(west: w, east: e, south: s, north: north)
                else { continue }
                for (index, (lon, lat)) in zip(lons, lats).enumerated() {
                    let point = view.point(latitude: lat, longitude: lon)
                    d += (index == 0 ? "M" : "L") + SVGChart.fixed(point.x, 1) + " " + SVGChart.fixed(point.y, 1)
                }
                d += "Z"
            }
            return d
        }
        svg.line(##"<g clip-path="url(#\##(clip))">"##)
        let land = path(WorldOutline.land)
        if !land.isEmpty {
            svg.line(##"<path d="\##(land)" fill="\##(landColor)" stroke="\##(coastColor)" stroke-width="0.8" class="map-land"/>"##)
        }
        let seas = path(WorldOutline.seas)
        if !seas.isEmpty {
            svg.line(##"<path d="\##(seas)" fill="#FFFFFF" stroke="\##(coastColor)" stroke-width="0.8" class="map-sea"/>"##)
        }
        svg.line("</g>")
        svg.line(
            ##"<rect x="0.5" y="\##(n(mapTop))" width="\##(n(width - 1))" height="\##(n(mapHeight))" fill="none" stroke="\##(coastColor)" class="map-border"/>"##
        )
    }

    /// A region's marker: a filled dot for voters (replicas), a ring for non-voters only, a
    /// small grey dot for no replicas; an orange ring around a leaseholder's or the
    /// primary's region; a green triangle, lower left, for its clients.
    static func drawMarker(_ svg: inout SVGText, _ site: PlacementMap.Site, map: PlacementMap, at point: (x: Double, y: Double)) {
        let (x, y) = (n(point.x), n(point.y))
        svg.line("<g><title>\(SVGChart.escape(site.name + (site.city.isEmpty ? "" : " (" + site.city + ")")))</title>")
        if site.leaseholders > 0 || site.isPrimary {
            svg.line(##"<circle cx="\##(x)" cy="\##(y)" r="10" fill="none" stroke="currentColor" color="\##(orange)" class="chart-s1" stroke-width="3"/>"##)
        }
        if site.voters > 0 {
            svg.line(##"<circle cx="\##(x)" cy="\##(y)" r="6" fill="currentColor" color="\##(blue)" class="chart-s0"/>"##)
        } else if site.nonVoters > 0 {
            svg.line(
                ##"<circle cx="\##(x)" cy="\##(y)" r="5" fill="#FFFFFF" stroke="currentColor" color="\##(blue)" class="chart-s0 map-hollow" stroke-width="2.5"/>"##
            )
        } else {
            svg.line(##"<circle cx="\##(x)" cy="\##(y)" r="4" fill="\##(SVGChart.mutedTextColor)" class="chart-muted"/>"##)
        }
        if PlacementLabels.clients(map) != nil { svg.line(triangle(x: point.x - 12, y: point.y + 10)) }
        svg.line("</g>")
    }

    /// The clients' symbol: a green triangle centred on (x, y).
    static func triangle(x: Double, y: Double) -> String {
        let points = [(x, y - 4.5), (x + 5, y + 4), (x - 5, y + 4)].map { n($0.0) + "," + n($0.1) }.joined(separator: " ")
        return ##"<polygon points="\##(points)" fill="currentColor" color="\##(green)" class="chart-s2"/>"##
    }

    /// A thin line from a region's marker to its label, when the label sits apart.
    static func drawLeader(_ svg: inout SVGText, _ placed: PlacementLayout.PlacedBlock, marker: (x: Double, y: Double)) {
        guard placed.needsLeader else { return }
        let box = placed.box
        let x = min(max(marker.x, box.left), box.right)
        let y = min(max(marker.y, box.top), box.bottom)
        svg.line(
            ##"<line x1="\##(n(marker.x))" y1="\##(n(marker.y))" x2="\##(n(x))" y2="\##(n(y))" stroke="\##(SVGChart.mutedTextColor)" stroke-width="0.8" class="chart-reference"/>"##
        )
    }

    /// Opens a group whose texts get a halo in the background's colour, so they read over
    /// land and lines (the texts inherit its stroke; `map-halo` themes it).
    static func openHalo(_ svg: inout SVGText) {
        svg.line(##"<g stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" paint-order="stroke" class="map-halo">"##)
    }

    /// A region's label block: name, roles, clients.
    static func drawBlock(_ svg: inout SVGText, _ placed: PlacementLayout.PlacedBlock) {
        for (index, line) in placed.block.lines.enumerated() {
            let y = placed.firstBaseline + Double(index) * PlacementLayout.Block.lineHeight
            drawText(&svg, line.text, x: placed.x, y: y, size: line.size, anchor: placed.anchor, bold: line.bold, muted: index > 0)
        }
    }

    /// One line of text.
    static func drawText(
        _ svg: inout SVGText, _ text: String, x: Double, y: Double, size: Double, anchor: String, bold: Bool = false, muted: Bool = false
    ) {
        let weight = bold ? ##" font-weight="bold""## : ""
        let (fill, kind) = muted ? (SVGChart.mutedTextColor, "chart-muted") : (SVGChart.textColor, "chart-text")
        svg.line(
            ##"<text x="\##(n(x))" y="\##(n(y))" font-size="\##(SVGChart.fixed(size, 0))"\##(weight) text-anchor="\##(anchor)" fill="\##(fill)" class="\##(kind)">\##(SVGChart.escape(text))</text>"##
        )
    }

    /// The legend's rows under the map.
    static func drawLegend(_ svg: inout SVGText, _ rows: [[(symbol: PlacementLabels.Symbol, text: String, x: Double)]], top: Double) {
        for (row, entries) in rows.enumerated() {
            let y = top + 10 + Double(row) * 20
            for entry in entries {
                let centre = entry.x + 10
                switch entry.symbol {
                case .voters:
                    svg.line(##"<circle cx="\##(n(centre))" cy="\##(n(y))" r="6" fill="currentColor" color="\##(blue)" class="chart-s0"/>"##)
                case .nonVoters:
                    svg.line(
                        ##"<circle cx="\##(n(centre))" cy="\##(n(y))" r="5" fill="#FFFFFF" stroke="currentColor" color="\##(blue)" class="chart-s0 map-hollow" stroke-width="2.5"/>"##
                    )
                case .noReplicas:
                    svg.line(##"<circle cx="\##(n(centre))" cy="\##(n(y))" r="4" fill="\##(SVGChart.mutedTextColor)" class="chart-muted"/>"##)
                case .leader:
                    svg.line(
                        ##"<circle cx="\##(n(centre))" cy="\##(n(y))" r="7" fill="none" stroke="currentColor" color="\##(orange)" class="chart-s1" stroke-width="3"/>"##
                    )
                case .clients:
                    svg.line(triangle(x: centre, y: y))
                case .roundTrip:
                    svg.line(
                        ##"<line x1="\##(n(entry.x))" y1="\##(n(y))" x2="\##(n(entry.x + 20))" y2="\##(n(y))" stroke="\##(edgeColor)" stroke-width="1.5" class="map-edge"/>"##
                    )
                }
                drawText(&svg, entry.text, x: entry.x + 24, y: y + 4, size: 11, anchor: "start")
            }
        }
    }
}
