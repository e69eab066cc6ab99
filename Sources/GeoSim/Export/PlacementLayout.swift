import Foundation

/// Where the placement picture's labels go, so that none overlaps another or a region's
/// marker: each label takes the first free spot among its candidates, in a fixed order.
/// Text boxes are estimated as SVG charts estimate them (`SVGChart`): 0.6 em per character,
/// from 0.8 em above the baseline to 0.2 em below, plus a little room.
struct PlacementLayout {
    /// A rectangle in canvas pixels.
    struct Box: Equatable {
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double

        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }

        /// The area this box shares with `other` (0 when they do not overlap).
        func overlap(_ other: Box) -> Double {
            max(0, min(right, other.right) - max(left, other.left)) * max(0, min(bottom, other.bottom) - max(top, other.top))
        }
    }

    /// Lines of text placed together (a region's name, roles and clients).
    struct Block {
        var lines: [(text: String, size: Double, bold: Bool)]
        /// Pixels between baselines.
        static let lineHeight = 14.0

        var width: Double { lines.map { PlacementLayout.textWidth($0.text, size: $0.size) }.max() ?? 0 }
        var height: Double {
            guard let first = lines.first, let last = lines.last else { return 0 }
            return 0.8 * first.size + Double(lines.count - 1) * Self.lineHeight + 0.2 * last.size
        }
    }

    /// A placed block: its anchor (`start`, `middle`, `end`), the x of the anchor, the first
    /// baseline, its box, and whether it sits far enough from its marker to need a leader line.
    struct PlacedBlock {
        var block: Block
        var anchor: String
        var x: Double
        var firstBaseline: Double
        var box: Box
        var needsLeader: Bool
    }

    /// One placed line of text, centred on `x`, baseline at `y`.
    struct PlacedText {
        var text: String
        var x: Double
        var y: Double
    }

    let width: Double
    let top: Double
    let bottom: Double
    /// What labels must not cover: markers and the labels placed so far.
    private(set) var taken: [Box] = []
    /// Lines region labels should keep clear of (the round trips' lines), as end points.
    private(set) var lines: [(from: (x: Double, y: Double), to: (x: Double, y: Double))] = []
    /// The markers' boxes, which a leader line should not cross.
    private(set) var markers: [Box] = []

    init(width: Double, top: Double, bottom: Double) {
        self.width = width
        self.top = top
        self.bottom = bottom
    }

    /// The width of `text` at `size` pixels: 0.6 em per character.
    static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

    /// Keeps labels off a region's marker (its ring and its clients' triangle).
    mutating func reserveMarker(at point: (x: Double, y: Double)) {
        let box = Box(left: point.x - 17, right: point.x + 11, top: point.y - 11, bottom: point.y + 15)
        taken.append(box)
        markers.append(box)
    }

    /// Keeps region labels off the line from `from` to `to` where they can.
    mutating func reserveLine(from: (x: Double, y: Double), to: (x: Double, y: Double)) { lines.append((from, to)) }

    /// Places `block` next to `point`: in each of `directions`, at growing distances. The
    /// first spot inside the map that covers nothing and crosses no line wins; failing
    /// that, the first that covers nothing and whose leader line misses other markers; then
    /// the first that covers nothing; then the one that covers least.
    mutating func place(_ block: Block, near point: (x: Double, y: Double)) -> PlacedBlock {
        var best: (placed: PlacedBlock, cost: Double)?
        var crossingLines: PlacedBlock?
        var crossingMarkers: PlacedBlock?
        for distance in [14.0, 30, 48, 70, 96, 126] {
            for candidate in candidates(block, near: point, distance: distance) {
                let box = candidate.box
                guard box.left >= 2, box.right <= width - 2, box.top >= top + 2, box.bottom <= bottom - 2 else { continue }
                let cost = taken.reduce(0) { $0 + box.overlap($1) }
                if cost == 0 {
                    let missesMarkers = !leaderCrossesMarker(candidate, from: point)
                    if missesMarkers, !lines.contains(where: { Self.segment($0.from, $0.to, meets: box) }) {
                        taken.append(box)
                        return candidate
                    }
                    if missesMarkers, crossingLines == nil { crossingLines = candidate }
                    if crossingMarkers == nil { crossingMarkers = candidate }
                }
                if best == nil || cost < best?.cost ?? 0 { best = (candidate, cost) }
            }
        }
        let chosen = crossingLines ?? crossingMarkers ?? best?.placed ?? candidates(block, near: point, distance: 14)[0]
        taken.append(chosen.box)
        return chosen
    }

    /// Whether `placed`'s leader line, from `point` to the nearest point of its box, runs
    /// through another region's marker.
    private func leaderCrossesMarker(_ placed: PlacedBlock, from point: (x: Double, y: Double)) -> Bool {
        guard placed.needsLeader else { return false }
        let end = (x: min(max(point.x, placed.box.left), placed.box.right), y: min(max(point.y, placed.box.top), placed.box.bottom))
        return markers.contains { marker in
            let own = point.x > marker.left && point.x < marker.right && point.y > marker.top && point.y < marker.bottom
            return !own && Self.segment(point, end, meets: marker)
        }
    }

    /// Whether the segment from `a` to `b` passes through `box` (Liang–Barsky clipping).
    static func segment(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), meets box: Box) -> Bool {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        var (low, high) = (0.0, 1.0)
        for (p, q) in [(-dx, a.x - box.left), (dx, box.right - a.x), (-dy, a.y - box.top), (dy, box.bottom - a.y)] {
            if p == 0 {
                if q < 0 { return false }
                continue
            }
            let t = q / p
            if p < 0 { low = max(low, t) } else { high = min(high, t) }
            if low > high { return false }
        }
        return true
    }

    /// Directions tried, in order of preference: right, left, up, down, the diagonals,
    /// then the eight between them (x right, y down).
    static let directions: [(x: Double, y: Double)] = {
        let angles = [0.0, 180, 270, 90, 315, 45, 225, 135, 337.5, 202.5, 292.5, 247.5, 22.5, 157.5, 67.5, 112.5]
        return angles.map { degrees in
            let radians = degrees * Double.pi / 180
            return (cos(radians), sin(radians))
        }
    }()

    /// The spots tried at one distance from `point`, in order of preference: in each
    /// direction, the block's nearest side (or corner) `distance` pixels from the point.
    private func candidates(_ block: Block, near point: (x: Double, y: Double), distance: Double) -> [PlacedBlock] {
        let (w, h) = (block.width + 4, block.height + 2)
        return Self.directions.map { direction in
            let (dx, dy) = (direction.x * distance, direction.y * distance)
            let anchor = direction.x > 0.3 ? "start" : direction.x < -0.3 ? "end" : "middle"
            let left = anchor == "start" ? point.x + dx : anchor == "end" ? point.x + dx - w : point.x + dx - w / 2
            let top = direction.y > 0.3 ? point.y + dy : direction.y < -0.3 ? point.y + dy - h : point.y + dy - h / 2
            let x = anchor == "start" ? left + 2 : anchor == "end" ? left + w - 2 : left + w / 2
            let baseline = top + 1 + 0.8 * (block.lines.first?.size ?? 12)
            return PlacedBlock(
                block: block, anchor: anchor, x: x, firstBaseline: baseline,
                box: Box(left: left, right: left + w, top: top, bottom: top + h), needsLeader: distance > 14)
        }
    }

    /// Places `text` (11 px) on the line from `from` to `to`: at its middle if that is free,
    /// else at the free point nearest the middle, else just beside the line (9 px off it);
    /// nil when none of these is free.
    mutating func placeOnLine(_ text: String, from: (x: Double, y: Double), to: (x: Double, y: Double)) -> PlacedText? {
        let size = 11.0
        let w = Self.textWidth(text, size: size) + 4
        let length = max(((to.x - from.x) * (to.x - from.x) + (to.y - from.y) * (to.y - from.y)).squareRoot(), 1)
        // A unit normal of the line: labels that find no room on it may sit just beside it.
        let normal = (x: -(to.y - from.y) / length, y: (to.x - from.x) / length)
        let shares = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82]
        let spots: [(share: Double, offset: Double)] = [0.0, 9, -9].flatMap { offset in shares.map { ($0, offset) } }
        for (share, offset) in spots {
            let x = from.x + (to.x - from.x) * share + normal.x * offset
            let y = from.y + (to.y - from.y) * share + normal.y * offset
            let box = Box(left: x - w / 2, right: x + w / 2, top: y - 0.8 * size - 1, bottom: y + 0.2 * size + 1)
            let baselineShift = 0.3 * size
            let shifted = Box(left: box.left, right: box.right, top: box.top + baselineShift, bottom: box.bottom + baselineShift)
            guard shifted.left >= 2, shifted.right <= width - 2, shifted.top >= top + 2, shifted.bottom <= bottom - 2 else { continue }
            guard !taken.contains(where: { $0.overlaps(shifted) }) else { continue }
            taken.append(shifted)
            return PlacedText(text: text, x: x, y: y + baselineShift)
        }
        return nil
    }
}
