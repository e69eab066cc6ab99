import Foundation

extension SVGChart {
    /// Where a chart's parts go, in pixels from the canvas's top-left corner, and the maps
    /// from data values to pixels. Text widths are estimated at 0.6 em per character.
    ///
    /// Invariants: `plotLeft < plotRight` and `plotTop < plotBottom` by at least 10 pixels;
    /// the data is drawn between `dataTop` and `plotBottom`, below the band that holds the
    /// labels of windows and markers, so a label never hides a line.
    struct Frame {
        let width: Double
        let height: Double
        let xLog: Bool
        let yLog: Bool
        let xTicks: [(value: Double, label: String)]
        let yTicks: [(value: Double, label: String)]
        let tickFont = 12.0
        let plotLeft: Double
        let plotRight: Double
        let plotTop: Double
        let plotBottom: Double
        let plotWidth: Double
        let plotHeight: Double
        /// Each shown series' legend entry: its left edge and its row (rows wrap).
        let legendItems: [(x: Double, row: Int)]
        /// Where the "+N more not shown" note goes, after the last entry.
        let hiddenNote: (x: Double, row: Int)
        /// Data is inset from the frame, so a line at the edge of a range (a CDF reaching 1,
        /// a fraction of 0 at the first x) stays visible instead of merging with the frame.
        let inset = 6.0
        private let tyLow: Double
        private let tyHigh: Double
        private let txLow: Double
        private let txSpan: Double
        /// The labels of windows and markers, packed into rows at the top of the plot.
        private(set) var labels: [(text: String, left: Double, row: Int, isWindow: Bool)] = []
        private(set) var dataTop = 0.0
        private var dataHeight = 0.0

        /// `width` and `height` are the canvas's size in pixels, already raised to their minimums.
        init(_ spec: ChartSpec, shown: [LineSeries], width: Double, height: Double) {
            self.width = width
            self.height = height
            xLog = spec.xLog
            yLog = spec.yLog
            let (xLow, xHigh) = spec.xRange.map { ($0.lowerBound, $0.upperBound) } ?? xDomain(spec, series: shown)
            let (yLow, yHigh) = Frame.yRange(spec, shown: shown)
            xTicks =
                spec.xTicks?.filter { $0.value >= xLow && $0.value <= xHigh } ?? spec.xCategories.map { categoryTicks($0) }
                ?? ticks(low: xLow, high: xHigh, log: spec.xLog)
            yTicks = ticks(low: yLow, high: yHigh, log: spec.yLog)
            (tyLow, tyHigh) = spec.yLog ? (log10(yLow), log10(yHigh)) : (yLow, yHigh)

            let yTickChars = yTicks.map { $0.label.count }.max() ?? 1
            plotLeft = 30 + Double(yTickChars) * tickFont * 0.6 + 10
            plotRight = width - 20
            let legend = Frame.legendLayout(shown, plotLeft: plotLeft, plotRight: plotRight)
            legendItems = legend.items
            hiddenNote = legend.hiddenNote
            plotTop = 44.0 + Double(legend.rows) * 18 + (legend.rows > 0 ? 4 : 0)
            plotBottom = height - 52
            plotWidth = Swift.max(plotRight - plotLeft, 10)
            plotHeight = Swift.max(plotBottom - plotTop, 10)
            txLow = xLog ? log10(xLow) : xLow
            txSpan = (xLog ? log10(xHigh) : xHigh) - txLow

            // The label band's height depends on where px puts the labels, and the data's
            // height (which py needs) on the band's.
            labels = placeLabels(spec, px: px, usableX: usableX, plotLeft: plotLeft, plotRight: plotRight)
            let labelBand = labels.isEmpty ? 0 : Double((labels.map(\.row).max() ?? 0) + 1) * 16 + 6
            dataTop = plotTop + Swift.min(labelBand, plotHeight / 2)
            dataHeight = Swift.max(plotBottom - dataTop, 10)
        }

        /// The y axis's limits: the fixed range, else the data's (on a log axis widened to
        /// m × 10^k), kept inside `yClamp` when one is given.
        private static func yRange(_ spec: ChartSpec, shown: [LineSeries]) -> (Double, Double) {
            if let range = spec.yRange {
                return range.lowerBound < range.upperBound ? (range.lowerBound, range.upperBound) : widen(range.lowerBound)
            }
            var (low, high) = spec.yLog ? logDomain(shown.flatMap { $0.points.map(\.y) }) : yDomain(shown)
            if let clamp = spec.yClamp {
                low = Swift.max(low, clamp.lowerBound)
                high = Swift.min(high, clamp.upperBound)
                if low >= high { (low, high) = (clamp.lowerBound, clamp.upperBound) }
            }
            return (low, high)
        }

        /// The legend: a row (wrapping) between the title and the plot, so the plot keeps the
        /// full width whatever the names' lengths. `rows` is 0 when no series is shown.
        private static func legendLayout(
            _ shown: [LineSeries], plotLeft: Double, plotRight: Double
        ) -> (items: [(x: Double, row: Int)], hiddenNote: (x: Double, row: Int), rows: Int) {
            var items: [(x: Double, row: Int)] = []
            var cursor = plotLeft
            var row = 0
            for series in shown {
                let itemWidth = 28 + Double(legendName(series.name).count) * 12 * 0.6 + 18
                if cursor > plotLeft, cursor + itemWidth > plotRight {
                    row += 1
                    cursor = plotLeft
                }
                items.append((cursor, row))
                cursor += itemWidth
            }
            return (items, (cursor, row), shown.isEmpty ? 0 : row + 1)
        }

        /// The top of row `row` of the label band (rows are 16 pixels, 11-pixel text).
        func labelTop(row: Int) -> Double { plotTop + 4 + Double(row) * 16 }

        /// Whether an x value can be drawn: finite, and positive on a log axis.
        func usableX(_ v: Double) -> Bool { v.isFinite && (!xLog || v > 0) }

        /// The pixel column of an x value.
        func px(_ v: Double) -> Double {
            let tx = xLog ? log10(v) : v
            return clampPixel(plotLeft + inset + (tx - txLow) / txSpan * (plotWidth - 2 * inset))
        }

        /// The pixel row of a y value.
        func py(_ v: Double) -> Double {
            let ty = yLog ? log10(Swift.max(v, 1e-300)) : v
            return clampPixel(plotBottom - inset - (ty - tyLow) / (tyHigh - tyLow) * (dataHeight - 2 * inset))
        }
    }
}
