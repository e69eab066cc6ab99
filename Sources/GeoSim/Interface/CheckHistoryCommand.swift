/// `geosim check-history FILE`: checks a history recorded elsewhere (a Jepsen EDN
/// history, or geosim's own JSON Lines) for linearizability against a register,
/// compare-and-set register or key-value model with Knossos' semantics. Exit 0
/// linearizable, 1 not, 2 inconclusive within the step budget, 65 a malformed file,
/// 64 a usage error.
public enum CheckHistoryCommand {
    /// Exit code of a verdict the budget could not reach.
    public static let inconclusiveExitCode: Int32 = 2

    static let specs: [OptionSpec] = [
        OptionSpec(
            "--model", "register|cas-register|kv", "the object the history is checked against (Knossos' models)",
            default: "cas-register; a JSON Lines header's model"),
        OptionSpec("--initial", "V", "the register's starting value, as EDN (3, :a, \"x\", nil)", default: "nil; a JSON Lines header's initial"),
        OptionSpec(
            "--budget", "STEPS", "most search steps the check may take, minimizing included (a count, so the verdict never depends on the machine)",
            default: "1e8"),
        OptionSpec("--format", "text|json", "output format", default: "text"),
        OptionSpec("--svg", "FILE", "on a violation, write the SVG timeline of the smallest violating sub-history to FILE"),
        OptionSpec("--out", "DIR", "write verdict.txt (or verdict.json) and, on a violation, timeline.svg and sub-history.edn to DIR"),
        OptionSpec("--input", "edn|jsonl", "the file's format", default: "by extension (.edn, .jsonl, .json), else by content"),
    ]

    enum Format: String { case text, json }

    /// `geosim help check-history`.
    public static var helpText: String {
        """
        Usage: geosim check-history FILE [--model register|cas-register|kv] [--initial V]
                                    [--budget STEPS] [--format text|json] [--svg FILE] [--out DIR]

        Checks a history recorded elsewhere for linearizability. FILE is a Jepsen history in
        EDN (maps such as {:type :invoke, :f :write, :value 3, :process 0}, in one vector or
        one per line; :type :invoke, :ok, :fail or :info; :f :read, :write or :cas) or
        geosim's history JSON Lines (docs/history-format.md; 'geosim check --export' writes
        one per failing seed). The models are Knossos': register (read, write),
        cas-register (also :cas [old new], which takes effect only on old), and kv (values
        [key value], each key its own cas-register). A read of nil constrains nothing; a
        :fail operation had no effect; an :info one (or an invocation that never completes)
        may take effect any time after its invocation, or never. Events of processes that
        are not integers (:nemesis) are skipped.

        On a violation it prints the smallest sub-history it found that is still not
        linearizable, and why; --svg draws it as a timeline, one lane per process.

        Exit codes: 0 linearizable; 1 not linearizable; 2 inconclusive (the step budget ran
        out); 64 usage error; 65 malformed file (the message names the line and column).

        Options:

        """ + OptionHelp.lines(specs) + "\nSee docs/check-history.md.\n"
    }

    struct Setup {
        var path: String
        var model: HistoryModel?
        var initial: EDNValue?
        var budget = ModelChecker.defaultBudget
        var format = Format.text
        var svg: String?
        var outDirectory: String?
        var input: String?
    }

