/// Round trips one measured oneself (`--rtt-matrix FILE.csv`), used instead of the
/// catalog's between the topology's regions.
///
/// The file is a CSV matrix in milliseconds: the header row names the columns' regions
/// after an empty (or `region`) first cell, and each row starts with its region's name:
///
///     region,us-east,us-west,eu-central
///     us-east,,62.3,88.1
///     us-west,62.9,,141.0
///     eu-central,88.4,141.2,
///
/// Row A, column B is the round trip measured from A to B. The diagonal and empty cells
/// are unmeasured. A pair measured one way only is used both ways; measured both ways,
/// each way keeps its own figure (the simulator takes half of it as that way's one-way
/// latency), so the matrix need not be symmetric. Values must be positive, finite
/// numbers of milliseconds. Every pair of the topology's regions must be measured one
/// way or the other: the missing pairs are named.
///
/// A file whose header starts `from,to` is the long form instead, with percentile
/// columns (`RoundTripMatrix+Percentiles`): its p50 is the round trip, and the others
/// give each link its own tail under `--jitter measured`.
public struct RoundTripMatrix: Sendable, Equatable {
    /// The regions as the file names them, in column order.
    public var names: [String]
    /// Row-major `names.count²` round trips (ns); nil where unmeasured.
    public var roundTrips: [Nanoseconds?]
    /// Long form only: row-major, the measured percentiles above the median of each
    /// ordered pair, as (level, round trip over the median) ascending; nil where none.
    public var shapes: [[(level: Double, ratio: Double)]?] = []

    public static func == (a: RoundTripMatrix, b: RoundTripMatrix) -> Bool {
        a.names == b.names && a.roundTrips == b.roundTrips && a.shapes.count == b.shapes.count
            && zip(a.shapes, b.shapes).allSatisfy { left, right in
                left?.map(\.level) == right?.map(\.level) && left?.map(\.ratio) == right?.map(\.ratio)
            }
    }

    /// The largest file read, as for other input files.
    static let maximumRegions = 1024

    public static func load(path: String) throws(InputError) -> RoundTripMatrix {
        let bytes = try InputFile.read(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(file: path, location: "", message: "not UTF-8 text; expected a CSV matrix of round trips in ms")
        }
        return try parse(text, file: path)
    }

    /// Parses the CSV `text` of `file` (named in errors with line and column).
    public static func parse(_ text: String, file: String) throws(InputError) -> RoundTripMatrix {
        // Spreadsheets often start a UTF-8 CSV with a byte-order mark.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // "\r\n" is one Character in Swift: split on every kind of line end.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.trimmingSpaces.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw InputError(file: file, location: "line 1", message: "empty file; expected a header row of region names") }
        let headerCells = cells(header)
        guard headerCells.count > 1 || !header.contains(";") else {
            throw InputError(file: file, location: "line 1", message: "cells are separated by ';': separate them with commas")
        }
        if headerCells.count >= 2, headerCells[0].lowercased() == "from", headerCells[1].lowercased() == "to" {
            return try parseLongForm(lines, file: file)
        }
        guard let corner = headerCells.first, corner.isEmpty || corner.lowercased() == "region" else {
            throw InputError(file: file, location: "line 1, column 1", message: "expected an empty first cell (or 'region') before the region names")
        }
        let names = Array(headerCells.dropFirst())
        guard !names.isEmpty, names.count <= maximumRegions else {
            throw InputError(file: file, location: "line 1", message: "expected 1 to \(maximumRegions) region names after the first cell")
        }
        for (index, name) in names.enumerated() where name.isEmpty || names[..<index].contains(where: { $0.lowercased() == name.lowercased() }) {
            throw InputError(
                file: file, location: "line 1, column \(index + 2)",
                message: name.isEmpty ? "a region name is empty" : "region '\(name.excerpt())' is named twice")
        }
        var matrix = RoundTripMatrix(names: names, roundTrips: Array(repeating: nil, count: names.count * names.count))
        var seenRows = Set<Int>()
        for (offset, line) in lines.dropFirst().enumerated() where !line.trimmingSpaces.isEmpty {
            let lineNumber = offset + 2
            let row = cells(line)
            guard let rowName = row.first, let from = names.firstIndex(where: { $0.lowercased() == rowName.lowercased() }) else {
                throw InputError(
                    file: file, location: "line \(lineNumber), column 1",
                    message: "'\((row.first ?? "").excerpt())' is not one of the header's regions (\(names.prefix(8).joined(separator: ", ")))")
            }
            guard seenRows.insert(from).inserted else { throw InputError(file: file, location: "line \(lineNumber)", message: "a second row for '\(rowName)'") }
            guard row.count <= names.count + 1 else {
                throw InputError(file: file, location: "line \(lineNumber)", message: "\(row.count - 1) values for \(names.count) regions")
            }
            for (column, cell) in row.enumerated().dropFirst() where !cell.isEmpty && column - 1 != from {
                guard let milliseconds = NumberText.decimal(cell), milliseconds.isFinite, milliseconds >= 0.000_001, milliseconds <= 3_600_000 else {
                    throw InputError(
                        file: file, location: "line \(lineNumber), column \(column + 1)",
                        message: "'\(cell.excerpt())' (\(rowName) to \(names[column - 1])) must be a number of milliseconds from 0.000001 (1 ns) to 3600000")
                }
                matrix.roundTrips[from * names.count + column - 1] = Nanoseconds((milliseconds * 1_000_000).rounded())
            }
        }
        return matrix
    }

