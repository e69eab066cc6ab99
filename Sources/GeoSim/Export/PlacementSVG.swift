/// The placement picture (`placement.svg` in a run's export, and the HTML report's
/// "Placement" section): the regions on a coarse world outline (`WorldOutline`), each
/// marked with its replicas' roles, its leaseholders or primary and its clients, and the
/// round trips between regions holding replicas on the lines joining them.
///
/// Projection: equirectangular, x = (lon + 180) / 360 · W, y = (90 − lat) / 180 · H, cropped
/// to the regions' bounding box plus a margin and widened to the map's 2:1 aspect (so one
/// degree is as wide as it is tall). Lines are straight on the map (no great circles, no
/// wrapping at ±180°). Colours are the charts' (`SVGChart`): light in the file, replaced by
/// the page's CSS variables (`chart-*`, `map-*` classes) in the HTML report, dark mode
/// included. Labels are placed so that no two overlap (`PlacementLayout`); a round trip
/// that finds no free spot on its line is listed under the map instead.
public enum PlacementSVG {
    /// The file's name in a run's export directory.
    public static let path = "placement.svg"
    /// The canvas's width and the map area's place and size, in pixels.
    static let width = 720.0
    static let mapTop = 40.0
    static let mapHeight = 360.0
    static let landColor = "#ECEFF2"
    static let coastColor = "#C3CAD1"
    static let edgeColor = "#8C959F"

    /// Where (`latitude`, `longitude`) in degrees lands on a `width` × `height` map of the
    /// whole world: (0, 0) at the centre, (90, −180) at the top-left corner.
    public static func project(latitude: Double, longitude: Double, width: Double, height: Double) -> (x: Double, y: Double) {
        ((longitude + 180) / 360 * width, (90 - latitude) / 180 * height)
    }

    /// The part of the world shown, in degrees; its longitude span is twice its latitude span.
    struct View: Equatable {
        var west: Double
        var east: Double
        var south: Double
        var north: Double

        /// The canvas point of a place: the world projection, cropped to this view and scaled to the map area.
        func point(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
            let world = PlacementSVG.project(latitude: latitude, longitude: longitude, width: 360, height: 180)
            let origin = PlacementSVG.project(latitude: north, longitude: west, width: 360, height: 180)
            let scale = PlacementSVG.width / (east - west)
            return ((world.x - origin.x) * scale, PlacementSVG.mapTop + (world.y - origin.y) * scale)
        }

        /// Whether the box `west…east × south…north` (degrees) meets the view.
        func meets(west w: Double, east e: Double, south s: Double, north n: Double) -> Bool {
            w <= east && e >= west && s <= north && n >= south
        }
    }

    /// The regions' bounding box with a margin (a fifth of its span, at least 16° of
    /// longitude and 10° of latitude), at least 80° wide, widened to 2:1 and moved inside
    /// the world; the whole world when that does not fit.
    static func view(of sites: [PlacementMap.Site]) -> View {
        let world = View(west: -180, east: 180, south: -90, north: 90)
        guard let first = sites.first else { return world }
        var (west, east, south, north) = (first.longitude, first.longitude, first.latitude, first.latitude)
        for site in sites {
            west = min(west, site.longitude)
            east = max(east, site.longitude)
            south = min(south, site.latitude)
            north = max(north, site.latitude)
        }
        let lonMargin = max(16, (east - west) / 5)
        let latMargin = max(10, (north - south) / 5)
        // At least 80° wide: the outline is too coarse to show less.
        var lonSpan = max(east - west + 2 * lonMargin, 80)
        var latSpan = north - south + 2 * latMargin
        if lonSpan < 2 * latSpan { lonSpan = 2 * latSpan } else { latSpan = lonSpan / 2 }
        guard lonSpan < 360, latSpan < 180 else { return world }
        let centreLon = min(max((west + east) / 2, -180 + lonSpan / 2), 180 - lonSpan / 2)
        let centreLat = min(max((south + north) / 2, -90 + latSpan / 2), 90 - latSpan / 2)
        return View(west: centreLon - lonSpan / 2, east: centreLon + lonSpan / 2, south: centreLat - latSpan / 2, north: centreLat + latSpan / 2)
    }

