import Foundation
import Testing

@testable import GeoSim

/// `--rtt-matrix FILE.csv`: one's own round trips instead of the catalog's.
@Suite struct RoundTripMatrixTests {
    static let three = ["us-east", "us-west", "eu-central"]

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-rtt-\(getpid())-\(text.hashValue).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The catalog's own figures, written as a matrix, give the very same report.
    @Test func theCatalogsFiguresGiveTheSameReport() throws {
        let topology = try Topology.fromRegionList(Self.three.joined(separator: ","))
        var csv = "region," + Self.three.joined(separator: ",") + "\n"
        for (i, name) in Self.three.enumerated() {
            let cells = Self.three.indices.map { j in i == j ? "" : JSONWriter.format(Double(topology.roundTrip(fromRegion: i, toRegion: j)) / 1e6) }
            csv += name + "," + cells.joined(separator: ",") + "\n"
        }
        let path = try write(csv)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words = ["--topology", Self.three.joined(separator: ","), "--duration", "5s", "--rate", "200", "--format", "json"]
        let plain = CommandLineInterface.main(words)
        let measured = CommandLineInterface.main(words + ["--rtt-matrix", path])
        #expect(plain.exitCode == 0 && measured.exitCode == 0, "\(measured.standardError)")
        // Everything but the command that made it and the named source of the round trips.
        let (a, b) = try (JSONParser.parse(plain.standardOutput), JSONParser.parse(measured.standardOutput))
        guard case .object(let left) = a, case .object(let right) = b else {
            Issue.record("not JSON objects")
            return
        }
        let ignored: Set<String> = ["command", "round_trip_source"]
        #expect(JSONValue.object(left.filter { !ignored.contains($0.key) }) == JSONValue.object(right.filter { !ignored.contains($0.key) }))
        #expect(a["writes"] == b["writes"] && a["reads"] == b["reads"])
    }

    /// With jitter off a write from the leader's region costs its quorum's round trip: a
    /// us-east–us-west link measured at 20 ms (one way) and 30 ms (the other) makes it
    /// (20 + 30) / 2 ms more than the local part, exactly.
    @Test func measuredFiguresSetTheLatencyExactly() throws {
        let csv = "region,us-east,us-west,eu-central\nus-east,,20,90\nus-west,30,,150\neu-central,,,\n"
        let path = try write(csv)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words = ["--topology", Self.three.joined(separator: ","), "--duration", "5s", "--rate", "200", "--jitter", "none", "--format", "json"]
        let result = CommandLineInterface.main(words + ["--rtt-matrix", path])
        let local = CommandLineInterface.main([
            "--topology", "us-east", "--replicas-per-region", "3", "--duration", "5s", "--rate", "200", "--jitter", "none", "--cross-zone-rtt", "0.5ms",
            "--format", "json",
        ])
        let measured = try JSONParser.parse(result.standardOutput)
        let alone = try JSONParser.parse(local.standardOutput)
        guard case .number(let p50)? = measured["writes"]?["by_region"]?["us-east"]?["latency_ms"]?["p50"],
            case .number(let localP50)? = alone["writes"]?["by_region"]?["us-east"]?["latency_ms"]?["p50"]
        else {
            Issue.record("no p50: \(result.standardError)")
            return
        }
        // The same write inside one region crosses a 0.5 ms round trip instead of 25 ms.
        #expect(abs((p50 - localP50) - (25 - 0.5)) < 0.01, "\(p50) vs \(localP50)")
    }

    /// A file saved with Windows line ends reads the same.
    @Test func windowsLineEndsRead() throws {
        let unix = try RoundTripMatrix.parse("region,us-east,us-west\nus-east,,62.5\n", file: "u.csv")
        let windows = try RoundTripMatrix.parse("region,us-east,us-west\r\nus-east,,62.5\r\n", file: "w.csv")
        #expect(unix == windows && unix.roundTrips[1] == 62_500_000)
        let marked = try RoundTripMatrix.parse("\u{FEFF}region,us-east,us-west\nus-east,,62.5\n", file: "b.csv")
        #expect(marked == unix, "a byte-order mark is not part of the first cell")
        #expect(throws: InputError.self) { try RoundTripMatrix.parse("region;us-east;us-west\nus-east;;62.5\n", file: "s.csv") }
        do { _ = try RoundTripMatrix.parse("region;us-east;us-west\n", file: "s.csv") } catch { #expect(error.message.contains("commas")) }
    }

    @Test func badFilesNameTheCell() throws {
        let cases: [(String, String)] = [
            ("region,us-east,us-west\nus-east,,-3\n", "line 2, column 3"),
            ("region,us-east,us-west\nus-east,,fast\n", "milliseconds"),
            ("region,us-east,us-east\n", "named twice"),
            ("region,us-east,us-west\nus-north,,3\n", "not one of the header's regions"),
            ("us-east,us-west\n", "line 1, column 1"),
            ("", "empty file"),
        ]
        for (text, expected) in cases {
            #expect(throws: InputError.self) { try RoundTripMatrix.parse(text, file: "m.csv") }
            do {
                _ = try RoundTripMatrix.parse(text, file: "m.csv")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
            }
        }
        let path = try write("region,us-east,us-west,eu-central\nus-east,,62\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let missing = CommandLineInterface.main(["--topology", Self.three.joined(separator: ","), "--rtt-matrix", path])
        #expect(missing.exitCode == 65 && missing.standardError.contains("us-east–eu-central, us-west–eu-central"), "\(missing.standardError)")
        let absent = CommandLineInterface.main(["--topology", "us-east,ap-south", "--rtt-matrix", path])
        #expect(absent.exitCode == 65 && absent.standardError.contains("ap-south"), "\(absent.standardError)")
    }

    /// A measured figure below the fiber floor (light in fiber cannot do it: microseconds
    /// typed for milliseconds?) runs, with a warning naming the pair and the floor; a
    /// figure above it gets none.
    @Test func aRoundTripBelowTheFiberFloorIsWarnedOf() throws {
        let low = try write("region,us-east,us-west\nus-east,,0.5\nus-west,62,\n")
        defer { try? FileManager.default.removeItem(atPath: low) }
        let result = CommandLineInterface.main(["--topology", "us-east,us-west", "--rtt-matrix", low, "--duration", "1s"])
        #expect(result.exitCode == 0)
        #expect(result.standardError.contains("us-east to us-west is 500us, below the fiber floor of 34.338ms"), "\(result.standardError)")
        #expect(!result.standardError.contains("us-west to us-east"))
        let check = CommandLineInterface.main(["check", "--topology", "us-east,us-west", "--rtt-matrix", low, "--seeds", "1", "--duration", "2s"])
        #expect(check.standardError.contains("below the fiber floor") && check.standardOutput.contains("network: round trips measured in \(low)"))
    }
}
