import Foundation

// The chart's parts, each drawn onto the document in the order `render` calls them: later
// parts paint over earlier ones.
extension SVGChart {
    /// The XML declaration, the root element, the plot's clip path, the white background
    /// and the title.
    static func drawPreamble(_ svg: inout SVGText, _ spec: ChartSpec, frame: Frame, clipID: String) {
        let width = Int(frame.width)
        let height = Int(frame.height)
        svg.line(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        svg.line(
            ##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\##(width)" height="\##(height)" viewBox="0 0 \##(width) \##(height)" font-family="sans-serif">"##
        )
        svg.line("<title>\(escape(spec.title))</title>")
        svg.line(
            ##"<defs><clipPath id="\##(clipID)"><rect x="\##(n(frame.plotLeft))" y="\##(n(frame.plotTop))" width="\##(n(frame.plotWidth))" height="\##(n(frame.plotHeight))"/></clipPath></defs>"##
        )
        svg.line(##"<rect x="0" y="0" width="\##(width)" height="\##(height)" fill="#FFFFFF" class="chart-bg"/>"##)
        svg.line(
            ##"<text x="\##(n(frame.width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold" fill="\##(textColor)" class="chart-text">\##(escape(spec.title))</text>"##
        )
    }

    /// Shaded windows, beneath everything else in the plot.
    static func drawWindows(_ svg: inout SVGText, _ spec: ChartSpec, frame: Frame, clipID: String) {
        svg.line(##"<g clip-path="url(#\##(clipID))">"##)
        for window in spec.shadedWindows where frame.usableX(window.from) && frame.usableX(window.to) {
            let left = frame.px(Swift.min(window.from, window.to))
            let right = frame.px(Swift.max(window.from, window.to))
            svg.line(
                ##"<rect x="\##(n(left))" y="\##(n(frame.plotTop))" width="\##(n(Swift.max(right - left, 1)))" height="\##(n(frame.plotHeight))" fill="#7F7F7F" fill-opacity="0.16" class="chart-window"/>"##
            )
        }
        svg.line("</g>")
    }

    /// Grid lines and tick labels on both axes.
    static func drawGrid(_ svg: inout SVGText, frame: Frame) {
        let (plotLeft, plotRight, plotTop, plotBottom) = (frame.plotLeft, frame.plotRight, frame.plotTop, frame.plotBottom)
        for tick in frame.yTicks {
            let y = frame.py(tick.value)
            svg.line(
                ##"<line x1="\##(n(plotLeft))" y1="\##(n(y))" x2="\##(n(plotRight))" y2="\##(n(y))" stroke="#E3E3E3" stroke-width="1" class="chart-grid"/>"##)
            svg.line(
                ##"<text x="\##(n(plotLeft - 8))" y="\##(n(y + 4))" text-anchor="end" font-size="\##(n(frame.tickFont))" fill="\##(textColor)" class="chart-text">\##(escape(tick.label))</text>"##
            )
        }
        for tick in frame.xTicks {
            let x = frame.px(tick.value)
            svg.line(
                ##"<line x1="\##(n(x))" y1="\##(n(plotTop))" x2="\##(n(x))" y2="\##(n(plotBottom))" stroke="#E3E3E3" stroke-width="1" class="chart-grid"/>"##)
            svg.line(
                ##"<line x1="\##(n(x))" y1="\##(n(plotBottom))" x2="\##(n(x))" y2="\##(n(plotBottom + 5))" stroke="#444444" stroke-width="1" class="chart-axis"/>"##
            )
            svg.line(
                ##"<text x="\##(n(x))" y="\##(n(plotBottom + 19))" text-anchor="middle" font-size="\##(n(frame.tickFont))" fill="\##(textColor)" class="chart-text">\##(escape(tick.label))</text>"##
            )
        }
    }

    /// Bands, then lines (dotted when short), clipped to the plot.
    static func drawData(_ svg: inout SVGText, shown: [LineSeries], frame: Frame, clipID: String) {
        svg.line(##"<g clip-path="url(#\##(clipID))">"##)
        for (index, series) in shown.enumerated() {
            guard let band = series.band else { continue }
            let usable = band.filter { frame.usableX($0.x) && $0.low.isFinite && $0.high.isFinite }
            guard usable.count >= 2 else { continue }
            let upper = usable.map { "\(n(frame.px($0.x))),\(n(frame.py($0.high)))" }
            let lower = usable.reversed().map { "\(n(frame.px($0.x))),\(n(frame.py($0.low)))" }
            svg.line(
                ##"<polygon points="\##((upper + lower).joined(separator: " "))" fill="currentColor" color="\##(color(index))" class="chart-s\##(index % palette.count)" fill-opacity="0.2" stroke="none"/>"##
            )
        }
        for (index, series) in shown.enumerated() {
            for run in runs(of: series.points, usableX: frame.usableX) {
                if series.isReference {
                    let coordinates = run.map { "\(n(frame.px($0.x))),\(n(frame.py($0.y)))" }.joined(separator: " ")
                    svg.line(
                        ##"<polyline points="\##(coordinates)" fill="none" stroke="\##(mutedTextColor)" class="chart-reference" stroke-width="1.5" stroke-dasharray="6 4"/>"##
                    )
                } else if run.count == 1, let point = run.first {
                    svg.line(
                        ##"<circle cx="\##(n(frame.px(point.x)))" cy="\##(n(frame.py(point.y)))" r="3.5" fill="currentColor" color="\##(color(index))" class="chart-s\##(index % palette.count)"/>"##
                    )
                } else if run.count > 1 {
                    let coordinates = run.map { "\(n(frame.px($0.x))),\(n(frame.py($0.y)))" }.joined(separator: " ")
                    svg.line(
                        ##"<polyline points="\##(coordinates)" fill="none" stroke="currentColor" color="\##(color(index))" class="chart-s\##(index % palette.count)" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>"##
                    )
                    // A short line (a sweep's points, a coarse grid): dots show where the data is.
                    if series.points.count <= maxDottedPoints {
                        for point in run {
                            svg.line(
                                ##"<circle cx="\##(n(frame.px(point.x)))" cy="\##(n(frame.py(point.y)))" r="3" fill="currentColor" color="\##(color(index))" class="chart-s\##(index % palette.count)"/>"##
                            )
                        }
                    }
                }
            }
        }
        svg.line("</g>")
    }

    /// Markers as dashed verticals, then their labels and the windows' labels in the band
    /// above the data. A marker's line starts below every label it would cross (a window's
    /// label spanning it), so no label is struck through.
    static func drawMarkers(_ svg: inout SVGText, _ spec: ChartSpec, frame: Frame) {
        for marker in spec.markers where frame.usableX(marker.x) {
            let x = frame.px(marker.x)
            let crossed = frame.labels.filter { $0.left <= x && x <= $0.left + labelWidth($0.text) }.map(\.row).max()
            let top = crossed.map { frame.labelTop(row: $0 + 1) } ?? frame.plotTop
            svg.line(
                ##"<line x1="\##(n(x))" y1="\##(n(top))" x2="\##(n(x))" y2="\##(n(frame.plotBottom))" stroke="#333333" stroke-width="1.2" stroke-dasharray="5 4" class="chart-marker"/>"##
            )
        }
        for label in frame.labels {
            let top = frame.labelTop(row: label.row)
            svg.line(
                ##"<text x="\##(n(label.left + 3))" y="\##(n(top + 11))" font-size="11"\##(label.isWindow ? " font-style=\"italic\"" : "") fill="\##(label.isWindow ? mutedTextColor : textColor)" class="\##(label.isWindow ? "chart-muted" : "chart-text")">\##(escape(label.text))</text>"##
            )
        }
    }

    /// The plot's frame and the axis labels (the y label rotated along the axis).
    static func drawAxes(_ svg: inout SVGText, _ spec: ChartSpec, frame: Frame) {
        svg.line(
            ##"<rect x="\##(n(frame.plotLeft))" y="\##(n(frame.plotTop))" width="\##(n(frame.plotWidth))" height="\##(n(frame.plotHeight))" fill="none" stroke="#444444" stroke-width="1" class="chart-axis"/>"##
        )
        svg.line(
            ##"<text x="\##(n(frame.plotLeft + frame.plotWidth / 2))" y="\##(n(frame.height - 12))" text-anchor="middle" font-size="13" fill="\##(textColor)" class="chart-text">\##(escape(spec.xLabel + (spec.xLog && spec.xTicks == nil ? " — log scale" : "")))</text>"##
        )
        let yLabelX = 18.0
        let yLabelY = frame.plotTop + frame.plotHeight / 2
        svg.line(
            ##"<text x="\##(n(yLabelX))" y="\##(n(yLabelY))" transform="rotate(-90 \##(n(yLabelX)) \##(n(yLabelY)))" text-anchor="middle" font-size="13" fill="\##(textColor)" class="chart-text">\##(escape(spec.yLabel))</text>"##
        )
    }

    /// One legend entry per shown series (a band swatch when it has a band), and a note
    /// saying how many series were left out.
    static func drawLegend(_ svg: inout SVGText, shown: [LineSeries], hidden: Int, frame: Frame) {
        for (index, series) in shown.enumerated() {
            let legendX = frame.legendItems[index].x
            let y = 50 + Double(frame.legendItems[index].row) * 18
            if series.isReference {
                svg.line(
                    ##"<line x1="\##(n(legendX))" y1="\##(n(y))" x2="\##(n(legendX + 22))" y2="\##(n(y))" stroke="\##(mutedTextColor)" class="chart-reference" stroke-width="1.5" stroke-dasharray="6 4"/>"##
                )
                svg.line(
                    ##"<text x="\##(n(legendX + 28))" y="\##(n(y + 4))" font-size="12" fill="\##(textColor)" class="chart-text">\##(escape(legendName(series.name)))</text>"##
                )
                continue
            }
            if series.band != nil {
                svg.line(
                    ##"<rect x="\##(n(legendX))" y="\##(n(y - 6))" width="22" height="12" fill="currentColor" color="\##(color(index))" class="chart-s\##(index % palette.count)" fill-opacity="0.2"/>"##
                )
            }
            svg.line(
                ##"<line x1="\##(n(legendX))" y1="\##(n(y))" x2="\##(n(legendX + 22))" y2="\##(n(y))" stroke="currentColor" color="\##(color(index))" class="chart-s\##(index % palette.count)" stroke-width="3"/>"##
            )
            svg.line(
                ##"<text x="\##(n(legendX + 28))" y="\##(n(y + 4))" font-size="12" fill="\##(textColor)" class="chart-text">\##(escape(legendName(series.name)))</text>"##
            )
        }
        if hidden > 0 {
            let y = 50 + Double(frame.hiddenNote.row) * 18
            svg.line(
                ##"<text x="\##(n(frame.hiddenNote.x))" y="\##(n(y + 4))" font-size="11" font-style="italic" fill="\##(mutedTextColor)" class="chart-muted">+\##(hidden) more not shown</text>"##
            )
        }
    }
}

/// Accumulates the document line by line ("\n" endings on every platform).
struct SVGText {
    var text = ""
    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}
