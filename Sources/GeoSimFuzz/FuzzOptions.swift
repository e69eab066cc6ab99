import GeoSim

/// The command line of `geosim-fuzz`.
struct FuzzOptions {
    var targets: [FuzzTarget] = FuzzTarget.allCases
    /// Wall-clock budget per target; 0 means no time limit (then `runs` must be set).
    var seconds: Double = 10
    /// Inputs per target; 0 means no run limit.
    var runs = 0
    var seed: UInt64 = 1
    var corpus = "fuzz/corpus"
    /// Where the current input, findings and the grown pool go.
    var output = ".build/fuzz"
    /// Longest time one input may take before it counts as a hang.
    var inputTimeout: Double = 5
    var maximumLength = 4096
    /// Files to run once each instead of fuzzing (reproducing a finding).
    var replay: [String] = []
    /// Stop a target after this many findings.
    var maximumFindings = 10
    /// `crash` or `hang`: check the crash note and the watchdog on a deliberate trap or
    /// endless loop (used by scripts/fuzz.sh --self-test).
    var selfTest: String?
    /// Write the grown pool to `output/pool/<target>/` at the end.
    var savePool = false

    static let usage = """
        Usage: geosim-fuzz [--target NAME[,NAME...]|all] [--seconds S] [--runs N] [--seed N]
                           [--corpus DIR] [--out DIR] [--timeout S] [--max-len N]
                           [--max-findings N] [--save-pool] [--replay FILE...]

        Seeded, deterministic mutation fuzzing of geosim's input parsers, in process.
        Targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")).

          --target      targets to fuzz (default all)
          --seconds S   time budget per target (default 10; 0: only --runs limits)
          --runs N      inputs per target (default 0: only --seconds limits)
          --seed N      the seed of every mutation (default 1)
          --corpus DIR  seed inputs, DIR/<target>/* (default fuzz/corpus)
          --out DIR     current input, findings and pools go here (default .build/fuzz)
          --timeout S   an input running longer is a hang (default 5)
          --replay FILE run these files through the (single) target and print verdicts

        Before each input it is written to OUT/current-<target>; a crash or hang leaves it
        there. Exit status: 0 no finding, 1 findings (saved under OUT/findings/), 2 usage
        error, 3 a hang (the watchdog's message names the input file), 73 OUT or a file
        in it cannot be created, 74 writing it or stdout failed; a crash ends the process
        by its signal.

        """

    struct Failure: Error { var message: String }

    static func parse(_ arguments: [String]) throws(Failure) -> FuzzOptions {
        var options = FuzzOptions()
        var index = 0
        func value(_ name: String) throws(Failure) -> String {
            guard index < arguments.count else { throw Failure(message: "\(name) needs a value") }
            index += 1
            return arguments[index - 1]
        }
        func number(_ name: String) throws(Failure) -> Double {
            let text = try value(name)
            guard let number = Double(text), number.isFinite, number >= 0 else {
                throw Failure(message: "\(name) expects a number ≥ 0, got '\(text)'")
            }
            return number
        }
        func whole(_ name: String) throws(Failure) -> Int {
            let text = try value(name)
            guard let number = Int(text), number >= 0 else { throw Failure(message: "\(name) expects a whole number ≥ 0, got '\(text)'") }
            return number
        }
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            switch word {
            case "--target":
                let text = try value(word)
                if text == "all" {
                    options.targets = FuzzTarget.allCases
                    continue
                }
                var chosen: [FuzzTarget] = []
                for name in text.split(separator: ",") {
                    guard let target = FuzzTarget(rawValue: String(name)) else {
                        throw Failure(message: "unknown target '\(name)'; targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    chosen.append(target)
                }
                options.targets = chosen
            case "--seconds": options.seconds = try number(word)
            case "--runs": options.runs = try whole(word)
            case "--seed":
                let text = try value(word)
                guard let seed = UInt64(text) else { throw Failure(message: "--seed expects a whole number, got '\(text)'") }
                options.seed = seed
            case "--corpus": options.corpus = try value(word)
            case "--out": options.output = try value(word)
            case "--timeout": options.inputTimeout = max(0.1, try number(word))
            case "--max-len": options.maximumLength = max(1, try whole(word))
            case "--max-findings": options.maximumFindings = max(1, try whole(word))
            case "--save-pool": options.savePool = true
            case "--self-test":
                let kind = try value(word)
                guard kind == "crash" || kind == "hang" else { throw Failure(message: "--self-test expects crash or hang") }
                options.selfTest = kind
            case "--replay":
                while index < arguments.count, !arguments[index].hasPrefix("--") {
                    options.replay.append(arguments[index])
                    index += 1
                }
            case "--help", "-h": throw Failure(message: "")
            default: throw Failure(message: "unknown option '\(word)'")
            }
        }
        if options.seconds == 0 && options.runs == 0 && options.replay.isEmpty {
            throw Failure(message: "--seconds 0 needs --runs N, or it would never stop")
        }
        if !options.replay.isEmpty && options.targets.count != 1 {
            throw Failure(message: "--replay needs exactly one --target")
        }
        return options
    }
}
