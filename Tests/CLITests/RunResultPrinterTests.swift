import Testing

@testable import msdb

/// The note a forced rerun prints when its outputs differ from the recorded ones.
@Suite struct ForcedRerunNoteTests {
    @Test func theNoteNamesBothThreadCountsOnlyWhenTheyDiffer() {
        let plain = "note: the forced rerun gave other outputs than the recorded ones"
        #expect(RunResultPrinter.differingRerunNote(recordedThreads: nil, threads: 1) == plain)
        #expect(RunResultPrinter.differingRerunNote(recordedThreads: 2, threads: 2) == plain)
        #expect(
            RunResultPrinter.differingRerunNote(recordedThreads: 2, threads: 1)
                == plain + " (the recorded run used 2 BLAS threads, this one 1)")
    }
}
