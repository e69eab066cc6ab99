/// "Did you mean …?" suggestions by edit distance, for flags, commands, regions and fields.
public enum Suggestion {
    /// The candidate closest to `text` (case-insensitive Levenshtein distance), if it is
    /// close enough to be a plausible typo: at most a third of the text's length, and 3.
    /// Texts longer than 64 characters get no suggestion (no name is that long), and
    /// candidates whose length alone rules them out are skipped, so hostile input costs
    /// nothing.
    public static func closest(to text: String, among candidates: [String]) -> String? {
        guard text.count <= 64 else { return nil }
        let target = Array(text.lowercased())
        let limit = min(3, max(1, target.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where abs(candidate.count - target.count) <= limit {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        return best.distance <= limit ? best.candidate : nil
    }

    /// Levenshtein distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
