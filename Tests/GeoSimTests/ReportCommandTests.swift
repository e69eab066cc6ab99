import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// `geosim report`: an HTML page (and export) from run options, or from a JSON report
/// whose recorded command is re-run and checked; and the example export committed under
/// notebooks-export/, which must stay a valid export.
@Suite struct ReportCommandTests {
    static let run = ["--topology", "us-east,us-west,eu-central", "--duration", "10s", "--partition", "us-east|us-west,eu-central@3s..6s"]

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-report-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func reportFromRunOptionsWritesASelfContainedPage() throws {
        let result = CommandLineInterface.main(["report", "--html", "page.html"] + Self.run)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let page = try #require(result.files.first)
        #expect(page.path == "page.html")
        #expect(page.contents.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contents.contains("<svg"))
        #expect(!page.contents.contains("<script"))
        // The only URL on the page is the SVG namespace, which names and fetches nothing.
        let urls = page.contents.components(separatedBy: "http").count - 1
        let namespaces = page.contents.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(urls == namespaces)
        #expect(result.standardOutput == "geosim report: wrote page.html\n")
    }

    @Test func reportFromAJSONReportReRunsItsCommandAndChecksIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = CommandLineInterface.main(Self.run + ["--format", "json"]).standardOutput
        let path = directory.appendingPathComponent("report.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = CommandLineInterface.main(["report", "--html", "a.html", "--from", path])
        let direct = CommandLineInterface.main(["report", "--html", "a.html"] + Self.run)
        #expect(fromFile.exitCode == 0, "\(fromFile.standardError)")
        #expect(fromFile.files == direct.files)

        // A report that its command does not reproduce is refused, naming the file.
        try json.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 2").write(toFile: path, atomically: true, encoding: .utf8)
        let tampered = CommandLineInterface.main(["report", "--html", "a.html", "--from", path])
        #expect(tampered.exitCode == 65)
        #expect(tampered.standardError.contains(path))
        #expect(tampered.standardError.contains("gives a different report"))

        // A JSON file without a command cannot be re-run.
        try "{\"schema\": \"geosim.report/1\"}".write(toFile: path, atomically: true, encoding: .utf8)
        let bare = CommandLineInterface.main(["report", "--export", "x", "--from", path])
        #expect(bare.exitCode == 65)
        #expect(bare.standardError.contains("\"command\""))
    }

    /// An export's report.json (written with the per-second timeline) is a report its
    /// command reproduces too: the page drawn from it is the page of the run.
    @Test func reportFromAnExportsReportJSON() throws {
        let result = CommandLineInterface.main(Self.run + ["--export", "out"])
        let exported = try #require(result.export?.files.first { $0.path == "report.json" })
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        try exported.contents.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = CommandLineInterface.main(["report", "--html", "a.html", "--from", path])
        #expect(fromFile.exitCode == 0, "\(fromFile.standardError)")
        #expect(fromFile.files == CommandLineInterface.main(["report", "--html", "a.html"] + Self.run).files)
    }

    @Test func reportNeedsSomethingToWriteAndOneSourceOfTheRun() {
        #expect(CommandLineInterface.main(["report"] + Self.run).exitCode == 64)
        let both = CommandLineInterface.main(["report", "--html", "a.html", "--from", "r.json"] + Self.run)
        #expect(both.exitCode == 64)
        #expect(both.standardError.contains("--from takes the run from the report"))
    }

    @Test func sweepCheckAndVisibilityExportToo() throws {
        let sweep = CommandLineInterface.main([
            "sweep", "--topology", "us-east,us-west", "--duration", "2s", "--vary", "rate=100,200",
            "--format", "text", "--export", "s",
        ])
        #expect(sweep.exitCode == 0, "\(sweep.standardError)")
        #expect(sweep.export?.files.contains { $0.path == "sweep_rows.csv" } == true)
        let check = CommandLineInterface.main([
            "check", "--topology", "us-east,us-west,eu-central", "--duration", "5s", "--rate", "100",
            "--seeds", "2", "--liveness-bound", "5s", "--export", "c",
        ])
        #expect(check.exitCode == 0, "\(check.standardError)")
        let seeds = try #require(check.export?.files.first { $0.path == "seeds.csv" }?.contents)
        #expect(seeds.split(separator: "\n").count == 3)  // header and one row per seed
        #expect(seeds.hasPrefix("seed,passed,faults,operations,strong_operations,failed_invariants,inconclusive\n"))
        let shardedExport = CommandLineInterface.main([
            "sweep", "--topology", "us-east", "--vary", "rate=1,2", "--shard-index", "0",
            "--shard-count", "2", "--out", "o", "--export", "e",
        ])
        #expect(shardedExport.exitCode == 64)
        #expect(shardedExport.standardError.contains("geosim merge DIR --export OUT"))
    }

    /// notebooks-export/three-region-partition is an export geosim wrote: every file it
    /// holds is in its manifest and vice versa, tables have their declared columns, and the
    /// notebook is nbformat 4.5.
    @Test func theCommittedExampleExportIsComplete() throws {
        let directory = CommandLineTests.packageRoot.appendingPathComponent("notebooks-export/three-region-partition")
        let manifestText = try String(contentsOf: directory.appendingPathComponent("manifest.json"), encoding: .utf8)
        let manifest = try JSONParser.parse(manifestText)
        guard case .array(let entries)? = manifest["files"] else {
            Issue.record("manifest has no files")
            return
        }
        var listed: [String] = []
        for entry in entries {
            guard case .string(let path)? = entry["path"] else { continue }
            listed.append(path)
            let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
            if path.hasSuffix(".csv"), case .array(let columns)? = entry["columns"] {
                let header = columns.compactMap { column -> String? in if case .string(let name)? = column["name"] { name } else { nil } }
                let records = try #require(ExportFixtures.parseCSV(text))
                #expect(records.first == header, "\(path)")
                #expect(records.dropFirst().allSatisfy { $0.count == header.count }, "\(path)")
            }
            if path.hasSuffix(".svg") { #expect(ExportFixtures.xml(text).ok, "\(path)") }
        }
        let present = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix("/") && $0 != "charts" }.sorted()
        #expect(listed.sorted() == present)
        let notebook = try JSONParser.parse(try String(contentsOf: directory.appendingPathComponent("geosim.ipynb"), encoding: .utf8))
        #expect(notebook["nbformat"] == .number(4))
        #expect(notebook["nbformat_minor"] == .number(5))
    }
}
