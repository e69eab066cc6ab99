import Foundation
import Testing

@testable import GeoSim

@Suite struct KeyChooserTests {
    /// Chi-square statistic of observed counts against expected probabilities.
    static func chiSquare(observed: [Int], probabilities: [Double], draws: Int) -> Double {
        zip(observed, probabilities).reduce(0) { total, pair in
            let expected = pair.1 * Double(draws)
            let difference = Double(pair.0) - expected
            return total + difference * difference / expected
        }
    }

    @Test func uniformFrequencies() {
        let chooser = KeyChooser(keyCount: 10, popularity: .uniform)
        var random = RandomStream(seed: 11, component: "keys")
        let draws = 100_000
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<draws { counts[chooser.next(using: &random)] += 1 }
        // 9 degrees of freedom: mean 9, sd 4.2; 40 is exceeded with probability ~5e-6.
        let statistic = Self.chiSquare(observed: counts, probabilities: Array(repeating: 0.1, count: 10), draws: draws)
        #expect(statistic < 40, "chi-square \(statistic), counts \(counts)")
    }

    @Test(arguments: [0.99, 1.0, 1.2])
    func zipfTopRanksMatchClosedForm(exponent: Double) {
        let keyCount = 1_000
        let chooser = KeyChooser(keyCount: keyCount, popularity: .zipf(exponent))
        var random = RandomStream(seed: 5, component: "keys", index: Int(exponent * 100))
        let draws = 200_000
        var counts = [Int](repeating: 0, count: keyCount)
        for _ in 0..<draws {
            let key = chooser.next(using: &random)
            #expect(key >= 0 && key < keyCount)
            if key >= 0 && key < keyCount { counts[key] += 1 }
        }
        let weights = (1...keyCount).map { 1 / pow(Double($0), exponent) }
        let harmonic = weights.reduce(0, +)
        let top = 10
        let probabilities = weights.prefix(top).map { $0 / harmonic }
        // Cells: the top 10 ranks and "all others", 10 degrees of freedom (mean 10, sd 4.5).
        // With 200k draws the smallest cell expects thousands, so the chi-square law
        // applies; 45 is exceeded with probability ~2e-6 under the correct distribution,
        // while an exponent off by 0.02 moves rank 0 alone by ~13 sd.
        let observed = Array(counts.prefix(top)) + [counts.dropFirst(top).reduce(0, +)]
        let expected = probabilities + [1 - probabilities.reduce(0, +)]
        let statistic = Self.chiSquare(observed: observed, probabilities: expected, draws: draws)
        #expect(statistic < 45, "s=\(exponent): chi-square \(statistic), top counts \(counts.prefix(top))")
        // And the tail is populated down to the last key's order of magnitude.
        #expect(counts.suffix(100).reduce(0, +) > 0)
    }

    @Test func exponentNearOneMatchesOne() {
        // s = 1 ± 1e-12 must behave like s = 1, not divide 0 by 0.
        for exponent in [1 - 1e-12, 1 + 1e-12] {
            let near = KeyChooser(keyCount: 1_000, popularity: .zipf(exponent))
            let one = KeyChooser(keyCount: 1_000, popularity: .zipf(1))
            var a = RandomStream(seed: 9, component: "keys")
            var b = RandomStream(seed: 9, component: "keys")
            var differences = 0
            for _ in 0..<10_000 where near.next(using: &a) != one.next(using: &b) { differences += 1 }
            #expect(differences == 0)
        }
    }

    @Test func sameStreamSameKeys() {
        let chooser = KeyChooser(keyCount: 100_000, popularity: .zipf(0.99))
        var first = RandomStream(seed: 42, component: "client", index: 3)
        var second = RandomStream(seed: 42, component: "client", index: 3)
        let a = (0..<1_000).map { _ in chooser.next(using: &first) }
        let b = (0..<1_000).map { _ in chooser.next(using: &second) }
        #expect(a == b)
        var other = RandomStream(seed: 43, component: "client", index: 3)
        #expect(a != (0..<1_000).map { _ in chooser.next(using: &other) })
    }

    @Test func extremeKeyCounts() {
        var random = RandomStream(seed: 1, component: "keys")
        for popularity in [KeyChooser.Popularity.uniform, .zipf(0.5), .zipf(1), .zipf(3)] {
            let single = KeyChooser(keyCount: 1, popularity: popularity)
            for _ in 0..<100 { #expect(single.next(using: &random) == 0) }
            let huge = KeyChooser(keyCount: 1 << 40, popularity: popularity)
            var largest = 0
            for _ in 0..<1_000 {
                let key = huge.next(using: &random)
                #expect(key >= 0 && key < 1 << 40)
                largest = max(largest, key)
            }
            if popularity == .uniform || popularity == .zipf(0.5) { #expect(largest > 1 << 30) }
        }
        #expect(KeyChooser(keyCount: 0, popularity: .uniform).keyCount == 1)
        #expect(KeyChooser(keyCount: Int.max, popularity: .uniform).keyCount == 1 << 40)
        #expect(KeyChooser(keyCount: 10, popularity: .zipf(-1)).popularity == .uniform)
    }

    @Test(arguments: ["uniform", "zipf:0.99", "zipf:1", "zipf:1.2", "zipf:1e-07"])
    func parseAndDescribeRoundTrip(text: String) throws {
        let popularity = try KeyChooser.parsePopularity(text)
        #expect(popularity.description == text)
        #expect(try KeyChooser.parsePopularity(popularity.description) == popularity)
    }

    @Test func parsedValues() throws {
        #expect(try KeyChooser.parsePopularity("uniform") == .uniform)
        #expect(try KeyChooser.parsePopularity("zipf:0.99") == .zipf(0.99))
        #expect(try KeyChooser.parsePopularity(" zipf:2 ") == .zipf(2))
    }

    @Test(arguments: [
        "", "zipf", "zipf:", "zipf:0", "zipf:-1", "zipf:nan", "zipf:inf", "zipf:abc",
        "zipf:0x1p3", "uniform:1", "zipff:1", "normal", "Zipf:1",
    ])
    func parseErrors(text: String) {
        #expect(throws: UsageError.self) { try KeyChooser.parsePopularity(text) }
        do {
            _ = try KeyChooser.parsePopularity(text)
        } catch {
            #expect(error.hint?.contains("zipf:S") == true)
            #expect(error.message.contains("'\(text)'"))
        }
    }

    @Test func parseErrorMessagesSayWhy() {
        func message(_ text: String) -> String {
            do {
                _ = try KeyChooser.parsePopularity(text)
                return ""
            } catch { return error.description }
        }
        #expect(message("zipf:0").contains("greater than 0"))
        #expect(message("zipf:abc").contains("not a number"))
        #expect(message("zipff:1").contains("Did you mean 'zipf'?"))
        #expect(message("zipf").contains("needs an exponent"))
    }
}
