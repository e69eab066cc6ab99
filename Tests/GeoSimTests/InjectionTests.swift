import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// User-supplied names and labels cannot inject anything: spreadsheet formulas into CSV
/// tables, HTML into notebook markdown, terminal control sequences into reports and error
/// messages; names and labels outside `NameRules` are refused with 65, and no error
/// message echoes a huge value whole.
@Suite struct InjectionTests {
    static let regions = "us-east,us-west,eu-central"

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-injection-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A fault file with one isolate fault per label, each a second long.
    func faultFile(labels: [String]) throws -> String {
        let faults = labels.enumerated().map { index, label -> JSONValue in
            .object([
                ("kind", .string("isolate")), ("region", .string("us-west")),
                ("start", .string("\(index + 1)s")), ("end", .string("\(index + 2)s")), ("label", .string(label)),
            ])
        }
        return try temporaryFile("faults.json", JSONWriter.string(.object([("faults", .array(faults))]), pretty: false))
    }

    // MARK: CSV formula injection

    @Test(arguments: ["=HYPERLINK(\"http://example.com\",\"x\")", "@SUM(A1:A2)", "+1+1", "-1-1", "\tcmd", "\rcmd", "--crash us-east@5s", "-"])
    func formulaLikeTextIsWrittenAsText(text: String) {
        let field = CSVTable.render(.text(text), as: .string)
        let records = ExportFixtures.parseCSV("a\n" + field + "\n")
        #expect(records?.last == ["'" + text], "\(field)")
    }

    @Test func numbersAndOrdinaryTextAreLeftAlone() {
        #expect(CSVTable.render(.number(-1), as: .number(decimals: 3)) == "-1.000")
        #expect(CSVTable.render(.integer(-5), as: .integer) == "-5")
        #expect(CSVTable.render(.number(-2.5), as: .string) == "-2.5")
        for text in ["-1", "-0.25", "-1e3", "us-east", "", "a=b", "x@y", "'=quoted already"] {
            #expect(CSVTable.render(.text(text), as: .string) == CSVTable.field(text), "\(text)")
        }
    }

