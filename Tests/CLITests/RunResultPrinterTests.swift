import Testing

@testable import msdb

/// The note a forced rerun prints when its outputs differ from the recorded ones.
@Suite struct ForcedRerunNoteTests {
    @Test func theNoteNamesBothThreadCountsOnlyWhenTheyDiffer() {
        let plain = "note: the forced rerun gave other outputs than the recorded ones"
        #expect(RunResultPrinter.differingRerunNote(recordedThreads: nil, threads: 1) == plain)
        #expect(RunResultPrinter.differingRerunNote(recordedThreads: 2, threads: 2) == plain)
        let note = RunResultPrinter.differingRerunNote(recordedThreads: 2, threads: 1)
        #expect(note.hasPrefix(plain + "; it ran on 1 BLAS thread, the recorded run on 2"))
        #expect(note.hasSuffix("(rerun with --threads 2)"))
    }
}
