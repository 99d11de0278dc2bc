import Reproduction
import Runs
import Testing

@Suite struct PlanEntriesTests {
    @Test func positionsAndRangesAreReadMergedAndWrittenBack() throws {
        let entries = try PlanEntries(parsing: "8,1-3,2,5-6", count: 10)
        #expect(entries.positions == [1, 2, 3, 5, 6, 8])
        #expect(entries.text == "1-3,5-6,8")
        #expect(try PlanEntries(parsing: entries.text, count: 10) == entries)
        #expect(entries.contains(5) && !entries.contains(4))
        #expect(PlanEntries(all: 4).text == "1-4")
        #expect(PlanEntries(all: 0).positions.isEmpty)
    }

    @Test(arguments: [
        ("0", "0 is outside the plan's runs 1–10"), ("11", "11 is outside the plan's runs 1–10"),
        ("4-2", "the range 4-2 runs backwards"), ("", "'' is not a position"),
        ("1,,2", "'' is not a position"),
        ("1-2-3", "'1-2-3' is not a position"), ("-1", "'-1' is not a position"),
    ])
    func malformedOrOutOfRangeSelectionsAreRefused(text: String, reason: String) {
        #expect {
            try PlanEntries(parsing: text, count: 10)
        } throws: { error in
            guard case RunError.invalidParameter(name: "entries", let message) = error else { return false }
            return message.hasPrefix(reason)
        }
    }
}