    @Test func anExportGuardsLabelsAndSaysSoInItsManifest() throws {
        let path = try faultFile(labels: ["=HYPERLINK(\"http://example.com\")", "@SUM(1,2)"])
        let result = CommandLineInterface.main(["--topology", Self.regions, "--duration", "5s", "--faults", path, "--export", "out"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let files = try #require(result.export?.files)
        let faults = try #require(files.first { $0.path == "faults.csv" })
        let records = try #require(ExportFixtures.parseCSV(faults.contents))
        #expect(records.map { $0[0] } == ["label", "'=HYPERLINK(\"http://example.com\")", "'@SUM(1,2)"])
        let timeline = try #require(files.first { $0.path == "timeline.csv" })
        #expect(!timeline.contents.contains(",=") && !timeline.contents.contains(",\"=") && !timeline.contents.contains(",@"))
        let manifest = try JSONParser.parse(try #require(files.first { $0.path == "manifest.json" }).contents)
        guard case .string(let note)? = manifest["csv_text_guard"] else {
            Issue.record("the manifest does not state the CSV formula guard")
            return
        }
        #expect(note.contains("'") && note.contains("="))
    }

    @Test func sweepTablesGuardFormulasToo() {
        #expect(SweepTables.csvField("=1+1") == "'=1+1")
        #expect(SweepTables.csvField("@x,y") == "\"'@x,y\"")
        #expect(SweepTables.csvField("-2") == "-2")
        #expect(SweepTables.csvField("us-east,us-west") == "\"us-east,us-west\"")
    }

    /// The guard is for spreadsheets only: the HTML page shows labels as written, escaped.
    @Test func theHTMLReportShowsLabelsAsWrittenAndEscaped() throws {
        let path = try faultFile(labels: ["=1+1", "<script>alert(1)</script>"])
        let result = CommandLineInterface.main(["report", "--html", "page.html", "--topology", Self.regions, "--duration", "5s", "--faults", path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let page = try #require(result.files.first).contents
        #expect(page.contains("<td>=1+1</td>"))
        #expect(page.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        #expect(!page.contains("<script"))
    }

    // MARK: Notebook markdown

    @Test func notebookMarkdownCarriesNoLiveHTML() throws {
        let path = try faultFile(labels: ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[click](javascript:alert(3))"])
        let result = CommandLineInterface.main(["--topology", Self.regions, "--duration", "5s", "--faults", path, "--export", "out"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let notebookText = try #require(result.export?.files.first { $0.path == "geosim.ipynb" }).contents
        let notebook = try JSONParser.parse(notebookText)
        guard case .array(let cells)? = notebook["cells"] else {
            Issue.record("no cells")
            return
        }
        var markdown = ""
        for cell in cells where cell["cell_type"] == .string("markdown") {
            if case .array(let lines)? = cell["source"] {
                for case .string(let line) in lines { markdown += line }
            }
        }
        #expect(markdown.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"))
        #expect(!markdown.contains("<script") && !markdown.contains("<img") && !markdown.contains("](javascript"))
        #expect(!notebookText.contains("<script"))
    }

    @Test func markdownTextEscapesMarkupAndKeepsPlainSettings() {
        #expect(NotebookWriter.markdownText("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y")
        #expect(NotebookWriter.markdownText("a|b\nc") == "a\\|b c")
        #expect(NotebookWriter.markdownText("*x* `y` $z$") == "\\*x\\* \\`y\\` \\$z\\$")
        #expect(NotebookWriter.markdownText("us-east,us-west 1000 ops/s zipf:0.99") == "us-east,us-west 1000 ops/s zipf:0.99")
    }

    // MARK: Labels and names

    @Test(arguments: ["a\u{1B}[31mred", "bell\u{07}", "two\nlines", "cr\rx", "tab\tx", "del\u{7F}", "c1\u{9B}x", "rlo\u{202E}x", "ls\u{2028}x"])
    func labelsWithControlCharactersAreRefused(label: String) throws {
        let path = try faultFile(labels: [label])
        let result = CommandLineInterface.main(["--topology", Self.regions, "--duration", "5s", "--faults", path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("$.faults[0].label"), "\(result.standardError)")
        #expect(!result.standardError.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    /// A fault flag's text is its label: the same characters are refused there.
    @Test(arguments: ["us-east\t@1s..2s", "us-east@1s..2s\u{1B}[2J", "us-east\r@1s..2s"])
    func faultFlagTextsWithControlCharactersAreRefused(text: String) {
        let result = CommandLineInterface.main(["--topology", Self.regions, "--duration", "3s", "--isolate", text])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("control character"), "\(result.standardError)")
        #expect(!result.standardError.contains("\u{1B}") && !result.standardError.contains("\r"))
    }

    @Test func labelsAreAtMost200Characters() throws {
        let fits = try faultFile(labels: [String(repeating: "é", count: 200)])
        #expect(CommandLineInterface.main(["--topology", Self.regions, "--duration", "3s", "--faults", fits]).exitCode == 0)
        let tooLong = try faultFile(labels: [String(repeating: "x", count: 201)])
        let result = CommandLineInterface.main(["--topology", Self.regions, "--duration", "3s", "--faults", tooLong])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("at most 200 characters"))
    }

    func customRegionTopology(name: String, city: String? = nil) throws -> String {
        var region: [(key: String, value: JSONValue)] = [
            ("name", .string(name)), ("lat", .number(40.7)), ("lon", .number(-74)),
            ("rtt", .object([("us-east", .string("12ms"))])),
        ]
        if let city { region.append(("city", .string(city))) }
        let root: JSONValue = .object([("regions", .array([.string("us-east"), .object(region)]))])
        return try temporaryFile("topology.json", JSONWriter.string(root, pretty: false))
    }

    @Test(arguments: ["-1-1", "=cmd", "@x", ".hidden", "a b", "a/b", "a,b", "résumé", "a\u{1B}b", String(repeating: "r", count: 65)])
    func regionNamesOutsideTheRulesAreRefused(name: String) throws {
        let path = try customRegionTopology(name: name)
        let result = CommandLineInterface.main(["--topology", path, "--duration", "1s"])
        #expect(result.exitCode == 65, "\(name): \(result.standardError)")
        #expect(result.standardError.contains("$.regions[1].name"))
    }

    @Test(arguments: ["onprem-dc", "dc_2", "site.7", "9th", String(repeating: "r", count: 64)])
    func regionNamesInsideTheRulesAreAccepted(name: String) throws {
        let path = try customRegionTopology(name: name)
        let result = CommandLineInterface.main(["--topology", path, "--duration", "1s"])
        #expect(result.exitCode == 0, "\(name): \(result.standardError)")
    }

    @Test func aHugeRegionNameIsRefusedQuicklyWithAShortMessage() throws {
        let path = try customRegionTopology(name: String(repeating: "a", count: 2_000_000))
        let clock = ContinuousClock()
        let start = clock.now
        let result = CommandLineInterface.main(["--topology", path, "--duration", "1s"])
        #expect(clock.now - start < .seconds(10))
        #expect(result.exitCode == 65)
        #expect(result.standardError.count < 300, "\(result.standardError.count) characters")
    }

    @Test func aCustomRegionsCityIsALabel() throws {
        let path = try customRegionTopology(name: "onprem", city: "New\u{1B}[2JYork")
        let result = CommandLineInterface.main(["--topology", path, "--duration", "1s"])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("$.regions[1].city"))
    }

    // MARK: Terminal output

    @Test func errorMessagesEscapeControlCharacters() {
        let result = CommandLineInterface.main(["--topology", "us-east", "--leader", "x\u{1B}]0;owned\u{07}\u{1B}[2J\r\n"])
        #expect(result.exitCode == 64)
        #expect(!result.standardError.contains("\u{1B}") && !result.standardError.contains("\u{07}") && !result.standardError.contains("\r"))
        #expect(result.standardError.contains("x\\u{1B}]0;owned\\u{7}\\u{1B}[2J\\r\\n"), "\(result.standardError)")
    }

    @Test(arguments: [["--rate"], ["--leader"], ["--topology"], ["--isolate"], ["--key-dist"], ["--jitter"], ["--faults"]])
    func errorsQuoteAtMostAnExcerptOfAHugeValue(flag: [String]) {
        let huge = String(repeating: "7", count: 1_000_000)
        let base = flag == ["--topology"] ? [] : ["--topology", "us-east"]
        let result = CommandLineInterface.main(base + flag + [huge])
        #expect(result.exitCode == 64 || result.exitCode == 65)
        #expect(result.standardError.count < 1200, "\(flag): \(result.standardError.count) characters")
        #expect(!result.standardError.contains(String(repeating: "7", count: 201)))
    }

    @Test func standardErrorKeepsLineBreaksAndEscapesTheRest() {
        #expect("ok\nline two\n".terminalSafeLines == "ok\nline two\n")
        #expect("a\u{1B}[1m\nb\r\n".terminalSafeLines == "a\\u{1B}[1m\nb\\r\n")
        #expect("ünïcode ✓\n".terminalSafeLines == "ünïcode ✓\n")
    }

    @Test func messageSafeShortensQuotedValuesAndKeepsShortMessages() {
        #expect("Unknown region 'us-esat'.".messageSafe == "Unknown region 'us-esat'.")
        let long = "Bad '\(String(repeating: "x", count: 5000))' here."
        #expect(long.messageSafe == "Bad '\(String(repeating: "x", count: 200))… (5000 characters)' here.")
        #expect("a\u{1B}b".terminalSafe == "a\\u{1B}b")
        #expect(UsageError("v '\u{07}'").message == "v '\\u{7}'")
    }

    @Test func theTextReportEscapesControlCharactersInLabels() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList(Self.regions))
        scenario.duration = 3 * .second
        scenario.faults = [Fault(kind: .partition(sideA: [.region(1)], sideB: []), start: .second, end: 2 * .second, label: "evil\u{1B}[2J\u{07}\nFAKE LINE")]
        let text = ReportText.render(Report(scenario: scenario, outcome: Simulation.run(scenario)))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"))
        #expect(text.contains("evil\\u{1B}[2J\\u{7}\\nFAKE LINE"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") })
    }

    @Test func stoppedEarlyIsTheFirstLineOfTheReport() {
        let result = CommandLineInterface.main([
            "--topology", Self.regions, "--rate", "200000", "--write-fraction", "1",
            "--timeout", "1h", "--duration", "5s", "--limit", "in-flight=2000",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("STOPPED EARLY at "), "\(result.standardOutput.prefix(200))")
        let normal = CommandLineInterface.main(["--topology", Self.regions, "--duration", "2s"])
        #expect(normal.standardOutput.hasPrefix("geosim: Raft, 3 replicas"))
        #expect(!normal.standardOutput.contains("STOPPED EARLY"))
    }
}
