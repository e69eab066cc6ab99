import Foundation

/// One line on a chart: points joined in the given order, with an optional confidence
/// band (drawn as a translucent polygon between `low` and `high`, in the given x order).
public struct LineSeries: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    public var band: [(x: Double, low: Double, high: Double)]?
    /// A reference line (a bound, a target) rather than data: drawn dashed in the muted
    /// text colour, without dots.
    public var isReference = false

    public init(name: String, points: [(x: Double, y: Double)], band: [(x: Double, low: Double, high: Double)]? = nil) {
        self.name = name
        self.points = points
        self.band = band
    }
}

/// What to draw: labels (axis labels carry their unit, e.g. "latency (ms)"), up to eight
/// series, an optional logarithmic x axis, shaded x windows (e.g. fault windows on a
/// timeline) and vertical markers (e.g. leader changes).
public struct ChartSpec: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    public var xLog: Bool
    public var shadedWindows: [(from: Double, to: Double, label: String)]
    public var markers: [(x: Double, label: String)]
    /// A fixed y range (e.g. 0…1 for fractions), instead of one fitted to the data; values
    /// outside it are clipped.
    public var yRange: ClosedRange<Double>?
    /// A categorical x axis: x values are positions 0, 1, 2… into these names, which label
    /// the ticks (e.g. the values of a swept flag that are not numbers).
    public var xCategories: [String]?
    /// A logarithmic y axis (values ≤ 0 are not drawn), its limits widened to 1/2/5 × 10^k.
    public var yLog = false
    /// Fixed x limits, instead of the data's range (e.g. the percentiles of a tail chart).
    public var xRange: ClosedRange<Double>?
    /// Ticks of the x axis at these values with these labels, instead of computed ones.
    public var xTicks: [(value: Double, label: String)]?
    /// Limits a fitted y range may not leave (0…100 for percentages): the range still fits
    /// the data, but a confidence band past 100% does not stretch the axis beyond it.
    public var yClamp: ClosedRange<Double>?

    public init(
        title: String,
        xLabel: String,
        yLabel: String,
        series: [LineSeries],
        xLog: Bool = false,
        shadedWindows: [(from: Double, to: Double, label: String)] = [],
        markers: [(x: Double, label: String)] = [],
        yRange: ClosedRange<Double>? = nil,
        xCategories: [String]? = nil,
        yLog: Bool = false
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xLog = xLog
        self.shadedWindows = shadedWindows
        self.markers = markers
        self.yRange = yRange
        self.xCategories = xCategories
        self.yLog = yLog
    }
}

/// Renders a `ChartSpec` as a standalone SVG 1.1 document.
///
/// The output is deterministic: numbers are printed with fixed decimals by integer
/// arithmetic (no locale, no `String(format:)`), and everything is emitted in the order of
/// the spec. The chart has an explicit white background and dark text, so it reads the
/// same in light and dark viewers; no scripts, no external fonts (sans-serif).
///
/// Axes: the x domain is the data range (points, bands, windows, markers); the y domain is
/// the data range widened to multiples of the tick step. Linear ticks are 1/2/5 × 10^k;
/// a log x axis has ticks at 1/2/5 × 10^k within three decades, at powers of ten beyond.
/// Non-finite values are skipped, as are values ≤ 0 on a log axis; a point whose y is not
/// finite (a missing value) breaks its line, so gaps in the data show as gaps. Series
/// beyond the eighth are not drawn (the legend says how many were left out).
///
/// `idPrefix` prefixes the ids inside the document (the plot's clip path): several charts
/// inlined in one HTML page or notebook share one id space, so each needs its own prefix.
public enum SVGChart {
    /// Okabe–Ito colours, ordered so the ones that read worst on white (black and
    /// yellow, which also looks like the background in print) come last.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    static let maxSeries = 8
    /// Lines of at most this many points get a dot at each point.
    static let maxDottedPoints = 12
    static let textColor = "#222222"
    static let mutedTextColor = "#555555"

    public static func render(_ spec: ChartSpec, width: Int = 720, height: Int = 400, idPrefix: String = "") -> String {
        let shown = Array(spec.series.prefix(maxSeries))
        let frame = Frame(spec, shown: shown, width: Double(Swift.max(width, 200)), height: Double(Swift.max(height, 150)))
        let clipID = escape(idPrefix) + "plot-area"
        var svg = SVGText()
        drawPreamble(&svg, spec, frame: frame, clipID: clipID)
        drawWindows(&svg, spec, frame: frame, clipID: clipID)
        drawGrid(&svg, frame: frame)
        drawData(&svg, shown: shown, frame: frame, clipID: clipID)
        drawMarkers(&svg, spec, frame: frame)
        drawAxes(&svg, spec, frame: frame)
        drawLegend(&svg, shown: shown, hidden: spec.series.count - shown.count, frame: frame)
        svg.line("</svg>")
        return svg.text
    }

