/// Binary search over anything sorted, by index: the checkers look values and times up
/// in sorted arrays of their own shapes.
enum SortedSearch {
    /// The first index in 0..<count where `isAtOrPast` holds, or `count` if none. Requires
    /// `isAtOrPast` to be false for a prefix of the indices and true for the rest.
    static func firstIndex(in count: Int, where isAtOrPast: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isAtOrPast(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