    /// Runs `geosim check-history` with the words after `check-history`.
    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        do {
            let setup = try makeSetup(words)
            try OutputPathCheck.file(setup.svg, flag: "--svg")
            try OutputPathCheck.directory(setup.outDirectory, flag: "--out")
            let (history, input) = try load(setup)
            let result = ModelChecker.check(history, budget: setup.budget)
            return output(CheckHistoryReport(file: setup.path, input: input, history: history, result: result, budget: setup.budget), setup: setup)
        } catch {
            return .failure(error)
        }
    }

    /// The positional FILE and the options.
    static func makeSetup(_ words: [String]) throws(CommandFailure) -> Setup {
        var optionWords: [String] = []
        var files: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("-") && word != "-" {
                let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
                if !specs.contains(where: { $0.name == name }) {
                    // An unknown option: the scanner's error, with its did-you-mean hint.
                    do { _ = try ArgumentScanner.scan([word], options: specs, command: "check-history") } catch { throw .usage(error) }
                }
                optionWords.append(word)
                if !word.contains("="), specs.first(where: { $0.name == word })?.takesValue == true, index < words.count {
                    optionWords.append(words[index])
                    index += 1
                }
            } else {
                files.append(word)
            }
        }
        guard files.count == 1, let path = files.first else {
            let problem = files.isEmpty ? "'geosim check-history' needs a history file." : "'geosim check-history' checks one history file; got \(files.count)."
            throw .usage(UsageError(problem, hint: "For example: geosim check-history history.edn --model cas-register"))
        }
        let parsed: [ArgumentScanner.Parsed]
        do { parsed = try ArgumentScanner.scan(optionWords, options: specs, command: "check-history") } catch { throw .usage(error) }
        func last(_ name: String) -> String? { parsed.last(where: { $0.name == name })?.value }
        var setup = Setup(path: path, svg: last("--svg"), outDirectory: last("--out"))
        do throws(UsageError) {
            if let text = last("--model") {
                guard let model = HistoryModel(rawValue: text) else {
                    throw UsageError("Invalid value '\(text.excerpt())' for --model.", hint: "Expected register, cas-register or kv.")
                }
                setup.model = model
            }
            if let text = last("--initial") {
                do { setup.initial = try EDNReader.single(text) } catch {
                    throw UsageError(
                        "Invalid value '\(text.excerpt())' for --initial: \(error.message).", hint: "Expected one EDN value such as 0, :a, \"x\" or nil.")
                }
            }
            if let text = last("--budget") { setup.budget = try budget(text) }
            if let text = last("--format") {
                guard let format = Format(rawValue: text) else {
                    throw UsageError("Invalid value '\(text.excerpt())' for --format.", hint: "Expected text or json.")
                }
                setup.format = format
            }
            if let text = last("--input") {
                guard text == "edn" || text == "jsonl" else {
                    throw UsageError("Invalid value '\(text.excerpt())' for --input.", hint: "Expected edn or jsonl.")
                }
                setup.input = text
            }
        } catch {
            throw .usage(error)
        }
        return setup
    }

    /// `--budget`: a whole number of search steps, 1 to 1e15 (`1e8` allowed).
    static func budget(_ text: String) throws(UsageError) -> Int {
        guard let count = NumberText.decimal(text), count >= 1, count <= 1e15, count.rounded() == count else {
            throw UsageError("Invalid value '\(text.excerpt())' for --budget: expected a whole number of search steps from 1 to 1e15, such as 1e8.")
        }
        return Int(count)
    }

    /// Reads and pairs the file; returns the history and the format it was read as.
    static func load(_ setup: Setup) throws(CommandFailure) -> (ModelHistory, String) {
        do {
            let bytes = try InputFile.read(path: setup.path)
            let input = setup.input ?? sniff(path: setup.path, bytes: bytes)
            if input == "jsonl" { return (try GeoSimHistoryFile.read(bytes, model: setup.model, initial: setup.initial), input) }
            return (try JepsenHistory.read(bytes, model: setup.model ?? .casRegister, initial: setup.initial), input)
        } catch {
            throw .input(error.file == nil ? error.inFile(setup.path) : error)
        }
    }

    /// `jsonl` for a .jsonl or .json file, `edn` for .edn; otherwise `jsonl` when the first
    /// thing in the file is `{"`, else `edn`.
    static func sniff(path: String, bytes: [UInt8]) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") { return "jsonl" }
        if lower.hasSuffix(".edn") { return "edn" }
        let content = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        return content.starts(with: Array("{\"".utf8)) ? "jsonl" : "edn"
    }

    /// Stdout, files and exit code for a verdict.
    static func output(_ report: CheckHistoryReport, setup: Setup) -> CommandResult {
        let text = setup.format == .json ? JSONWriter.string(report.json) + "\n" : report.text
        var files: [CommandResult.OutputFile] = []
        var directories: [String] = []
        if let violation = report.violation, let svg = setup.svg {
            files.append(.init(path: svg, contents: report.timeline(violation)))
        }
        if let directory = setup.outDirectory {
            directories.append(directory)
            files.append(.init(path: OutputPath.join(directory, setup.format == .json ? "verdict.json" : "verdict.txt"), contents: text))
            if let violation = report.violation {
                files.append(.init(path: OutputPath.join(directory, "timeline.svg"), contents: report.timeline(violation)))
                files.append(.init(path: OutputPath.join(directory, "sub-history.edn"), contents: report.subHistoryEDN(violation)))
            }
        }
        let exitCode: Int32
        let note: String
        switch report.result {
        case .linearizable:
            (exitCode, note) = (ExitCode.ok, "")
        case .violation:
            (exitCode, note) = (ExitCode.violation, "geosim: \(setup.path) is not linearizable\n")
        case .inconclusive:
            (exitCode, note) = (inconclusiveExitCode, "geosim: \(setup.path): inconclusive within --budget \(setup.budget)\n")
        }
        return CommandResult(standardOutput: text, standardError: note, exitCode: exitCode, directories: directories, files: files)
    }
}