    /// A round trip as its label says it: whole milliseconds from 10 ms, else one decimal.
    public static func roundTripLabel(_ roundTrip: Nanoseconds) -> String {
        let milliseconds = Double(roundTrip) / 1e6
        return (milliseconds >= 10 ? SVGChart.fixed(milliseconds, 0) : SVGChart.fixed(milliseconds, 1)) + " ms"
    }

    /// The SVG of `map`, a standalone file (with an XML declaration); ids start with `idPrefix`.
    public static func render(_ map: PlacementMap, idPrefix: String = "placement-") -> String {
        let view = view(of: map.sites)
        let points = map.sites.map { view.point(latitude: $0.latitude, longitude: $0.longitude) }
        var layout = PlacementLayout(width: width, top: mapTop, bottom: mapTop + mapHeight)
        for point in points { layout.reserveMarker(at: point) }
        let edges = map.edges
        for (i, j) in edges { layout.reserveLine(from: points[i], to: points[j]) }
        let blocks = map.sites.indices.map { PlacementLabels.block(map, site: $0) }
        // The most crowded regions choose first, while the spots near them are free.
        let crowding = points.map { point in points.filter { abs($0.x - point.x) < 80 && abs($0.y - point.y) < 60 }.count }
        var placedLabels: [PlacementLayout.PlacedBlock?] = Array(repeating: nil, count: blocks.count)
        for index in blocks.indices.sorted(by: { (crowding[$1], $0) < (crowding[$0], $1) }) {
            placedLabels[index] = layout.place(blocks[index], near: points[index])
        }
        let regionLabels = placedLabels.compactMap { $0 }
        let edgeLabels = edges.map { edge in
            layout.placeOnLine(roundTripLabel(map.roundTrip(edge.0, edge.1)), from: points[edge.0], to: points[edge.1])
        }
        let unplaced = edges.indices.filter { edgeLabels[$0] == nil }.map { index in
            let (i, j) = edges[index]
            return "\(map.sites[i].name)–\(map.sites[j].name) \(roundTripLabel(map.roundTrip(i, j)))"
        }
        let legend = PlacementLabels.legend(map)
        let legendRows = PlacementLabels.legendRows(legend, width: width)
        let notes = PlacementLabels.wrap(unplaced.isEmpty ? [] : ["Round trips not labelled on the map: "] + unplaced, width: width - 32)
        let legendTop = mapTop + mapHeight + 10
        let height = legendTop + Double(legendRows.count) * 20 + Double(notes.count) * 16 + 10

        var svg = SVGText()
        let clip = SVGChart.escape(idPrefix) + "map"
        drawFrame(&svg, map, height: height, clip: clip)
        drawLand(&svg, view: view, clip: clip)
        svg.line(##"<g clip-path="url(#\##(clip))">"##)
        for (i, j) in edges {
            svg.line(
                ##"<line x1="\##(n(points[i].x))" y1="\##(n(points[i].y))" x2="\##(n(points[j].x))" y2="\##(n(points[j].y))" stroke="\##(edgeColor)" stroke-width="1.5" class="map-edge"/>"##
            )
        }
        for (index, site) in map.sites.enumerated() { drawMarker(&svg, site, map: map, at: points[index]) }
        svg.line("</g>")
        for (index, placed) in regionLabels.enumerated() { drawLeader(&svg, placed, marker: points[index]) }
        openHalo(&svg)
        for placed in regionLabels { drawBlock(&svg, placed) }
        for placed in edgeLabels.compactMap({ $0 }) { drawText(&svg, placed.text, x: placed.x, y: placed.y, size: 11, anchor: "middle") }
        svg.line("</g>")
        drawLegend(&svg, legendRows, top: legendTop)
        for (row, line) in notes.enumerated() {
            drawText(&svg, line, x: 16, y: legendTop + Double(legendRows.count) * 20 + 12 + Double(row) * 16, size: 11, anchor: "start", muted: true)
        }
        svg.line("</svg>")
        return svg.text
    }

    /// A pixel coordinate with two decimals.
    static func n(_ value: Double) -> String { SVGChart.n(value) }
}