    /// The column (and row) of `region`, named by its name, alias or code.
    func column(of region: Region) -> Int? {
        let spellings = [region.name, region.alias, region.code].compactMap { $0?.lowercased() }
        return names.firstIndex { spellings.contains($0.lowercased()) }
    }

    /// The cells of one CSV line, trimmed; a cell may be quoted ("us-east").
    static func cells(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { cell in
            var text = String(cell).trimmingSpaces
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text
        }
    }

    /// `topology` with its regions' round trips taken from the matrix: every pair must be
    /// measured at least one way. Errors name the file and the missing pairs, or the
    /// topology's regions the matrix lacks.
    public func applied(to topology: Topology, file: String) throws(InputError) -> Topology {
        let count = topology.regions.count
        let columns = topology.regions.compactMap(column(of:))
        let absent = topology.regions.filter { column(of: $0) == nil }.map(\.name)
        guard absent.isEmpty else {
            throw InputError(file: file, location: "line 1", message: "no row or column for the topology's region(s) \(absent.joined(separator: ", "))")
        }
        var result = topology
        result.roundTripSource = "measured round trips from \(file)"
        var missing: [String] = []
        for i in 0..<count {
            for j in (i + 1)..<max(count, i + 1) {
                let there = roundTrips[columns[i] * names.count + columns[j]]
                let back = roundTrips[columns[j] * names.count + columns[i]]
                guard let either = there ?? back else {
                    missing.append("\(topology.regions[i].name)–\(topology.regions[j].name)")
                    continue
                }
                result.roundTrips[i * count + j] = there ?? either
                result.roundTrips[j * count + i] = back ?? either
            }
        }
        for i in 0..<count {
            for j in 0..<count where i != j && result.roundTrips[i * count + j] < topology.fiberRoundTrip(fromRegion: i, toRegion: j) {
                let measured = DurationText.format(result.roundTrips[i * count + j])
                let floor = DurationText.format(topology.fiberRoundTrip(fromRegion: i, toRegion: j))
                result.warnings.append(
                    "\(file): \(topology.regions[i].name) to \(topology.regions[j].name) is \(measured), below the fiber floor of \(floor) for their distance; is it in ms?"
                )
            }
        }
        guard missing.isEmpty else {
            let shown = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", … (\(missing.count) in all)" : "")
            throw InputError(file: file, location: "", message: "no round trip measured either way for \(shown); fill those cells in ms")
        }
        return result
    }
}
