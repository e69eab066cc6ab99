// The long form of --rtt-matrix: one row per measured link, with percentile columns.
//
//     from,to,p50,p75,p95,p99,p99.9
//     us-east,us-west,62.1,62.6,64.0,71.5,130
//     us-east,eu-central,88.0,88.4,90.2,97.0,180
//
// p50 is required and is the round trip used; every other column is named pNN (a level
// above 50, `p99.9`). A cell may be empty (not measured); the figures of a row must not
// decrease from one level to the next. A pair given both ways keeps each way's p50, as in
// the matrix form.

extension RoundTripMatrix {
    /// The quantile level of a column name: `p99.9` → 0.999; nil unless pNN with
    /// 0 < NN < 100.
    static func level(ofColumn name: String) -> Double? {
        let lower = name.lowercased()
        guard lower.hasPrefix("p"), let percent = NumberText.decimal(String(lower.dropFirst())), percent > 0, percent < 100 else { return nil }
        return percent / 100
    }

    /// The most percentile columns a file may have: p50 and eleven above it (the EC2 data
    /// has seven). Each is a knot the jitter fit adjusts, and the fit's work grows faster
    /// than their count.
    static let maximumLevels = 12

    static func parseLongForm(_ lines: [String], file: String) throws(InputError) -> RoundTripMatrix {
        let header = cells(lines[0])
        guard header.count - 2 <= maximumLevels else {
            throw InputError(
                file: file, location: "line 1",
                message: "\(header.count - 2) percentile columns; at most \(maximumLevels) (p50 and up to \(maximumLevels - 1) levels above it) are read")
        }
        var levels: [Double] = []
        for (index, name) in header.enumerated().dropFirst(2) {
            guard let level = level(ofColumn: name), level >= 0.5, !levels.contains(level) else {
                throw InputError(
                    file: file, location: "line 1, column \(index + 1)",
                    message: "'\(name.excerpt())' is not a percentile column: expected p50, then levels above it such as p90, p99, p99.9, each once")
            }
            guard level > (levels.last ?? 0) else {
                throw InputError(
                    file: file, location: "line 1, column \(index + 1)", message: "percentile columns must ascend: \(name) comes after a higher one")
            }
            levels.append(level)
        }
        guard levels.first == 0.5 else {
            throw InputError(
                file: file, location: "line 1", message: "expected from,to,p50 and optional higher percentiles (p90,p99,...): p50 is the round trip")
        }
        var rows: [(from: String, to: String, figures: [Double?], line: Int)] = []
        for (offset, line) in lines.dropFirst().enumerated() where !line.trimmingSpaces.isEmpty {
            let lineNumber = offset + 2
            let row = cells(line)
            guard row.count >= 3, row.count <= header.count, !row[0].isEmpty, !row[1].isEmpty else {
                throw InputError(file: file, location: "line \(lineNumber)", message: "expected from,to and \(levels.count) figure(s) in ms")
            }
            guard row[0].lowercased() != row[1].lowercased() else {
                throw InputError(file: file, location: "line \(lineNumber)", message: "'\(row[0].excerpt())' to itself: list links between two regions")
            }
            let figures = try figures(row, levels: levels, header: header, line: lineNumber, file: file)
            rows.append((row[0], row[1], figures, lineNumber))
        }
        return try assemble(rows, levels: levels, file: file)
    }

    /// A row's figures in ms (nil where empty), checked positive and non-decreasing.
    private static func figures(_ row: [String], levels: [Double], header: [String], line: Int, file: String) throws(InputError) -> [Double?] {
        var figures: [Double?] = []
        var previous: (name: String, value: Double)?
        for (offset, _) in levels.enumerated() {
            let column = offset + 2
            let cell = column < row.count ? row[column] : ""
            if cell.isEmpty {
                guard offset > 0 else {
                    throw InputError(file: file, location: "line \(line), column 3", message: "p50 is empty: it is the round trip, and is required")
                }
                figures.append(nil)
                continue
            }
            guard let value = NumberText.decimal(cell), value.isFinite, value >= 0.000_001, value <= 3_600_000 else {
                throw InputError(
                    file: file, location: "line \(line), column \(column + 1)",
                    message: "'\(cell.excerpt())' (\(header[column])) must be a number of milliseconds from 0.000001 (1 ns) to 3600000")
            }
            if let previous, value < previous.value {
                throw InputError(
                    file: file, location: "line \(line), column \(column + 1)",
                    message: "\(header[column]) \(cell) ms is below \(previous.name) \(JSONWriter.format(previous.value)) ms: percentiles cannot decrease")
            }
            previous = (header[column], value)
            figures.append(value)
        }
        return figures
    }

    /// The matrix of the long form's rows: names in order of first appearance.
    private static func assemble(
        _ rows: [(from: String, to: String, figures: [Double?], line: Int)], levels: [Double], file: String
    ) throws(InputError) -> RoundTripMatrix {
        var names: [String] = []
        func index(_ name: String) -> Int {
            if let found = names.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return found }
            names.append(name)
            return names.count - 1
        }
        let pairs = rows.map { (index($0.from), index($0.to)) }
        guard names.count <= maximumRegions else { throw InputError(file: file, location: "", message: "more than \(maximumRegions) regions") }
        var matrix = RoundTripMatrix(names: names, roundTrips: Array(repeating: nil, count: names.count * names.count))
        matrix.shapes = Array(repeating: nil, count: names.count * names.count)
        for (row, (from, to)) in zip(rows, pairs) {
            let cell = from * names.count + to
            guard matrix.roundTrips[cell] == nil else {
                throw InputError(file: file, location: "line \(row.line)", message: "a second row for \(row.from) to \(row.to)")
            }
            guard let median = row.figures[0] else { continue }
            matrix.roundTrips[cell] = Nanoseconds((median * 1_000_000).rounded())
            let shape = zip(levels, row.figures).dropFirst().compactMap { level, figure in figure.map { (level: level, ratio: $0 / median) } }
            matrix.shapes[cell] = shape.isEmpty ? nil : shape
        }
        return matrix
    }

    /// Per unordered pair (i < j) of `topology`'s regions, the measured shape above the
    /// median: one way's, or where both ways were measured, the mean of both at the
    /// levels they share (a round trip crosses both ways, as the catalog's averages do).
    func measuredShapes(for topology: Topology) -> [(i: Int, j: Int, levels: [Double], ratios: [Double])] {
        guard !shapes.isEmpty else { return [] }
        let columns = topology.regions.map(column(of:))
        var result: [(i: Int, j: Int, levels: [Double], ratios: [Double])] = []
        for i in topology.regions.indices {
            for j in topology.regions.indices where j > i {
                guard let a = columns[i], let b = columns[j] else { continue }
                let there = shapes[a * names.count + b]
                let back = shapes[b * names.count + a]
                var combined: [(level: Double, ratio: Double)]
                if let there, let back {
                    combined = there.compactMap { point in back.first { $0.level == point.level }.map { (point.level, (point.ratio + $0.ratio) / 2) } }
                } else {
                    combined = there ?? back ?? []
                }
                combined.removeAll { $0.level <= 0.5 }
                if !combined.isEmpty { result.append((i, j, combined.map(\.level), combined.map(\.ratio))) }
            }
        }
        return result
    }
}
