import GeoSim

/// One target's fuzzing loop, without process concerns (saving inputs, watchdogs): the
/// driver and the tests both use it.
///
/// Mutants are made from three pools: the corpus, inputs the target accepted, and inputs
/// rejected with an error not seen before (compared as a *signature*: the message's
/// ASCII words without quoted text and digits) — a cheap stand-in for coverage feedback
/// that pulls the search into new branches of the parser. Half the mutants start from the
/// corpus, so the search never drifts far from valid input.
public struct FuzzSession: Sendable {
    public let target: FuzzTarget
    /// The corpus.
    public let corpus: [[UInt8]]
    /// Inputs the target accepted (a sample of them).
    public private(set) var acceptedPool: [[UInt8]] = []
    /// Inputs whose error was new when they ran.
    public private(set) var novelPool: [[UInt8]] = []
    /// Every input mutants are made from.
    public var pool: [[UInt8]] { corpus + acceptedPool + novelPool }
    public private(set) var mutator: FuzzMutator
    /// Error signatures seen so far.
    public private(set) var signatures: Set<String> = []
    /// The largest accepted and novel pools; past it new inputs replace random old ones.
    public var maximumPool = 1000
    /// Corpus entries not yet run unmutated.
    private var pendingCorpus: Int = 0
    /// Inputs run so far.
    public private(set) var runs = 0

    public init(target: FuzzTarget, corpus: [[UInt8]], seed: UInt64, maximumLength: Int = 4096) {
        self.target = target
        let seeds = corpus.isEmpty ? [Array("".utf8)] : corpus
        self.corpus = seeds
        mutator = FuzzMutator(seed: seed ^ FuzzRandom.hash(target.rawValue), corpus: seeds, maximumLength: maximumLength)
    }

    /// The next input: every corpus entry once as it is, then mutants of the pool.
    public mutating func nextInput() -> [UInt8] {
        if pendingCorpus < corpus.count {
            pendingCorpus += 1
            return corpus[pendingCorpus - 1]
        }
        let choice = mutator.random.below(4)
        let base: [UInt8]
        if choice == 2, !acceptedPool.isEmpty {
            base = mutator.random.element(of: acceptedPool)
        } else if choice == 3, !novelPool.isEmpty {
            base = mutator.random.element(of: novelPool)
        } else {
            base = mutator.random.element(of: corpus)
        }
        let partners = mutator.random.chance(1, in: 2) || acceptedPool.isEmpty ? corpus : acceptedPool
        return mutator.mutate(base, pool: partners)
    }

    /// Runs the target on `input` and learns from the verdict.
    public mutating func run(_ input: [UInt8]) -> FuzzVerdict {
        runs += 1
        let verdict = target.run(input)
        switch verdict {
        case .accepted:
            if mutator.random.chance(1, in: 4) { FuzzSession.remember(input, in: &acceptedPool, limit: maximumPool, random: &mutator.random) }
        case .rejected(let message):
            if signatures.insert(FuzzSession.signature(message)).inserted {
                FuzzSession.remember(input, in: &novelPool, limit: maximumPool, random: &mutator.random)
            }
        case .finding:
            break
        }
        return verdict
    }

    private static func remember(_ input: [UInt8], in pool: inout [[UInt8]], limit: Int, random: inout FuzzRandom) {
        if pool.count < limit {
            pool.append(input)
        } else {
            pool[random.below(pool.count)] = input
        }
    }

    /// The message without the parts that vary with the input: everything from its
    /// first quote to its last (quoted values), and every word that is not plain ASCII
    /// letters (numbers, names).
    public static func signature(_ message: String) -> String {
        let isQuote: (Character) -> Bool = { $0 == "'" || $0 == "\"" }
        var kept = Substring(message)
        if let first = message.firstIndex(where: isQuote), let last = message.lastIndex(where: isQuote) {
            kept = message[..<first] + " … " + message[message.index(after: last)...]
        }
        return kept.split(whereSeparator: { $0 == " " || $0 == "\n" })
            .filter { word in word == "…" || word.allSatisfy { $0.isASCII && $0.isLetter } }
            .joined(separator: " ")
    }
}
