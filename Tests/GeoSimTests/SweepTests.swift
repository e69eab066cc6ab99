import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// `geosim sweep` and `geosim merge`: the output does not depend on threads or shards.
@Suite struct SweepTests {
    /// `geosim sweep` with its files written, as the executable writes them.
    static func sweep(_ words: [String], environment: [String: String]) -> CommandResult {
        CommandResultWriter.writeFiles(SweepCommand.run(words, environment: environment))
    }

    /// A tiny grid: 2 × 2 points × 2 replicates = 8 runs of 2 simulated seconds.
    static let words = [
        "--topology", "us-east", "--replicas-per-region", "3", "--duration", "2s", "--seed", "7",
        "--vary", "rate=100,200", "--vary", "write-fraction=0.1,1", "--replicates", "2",
    ]

    static func temporaryDirectory(_ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func contents(_ directory: String, _ name: String) -> String? {
        FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)).flatMap { String(data: $0, encoding: .utf8) }
    }

    @Test func parallelOutputEqualsSerialByteForByte() {
        let serial = Self.sweep(Self.words + ["--jobs", "1"], environment: [:])
        let parallel = Self.sweep(Self.words + ["--jobs", "2"], environment: [:])
        #expect(serial.exitCode == 0)
        #expect(serial.standardError.isEmpty)
        #expect(!serial.standardOutput.isEmpty)
        #expect(parallel == serial)
        let lines = serial.standardOutput.split(separator: "\n")
        #expect(lines.count == 8)
        // Ordered by point then replicate; the first --vary varies slowest.
        #expect(lines[0].contains("\"point\":0") && lines[0].contains("\"replicate\":0"))
        #expect(lines[1].contains("\"point\":0") && lines[1].contains("\"replicate\":1"))
        #expect(lines[2].contains("\"vary\":{\"rate\":\"100\",\"write-fraction\":\"1\"}"))
        #expect(lines[4].contains("\"vary\":{\"rate\":\"200\",\"write-fraction\":\"0.1\"}"))
        let csvSerial = Self.sweep(Self.words + ["--jobs", "1", "--format", "csv"], environment: [:])
        let csvParallel = Self.sweep(Self.words + ["--jobs", "2", "--format", "csv"], environment: [:])
        #expect(csvSerial == csvParallel)
        #expect(csvSerial.standardOutput.hasPrefix("point,replicate,seed,rate,write-fraction,availability,"))
    }

    @Test func rowSeedsMixBaseSeedPointAndReplicate() {
        let grid = SweepGrid(axes: [SweepAxis(name: "rate", values: ["1", "2", "3"]), SweepAxis(name: "leader", values: ["a", "b"])], replicates: 2)
        #expect(grid.pointCount == 6)
        #expect(grid.values(atPoint: 0) == ["1", "a"])
        #expect(grid.values(atPoint: 1) == ["1", "b"])
        #expect(grid.values(atPoint: 5) == ["3", "b"])
        #expect(grid.rows(ofShard: 1, of: 5) == [1, 6, 11])
        var seeds: [UInt64] = []
        for point in 0..<6 {
            for replicate in 0..<4 { seeds.append(SweepSeed.mix(base: 1, point: point, replicate: replicate)) }
        }
        #expect(Set(seeds).count == seeds.count)
        #expect(seeds.allSatisfy { $0 <= SweepSeed.mask })
        #expect(SweepSeed.mix(base: 1, point: 3, replicate: 1) == SweepSeed.mix(base: 1, point: 3, replicate: 1))
        #expect(SweepSeed.mix(base: 2, point: 3, replicate: 1) != SweepSeed.mix(base: 1, point: 3, replicate: 1))
    }

    @Test func mergedShardsEqualTheUnshardedSweepByteForByte() throws {
        let whole = try Self.temporaryDirectory("sweep-whole")
        let sharded = try Self.temporaryDirectory("sweep-shards")
        defer {
            try? FileManager.default.removeItem(atPath: whole)
            try? FileManager.default.removeItem(atPath: sharded)
        }
        let unsharded = Self.sweep(Self.words + ["--jobs", "2"], environment: [:])
        let written = Self.sweep(Self.words + ["--jobs", "2", "--out", whole], environment: [:])
        #expect(written.exitCode == 0)
        #expect(written.standardOutput.contains("geosim sweep: 4 points, 8 runs"))
        #expect(Self.contents(whole, "rows.jsonl") == unsharded.standardOutput)

        // Shard 1 comes from Slurm's variables (an array starting at 1), the others from flags.
        for index in [0, 2] {
            let shard = Self.sweep(
                Self.words + ["--out", sharded, "--shard-index", String(index), "--shard-count", "3", "--jobs", "1"],
                environment: [:])
            #expect(shard.exitCode == 0, "\(shard.standardError)")
        }
        let slurm = Self.sweep(
            Self.words + ["--out", sharded],
            environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(slurm.standardOutput.contains("shard 1 of 3: 3 of 8 rows"), "\(slurm.standardOutput)\(slurm.standardError)")
        for index in 0..<3 {
            #expect(Self.contents(sharded, "shard-\(index)-of-3.jsonl") != nil)
        }

        let merged = CommandResultWriter.writeFiles(MergeCommand.run([sharded]))
        #expect(merged.exitCode == 0, "\(merged.standardError)")
        #expect(merged.standardOutput == unsharded.standardOutput)
        for name in ["rows.jsonl", "rows.csv", "summary.csv"] {
            let expected = Self.contents(whole, name)
            #expect(expected != nil)
            #expect(Self.contents(sharded, name) == expected, "\(name) differs")
        }
        let mergedText = CommandLineInterface.main(["merge", sharded, "--format", "text"])
        #expect(mergedText.standardOutput == written.standardOutput)
    }

    @Test func aShardRerunIsSkipped() throws {
        let directory = try Self.temporaryDirectory("sweep-rerun")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shardWords = Self.words + ["--out", directory, "--shard-index", "0", "--shard-count", "2"]
        let first = Self.sweep(shardWords, environment: [:])
        #expect(first.exitCode == 0)
        #expect(first.standardOutput.contains("4 of 8 rows written"))
        let path = (directory as NSString).appendingPathComponent("shard-0-of-2.jsonl")
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let again = Self.sweep(shardWords, environment: [:])
        #expect(again.exitCode == 0)
        #expect(again.standardOutput.contains("exists; skipped"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names == ["shard-0-of-2.jsonl"])

        // Merging with shard 1 of 2 missing is refused.
        let missing = MergeCommand.run([directory])
        #expect(missing.exitCode == 65)
        #expect(missing.standardError.contains("1 of 2 shards missing (index 1)"))
    }

    @Test func mergeRefusesShardsOfDifferentCounts() throws {
        let directory = try Self.temporaryDirectory("sweep-counts")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let small = ["--topology", "us-east", "--duration", "1s", "--rate", "50", "--vary", "rate=50,60"]
        _ = Self.sweep(small + ["--out", directory, "--shard-index", "0", "--shard-count", "1"], environment: [:])
        _ = Self.sweep(small + ["--out", directory, "--shard-index", "0", "--shard-count", "2"], environment: [:])
        let result = MergeCommand.run([directory])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("disagree on the shard count"))
    }

    @Test func usageErrors() {
        let unknown = CommandLineInterface.main(["sweep", "--topology", "us-east", "--vary", "rat=1,2"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("Did you mean 'rate'?"))
        let seed = CommandLineInterface.main(["sweep", "--topology", "us-east", "--vary", "seed=1,2"])
        #expect(seed.exitCode == 64)
        let badValue = CommandLineInterface.main(["sweep", "--topology", "us-east", "--vary", "write-fraction=0.5,2"])
        #expect(badValue.exitCode == 64)
        #expect(badValue.standardError.contains("write-fraction"))
        let noOut = Self.sweep(["--topology", "us-east", "--shard-index", "0", "--shard-count", "2"], environment: [:])
        #expect(noOut.exitCode == 64)
        #expect(noOut.standardError.contains("needs --out"))
        let noCount = Self.sweep(["--topology", "us-east", "--out", "/tmp/x"], environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect(noCount.exitCode == 64)
        #expect(noCount.standardError.contains("--shard-count"))
        let badLeader = Self.sweep(["--topology", "us-east,us-west", "--vary", "leader=us-east,eu-west"], environment: [:])
        #expect(badLeader.exitCode == 64)
        #expect(badLeader.standardError.contains("leader=eu-west"))
    }

    @Test func summaryUsesStudentT() {
        let statistic = SweepSummary.statistic([1, 2, 3])
        #expect(statistic?.mean == 2)
        // s = 1, n = 3: t(0.975, 2) = 4.303, half-width 4.303 / √3.
        #expect(abs((statistic?.halfWidth ?? 0) - 4.303 / 3.0.squareRoot()) < 1e-9)
        #expect(SweepSummary.statistic([5])?.halfWidth == nil)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 31) - 2.0395) < 0.001)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 1000) - 1.9623) < 0.001)
    }
}

/// Sweep files: axes whose values contain commas.
@Suite struct SweepFileTests {
    @Test func aSweepFileVariesTopologiesAndAgreesWithVary() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-sweep-\(getpid()).json")
        try #"{"vary": [{"name": "topology", "values": ["us-east,us-west", "us-east,eu-central"]}, {"name": "rate", "values": [200]}], "replicates": 2}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = CommandLineInterface.main(["sweep", "--sweep", file.path, "--duration", "2s", "--jobs", "1"])
        #expect(result.exitCode == 0)
        let rows = result.standardOutput.split(separator: "\n")
        #expect(rows.count == 4)
        #expect(rows[0].contains("us-east,us-west"))
        #expect(rows[3].contains("us-east,eu-central"))
        // The same grid through --vary (one axis at a time) gives the same rows for its points.
        let vary = CommandLineInterface.main([
            "sweep", "--topology", "us-east,us-west", "--vary", "rate=200", "--replicates", "2",
            "--duration", "2s", "--jobs", "1",
        ])
        #expect(vary.exitCode == 0)
        // Point 0 has the same seeds either way, so the same figures.
        let fromFile = try JSONParser.parse(String(rows[0]))
        let fromVary = try JSONParser.parse(String(vary.standardOutput.split(separator: "\n")[0]))
        #expect(fromFile["writes_p99_ms"] == fromVary["writes_p99_ms"])
        #expect(fromFile["ops"] == fromVary["ops"])
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-sweep-bad-\(getpid()).json")
        try #"{"vary": [{"name": "rate", "valuez": [1]}]}"#.write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let failed = CommandLineInterface.main(["sweep", "--sweep", bad.path])
        #expect(failed.exitCode == 65)
        #expect(failed.standardError.contains("$.vary[0].valuez"))
    }
}
