public import Runs

/// A selection of a plan's runs by their 1-based positions in `ReproductionPlan.runs` (the numbers
/// `reproduce --dry-run` lists and progress lines show), so independent processes (local jobs,
/// Slurm array tasks) can each compute their share of one plan.
public struct PlanEntries: Sendable, Equatable {
    /// The selected positions, ascending, each in `1...count`.
    public let positions: [Int]

    /// Parses `text` such as `3`, `1-5` or `1-5,8,10-12` against a plan of `count` runs.
    ///
    /// - Throws: `RunError.invalidParameter` (named `entries`) for malformed text, a reversed range,
    ///   or a position outside `1...count`.
    public init(parsing text: String, count: Int) throws(RunError) {
        func bad(_ reason: String) -> RunError { .invalidParameter(name: "entries", reason: reason) }
        var selected = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]),
                let high = Int(bounds[bounds.count - 1])
            else { throw bad("'\(item)' is not a position or a range such as 1-5") }
            guard low <= high else { throw bad("the range \(item) runs backwards") }
            guard low >= 1, high <= count else {
                throw bad("\(item) is outside the plan's runs 1–\(count)")
            }
            selected.formUnion(low...high)
        }
        positions = selected.sorted()
    }

    /// Every run of a plan of `count` runs.
    public init(all count: Int) {
        positions = count > 0 ? Array(1...count) : []
    }

    /// The selection as text in the form `init(parsing:count:)` reads, ranges merged: `1-5,8`.
    public var text: String {
        var parts: [String] = []
        var index = positions.startIndex
        while index < positions.endIndex {
            var end = index
            while end + 1 < positions.endIndex, positions[end + 1] == positions[end] + 1 { end += 1 }
            parts.append(end == index ? "\(positions[index])" : "\(positions[index])-\(positions[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// Whether position `position` (1-based) is selected.
    public func contains(_ position: Int) -> Bool {
        positions.contains(position)
    }
}
