/// A deterministic mutation engine: takes an input from the pool and applies one to four
/// random edits (bit flips, byte changes, token insertions, deletions, duplications,
/// truncation, number swaps, deep nesting, splices with another pool entry).
public struct FuzzMutator: Sendable {
    /// The longest input produced; longer results are cut.
    public var maximumLength: Int
    public var random: FuzzRandom
    /// The tokens inserted: `FuzzDictionary.interesting` and the corpus's words.
    public let tokens: [[UInt8]]

    public init(seed: UInt64, corpus: [[UInt8]], maximumLength: Int = 4096) {
        random = FuzzRandom(seed: seed)
        self.maximumLength = maximumLength
        tokens = (FuzzDictionary.interesting + FuzzDictionary.words(from: corpus)).map { Array($0.utf8) }
    }

    /// A mutant of `input`; `pool` supplies splice partners.
    public mutating func mutate(_ input: [UInt8], pool: [[UInt8]]) -> [UInt8] {
        var data = input
        let edits = 1 + random.below(4)
        for _ in 0..<edits { edit(&data, pool: pool) }
        if data.count > maximumLength { data.removeLast(data.count - maximumLength) }
        return data
    }

    private mutating func edit(_ data: inout [UInt8], pool: [[UInt8]]) {
        switch random.below(14) {
        case 0 where !data.isEmpty:  // flip one bit
            let index = random.below(data.count)
            data[index] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !data.isEmpty:  // replace a byte with an interesting one
            let index = random.below(data.count)
            data[index] = random.element(of: [
                0, 0x7F, 0x80, 0xC0, 0xFF, 0x22, 0x5C, 0x2C, 0x40, 0x2E, 0x2D, 0x20, 0x7B, 0x5D,
                UInt8(truncatingIfNeeded: random.next()),
            ])
        case 2, 3, 4:  // insert a token
            let token = random.element(of: tokens)
            data.insert(contentsOf: token, at: random.below(data.count + 1))
        case 5 where !data.isEmpty:  // delete a range
            let start = random.below(data.count)
            let length = 1 + random.below(min(16, data.count - start))
            data.removeSubrange(start..<(start + length))
        case 6 where !data.isEmpty:  // duplicate a range
            let start = random.below(data.count)
            let length = 1 + random.below(min(32, data.count - start))
            let chunk = Array(data[start..<(start + length)])
            let times = random.chance(1, in: 8) ? 50 : 1
            for _ in 0..<times { data.insert(contentsOf: chunk, at: start) }
        case 7 where !data.isEmpty:  // truncate
            data.removeLast(random.below(data.count) + 1)
        case 8:  // replace a number (or any digit run) with a hostile one
            replaceNumber(&data)
        case 9:  // deep nesting around or inside the input
            let depth = random.chance(1, in: 4) ? 300 + random.below(2000) : 1 + random.below(20)
            let open = random.chance(1, in: 2) ? Array("[".utf8) : Array("{\"a\":".utf8)
            let close = open.count == 1 ? Array("]".utf8) : Array("}".utf8)
            let at = random.below(data.count + 1)
            var nested: [UInt8] = []
            for _ in 0..<depth { nested += open }
            let tail = random.chance(1, in: 2) ? Array(repeating: close[0], count: depth) : []
            data.insert(contentsOf: nested + Array("1".utf8) + tail, at: at)
        case 10 where !pool.isEmpty:  // splice: a prefix of this, a suffix of another
            let other = random.element(of: pool)
            let cut = random.below(data.count + 1)
            let from = random.below(other.count + 1)
            data = Array(data[..<cut]) + Array(other[from...])
        case 11 where data.count > 1:  // swap two bytes
            let a = random.below(data.count)
            let b = random.below(data.count)
            data.swapAt(a, b)
        case 12 where !data.isEmpty:  // replace a range with a token
            let start = random.below(data.count)
            let length = 1 + random.below(min(8, data.count - start))
            data.replaceSubrange(start..<(start + length), with: random.element(of: tokens))
        default:  // insert random bytes
            let count = 1 + random.below(4)
            for _ in 0..<count {
                data.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(data.count + 1))
            }
        }
    }

    /// Numbers worth trying where a number stands.
    static let numbers: [String] = [
        "0", "-0", "1", "-1", "0.0001", "1e309", "1e-400", "1e18", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "4.9e-324", "1.7976931348623157e308", "1e300", "2147483648", "1000", "1001", "1e6",
        "0.5", "0.4999999", "0.5000001", "NaN", "inf", "99999999999999999999", "3.0000000000000004",
    ]

    /// Replaces the digit run at or after a random position with a hostile number.
    private mutating func replaceNumber(_ data: inout [UInt8]) {
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let number = Array(random.element(of: FuzzMutator.numbers).utf8)
        guard !data.isEmpty else {
            data = number
            return
        }
        var start = random.below(data.count)
        while start < data.count, !isDigit(data[start]) { start += 1 }
        if start == data.count {
            start = 0
            while start < data.count, !isDigit(data[start]) { start += 1 }
        }
        guard start < data.count else {
            data.insert(contentsOf: number, at: random.below(data.count + 1))
            return
        }
        var end = start
        while end < data.count, isDigit(data[end]) || data[end] == UInt8(ascii: ".") || data[end] == UInt8(ascii: "e") { end += 1 }
        data.replaceSubrange(start..<end, with: number)
    }
}