    /// The stretches of `points` to draw as one line each: points with an unusable x are
    /// skipped, and a point whose y is not finite ends the stretch (a gap in the data).
    static func runs(of points: [(x: Double, y: Double)], usableX: (Double) -> Bool) -> [[(x: Double, y: Double)]] {
        var result: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for point in points where usableX(point.x) {
            if point.y.isFinite {
                current.append(point)
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Where the labels of windows and markers go: a window's label starts at its left
    /// edge; a marker's label sits right of its line, or left of it when it would leave the
    /// plot. Taken from left to right, each label goes in the first row (from the top)
    /// where it clears the labels already there.
    static func placeLabels(
        _ spec: ChartSpec, px: (Double) -> Double, usableX: (Double) -> Bool,
        plotLeft: Double, plotRight: Double
    ) -> [(text: String, left: Double, row: Int, isWindow: Bool)] {
        var wanted: [(text: String, left: Double, width: Double, isWindow: Bool)] = []
        for window in spec.shadedWindows where usableX(window.from) && usableX(window.to) && !window.label.isEmpty {
            let width = labelWidth(window.label)
            let left = Swift.min(Swift.max(px(Swift.min(window.from, window.to)), plotLeft), plotRight - width)
            wanted.append((window.label, left, width, true))
        }
        for marker in spec.markers where usableX(marker.x) && !marker.label.isEmpty {
            let x = px(marker.x)
            guard x >= plotLeft, x <= plotRight else { continue }
            let width = labelWidth(marker.label)
            wanted.append((marker.label, x + width + 3 <= plotRight ? x + 3 : x - 3 - width, width, false))
        }
        var rowEnds: [Double] = []  // per row, the right edge of its last label
        var placed: [(text: String, left: Double, row: Int, isWindow: Bool)] = []
        let byPosition = wanted.enumerated().sorted { ($0.element.left, $0.offset) < ($1.element.left, $1.offset) }.map(\.element)
        for label in byPosition {
            let row = rowEnds.firstIndex { $0 < label.left } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(label.left + label.width) } else { rowEnds[row] = label.left + label.width }
            placed.append((label.text, label.left, row, label.isWindow))
        }
        return placed
    }

    /// The width in pixels a label of the band above the plot takes: 11-pixel text at
    /// 0.6 em per character, and 6 pixels of room.
    static func labelWidth(_ text: String) -> Double { Double(text.count) * 11 * 0.6 + 6 }

    // MARK: - Domains and ticks

    /// Ticks of a categorical axis: one per category at its position, thinned to every
    /// k-th when there are more than twelve, so the labels do not run into each other.
    static func categoryTicks(_ categories: [String]) -> [(value: Double, label: String)] {
        let every = Swift.max(1, Int((Double(categories.count) / 12).rounded(.up)))
        return categories.indices.filter { $0 % every == 0 }.map { (Double($0), categories[$0]) }
    }

    /// The x range of everything drawn along x; a degenerate or empty range is widened.
    /// A categorical axis spans its positions with a margin of 0.3 on each side.
    static func xDomain(_ spec: ChartSpec, series: [LineSeries]) -> (Double, Double) {
        if let categories = spec.xCategories {
            return (-0.3, Double(Swift.max(categories.count, 1) - 1) + 0.3)
        }
        var values: [Double] = []
        for line in series {
            values += line.points.map(\.x)
            values += (line.band ?? []).map(\.x)
        }
        values += spec.shadedWindows.flatMap { [$0.from, $0.to] }
        values += spec.markers.map(\.x)
        let usable = values.filter { $0.isFinite && (!spec.xLog || $0 > 0) }
        guard let low = usable.min(), let high = usable.max() else { return spec.xLog ? (1, 10) : (0, 1) }
        // A log axis reaches out to the 1/2/5 × 10^k around the data, so its first tick sits
        // at or below the smallest value (0.2 ms under reads of 0.3 ms), not a decade above.
        if spec.xLog { return logDomain(usable) }
        if low < high { return (low, high) }
        return widen(low)
    }

    /// The range of the positive finite `values` for a log axis: from the largest
    /// m × 10^k (m = 1…9) at or below the least value to the smallest one at or above the
    /// greatest; (1, 10) without such values.
    static func logDomain(_ values: [Double]) -> (Double, Double) {
        let usable = values.filter { $0.isFinite && $0 > 0 }
        guard let low = usable.min(), let high = usable.max() else { return (1, 10) }
        func nice(_ value: Double, up: Bool) -> Double {
            let decade = power10(Int(log10(value).rounded(.down)))
            let steps = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10].map { $0 * decade }
            if up { return steps.first { $0 >= value * (1 - 1e-9) } ?? 10 * decade }
            return steps.last { $0 <= value * (1 + 1e-9) } ?? decade
        }
        let (niceLow, niceHigh) = (nice(low, up: false), nice(high, up: true))
        return niceLow < niceHigh ? (niceLow, niceHigh) : (niceLow / 2, niceHigh * 2)
    }

    /// The y range of the points and bands, widened outwards to multiples of the tick step.
    static func yDomain(_ series: [LineSeries]) -> (Double, Double) {
        var values: [Double] = []
        for line in series {
            values += line.points.map(\.y)
            values += (line.band ?? []).flatMap { [$0.low, $0.high] }
        }
        let usable = values.filter(\.isFinite)
        guard let dataLow = usable.min(), let dataHigh = usable.max() else { return (0, 1) }
        let (low, high) = dataLow < dataHigh ? (dataLow, dataHigh) : widen(dataLow)
        let step = niceStep((high - low) / 5)
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    static func widen(_ value: Double) -> (Double, Double) {
        let pad = value == 0 ? 1 : Swift.abs(value) * 0.1
        return (value - pad, value + pad)
    }

    /// The 1, 2, 5 or 10 × 10^k geometrically nearest to `rough` (positive, finite), so a
    /// range split into five rough steps gets between about 3.5 and 7 ticks.
    static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let magnitude = power10(Int(log10(rough).rounded(.down)))
        let residual = rough / magnitude
        if residual >= 7.07 { return 10 * magnitude }
        if residual >= 3.16 { return 5 * magnitude }
        if residual >= 1.41 { return 2 * magnitude }
        return magnitude
    }

    /// Ticks within [low, high] with their labels. Linear: multiples of a 1/2/5 × 10^k
    /// step, about five of them. Log: 1/2/5 × 10^k (powers of ten only when the range
    /// spans more than three decades; 1…9 × 10^k when the range is too narrow for two).
    static func ticks(low: Double, high: Double, log: Bool) -> [(value: Double, label: String)] {
        guard low.isFinite, high.isFinite, low < high else { return [] }
        if !log {
            let step = niceStep((high - low) / 5)
            let exponent = Int(log10(step).rounded(.down))
            let decimals = Swift.max(0, -exponent)
            let first = Int((low / step - 1e-9).rounded(.up))
            let last = Int((high / step + 1e-9).rounded(.down))
            guard first <= last, last - first <= 100 else { return [] }
            return (first...last).map { index in
                let value = Double(index) * step
                return (value, fixed(value, decimals))
            }
        }
        guard low > 0 else { return [] }
        let lowDecade = Int(log10(low).rounded(.down))
        let highDecade = Int(log10(high).rounded(.up))
        let span = log10(high) - log10(low)
        func logTicks(_ mantissas: [Double], every: Int) -> [(value: Double, label: String)] {
            var result: [(value: Double, label: String)] = []
            for decade in lowDecade...highDecade where (decade - lowDecade) % every == 0 {
                for mantissa in mantissas {
                    let value = mantissa * power10(decade)
                    if value >= low * (1 - 1e-9), value <= high * (1 + 1e-9) {
                        result.append((value, fixed(value, Swift.max(0, -decade))))
                    }
                }
            }
            return result
        }
        if span > 3 { return logTicks([1], every: Swift.max(1, Int((span / 8).rounded(.up)))) }
        let coarse = logTicks([1, 2, 5], every: 1)
        // Under a decade, two 1/2/5 ticks leave most of the axis unlabelled (60…320 ms
        // would show only 100 and 200): use 1…9 × 10^k there.
        if coarse.count >= 3 || (coarse.count == 2 && span >= 1) { return coarse }
        let fine = logTicks([1, 2, 3, 4, 5, 6, 7, 8, 9], every: 1)
        // A range narrower than one step of 1…9 × 10^k gets linear 1/2/5 ticks.
        return fine.count >= 2 ? fine : ticks(low: low, high: high, log: false)
    }

    /// 10^exponent, exact for the exponents charts use.
    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.min(Swift.abs(exponent), 300) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    // MARK: - Text

    /// `value` with exactly `decimals` decimals (0…9), by integer arithmetic: no locale,
    /// no "-0". Non-finite values print as "0"; magnitudes are clamped to ±9e18 / 10^decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let decimals = Swift.min(Swift.max(decimals, 0), 9)
        guard value.isFinite else { return "0" }
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Swift.min(Swift.max((value * Double(scale)).rounded(), -9e18), 9e18)
        let integer = Int64(scaled)
        let magnitude = integer.magnitude
        var text = integer < 0 ? "-" : ""
        text += String(magnitude / scale)
        if decimals > 0 {
            let fraction = String(magnitude % scale)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// A pixel coordinate with two decimals.
    static func n(_ value: Double) -> String { fixed(value, 2) }

    /// Keeps coordinates of far-off-range values printable; clipping hides them anyway.
    static func clampPixel(_ value: Double) -> Double {
        value.isFinite ? Swift.min(Swift.max(value, -1e6), 1e6) : 0
    }

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// Legend names longer than 32 characters are shortened with an ellipsis.
    static func legendName(_ name: String) -> String {
        name.count > 32 ? String(name.prefix(31)) + "…" : name
    }

    /// XML character data / attribute text: escapes & < > " ' and drops the control
    /// characters XML 1.0 does not allow (all below U+0020 except tab, newline, return).
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
